import express, { type Router } from "express";
import type { Services } from "../services.js";

/** 200 when the database answers, 503 when it does not. */
export function healthRoutes({ database }: Services): Router {
  const router = express.Router();
  router.get("/healthz", async (_req, res) => {
    try {
      await database.ping();
      res.json({ status: "ok", database: "ok" });
    } catch {
      res.status(503).json({ status: "error", database: "unreachable" });
    }
  });
  return router;
}
