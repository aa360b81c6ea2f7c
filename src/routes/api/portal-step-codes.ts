import express, { type Router } from "express";
import { sendProblem } from "../../http/problem.js";
import { idParam } from "../../http/ids.js";
import type { Services } from "../../services.js";

/**
 * `POST /portal/cases/{id}/codes {purpose: sign|confirm}` → 202 `{expiresAt}`: a fresh SMS code
 * for the party's step on the case (src/portal/step-codes.ts). 400 naming `purpose`; 404 for a
 * case the phone is no party's or agent's on; 429 with Retry-After when asked too often.
 */
export function portalStepCodeApiRoutes({ portal }: Services): Router {
  const router = express.Router();

  router.post("/cases/:id/codes", async (req, res) => {
    const id = idParam(req.params.id);
    const result = await portal.stepCodes.request(res.locals.partyPhone!, id, req.body, req.ip ?? "unknown");
    if (result.outcome === "limited") {
      res.set("Retry-After", String(result.retryAfterSeconds));
      return sendProblem(res, 429, result.message);
    }
    res.status(202).json({ expiresAt: result.expiresAt });
  });

  return router;
}
