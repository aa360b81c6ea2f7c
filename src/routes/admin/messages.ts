import express, { type Router } from "express";
import { ValidationError } from "../../errors.js";
import { queryOf } from "../../http/query.js";
import type { Services } from "../../services.js";

const STATUS_TEXT = { queued: "待发送", sent: "已发送", failed: "发送失败" } as const;

/**
 * /admin/messages: the SMS outbox. Mounted beside the admin pages, not under their admin-only
 * guard: a director sees their committee's messages too (the service decides, as for the API).
 */
export function messageRoutes({ messages }: Services): Router {
  const router = express.Router();
  router.get("/", async (req, res) => {
    const query = queryOf(req);
    const filter = { to: query.to ?? "", caseId: query.caseId ?? "" };
    try {
      const items = await messages.list(req.user!, { to: query.to, caseId: query.caseId });
      res.render("pages/admin/messages", {
        title: "短信记录",
        filter,
        items: items.map((m) => ({ ...m, statusText: STATUS_TEXT[m.status] })),
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res
        .status(400)
        .render("pages/admin/messages", { title: "短信记录", filter, errors: err.errors, items: [] });
    }
  });
  return router;
}
