import express, { type Router } from "express";
import type { Services } from "../../services.js";

const PAGE_SIZE = 50;

/** The audit trail: who changed what, when, with before and after. */
export function auditRoutes({ audit }: Services): Router {
  const router = express.Router();
  router.get("/", async (req, res) => {
    const page = Math.max(1, Number.parseInt(String(req.query.page ?? "1"), 10) || 1);
    const { events, total } = await audit.page(page, PAGE_SIZE);
    res.render("pages/admin/audit", {
      title: "操作日志",
      events,
      page,
      prevPage: page > 1 ? page - 1 : null,
      nextPage: page * PAGE_SIZE < total ? page + 1 : null,
      total,
    });
  });
  return router;
}
