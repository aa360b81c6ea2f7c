import express, { type Router } from "express";
import type { Services } from "../../services.js";

const PAGE_SIZE = 50;

/** The audit trail: who changed what, when, with before and after. */
export function auditRoutes({ knex }: Services): Router {
  const router = express.Router();
  router.get("/", async (req, res) => {
    const page = Math.max(1, Number.parseInt(String(req.query.page ?? "1"), 10) || 1);
    const [total, rows] = await Promise.all([
      knex("audit_events").count({ n: "*" }).first(),
      knex("audit_events as a")
        .leftJoin("users as u", "u.id", "a.actor_user_id")
        .select("a.*", "u.display_name as actor_name")
        .orderBy("a.id", "desc")
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE),
    ]);
    const count = Number(total?.n ?? 0);
    res.render("pages/admin/audit", {
      title: "操作日志",
      events: rows,
      page,
      prevPage: page > 1 ? page - 1 : null,
      nextPage: page * PAGE_SIZE < count ? page + 1 : null,
      total: count,
    });
  });
  return router;
}
