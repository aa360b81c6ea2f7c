import express, { type Router } from "express";
import { idParam } from "../../http/ids.js";
import type { Services } from "../../services.js";

/**
 * The party's part of the joint application for judicial confirmation (api.md "People in the
 * dispute"): `GET /portal/cases/{id}/confirmation` → where it stands (window, court, materials,
 * who agreed, the court's steps); `POST /portal/cases/{id}/confirmation {code, agree: true}` →
 * 200 `{agreedAt, applied}` — `applied: true` when this was the last party and the application
 * went to the court. 400 (`code`, `agree`), 404, 409 (nothing to apply for, applied or agreed
 * already), 422 after the 30 days (RL33).
 */
export function portalConfirmationApiRoutes({ onlineConfirmation }: Services): Router {
  const router = express.Router();

  router.get("/cases/:id/confirmation", async (req, res) => {
    res.json(await onlineConfirmation.overview(res.locals.partyPhone!, idParam(req.params.id)));
  });

  router.post("/cases/:id/confirmation", async (req, res) => {
    const result = await onlineConfirmation.agree(res.locals.partyPhone!, idParam(req.params.id), req.body, {
      ip: req.ip ?? "unknown",
      userAgent: req.get("user-agent") ?? null,
    });
    res.json(result);
  });

  return router;
}
