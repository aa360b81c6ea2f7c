import express, { type Router } from "express";
import { sendProblem } from "../../http/problem.js";
import type { Services } from "../../services.js";

/**
 * `POST /api/v1/portal/applications` (api.md "People in the dispute"): a party applies for
 * mediation; the applicant's phone is the token's phone. 201 `{id, trackingCode, status}`; 400
 * naming the field; 429 past the daily limit per phone.
 */
export function portalApplicationApiRoutes({ portal }: Services): Router {
  const router = express.Router();
  router.post("/applications", async (req, res) => {
    const result = await portal.applications.apply(res.locals.partyPhone!, req.body ?? {});
    if (result.outcome === "limited") {
      res.set("Retry-After", String(result.retryAfterSeconds));
      return sendProblem(res, 429, result.message);
    }
    res
      .status(201)
      .location(`/api/v1/portal/cases/${result.id}`)
      .json({ id: result.id, trackingCode: result.trackingCode, status: result.status });
  });
  return router;
}
