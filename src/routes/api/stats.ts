import express, { type Router } from "express";
import { assertCanSeeStats } from "../../reports/access.js";
import { statsJson } from "../../reports/json.js";
import type { Services } from "../../services.js";
import { queryOf } from "../../http/query.js";

/** GET /api/v1/stats?region=&from=&to=&groupBy=: for the roles of the statistics page, over the cases they may see. */
export function statsApiRoutes(services: Services): Router {
  const router = express.Router();
  router.get("/stats", async (req, res) => {
    assertCanSeeStats(req.user!);
    const params = await services.stats.parseQuery(queryOf(req));
    res.json(statsJson(await services.stats.stats(req.user!, params)));
  });
  return router;
}
