import express, { type Router } from "express";
import { idParam } from "../../http/ids.js";
import type { Services } from "../../services.js";

/**
 * `POST /api/v1/portal/cases/{id}/rating {satisfaction, comment?}` (api.md): a party rates a
 * concluded case once. 201 with the rating; 400 naming 满意度; 404 for a case the phone is not a
 * party or agent on; 409 before the case concluded or for a second rating.
 */
export function portalRatingApiRoutes({ ratings }: Services): Router {
  const router = express.Router();
  router.post("/cases/:id/rating", async (req, res) => {
    const rating = await ratings.rate(res.locals.partyPhone!, idParam(req.params.id), req.body);
    res.status(201).json(rating);
  });
  return router;
}
