import path from "node:path";
import express, { type Router } from "express";

export function setUpStaticResources(root: string): Router {
  const router = express.Router();
  router.use("/static", express.static(path.join(root, "public"), { maxAge: "1h", index: false }));
  return router;
}
