import express, { type Router } from "express";
import { queryOf } from "../../http/query.js";
import type { Services } from "../../services.js";

/** GET /api/v1/messages?to=&caseId=: the outbox (admin; a director for their committee's cases). */
export function messageApiRoutes(services: Services): Router {
  const router = express.Router();
  router.get("/messages", async (req, res) => {
    const items = await services.messages.list(req.user!, queryOf(req));
    res.json(
      items.map((m) => ({
        id: m.id,
        to: m.to,
        channel: m.channel,
        template: m.template,
        text: m.text,
        status: m.status,
        attempts: m.attempts,
        createdAt: m.createdAt,
        ...(m.sentAt ? { sentAt: m.sentAt } : {}),
        ...(m.lastError ? { lastError: m.lastError } : {}),
        ...(m.caseId !== null ? { caseId: m.caseId } : {}),
      })),
    );
  });
  return router;
}
