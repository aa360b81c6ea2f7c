import express, { type Router } from "express";
import { assertCanSeeStats } from "../../reports/access.js";
import type { StatsResult } from "../../reports/service.js";
import type { Services } from "../../services.js";
import { queryOf } from "./cases.js";

/** The API's shape of a result (api.md "Statistics"): rates are fractions, null without a denominator. */
export function statsJson(r: StatsResult) {
  return {
    from: r.from,
    to: r.to,
    asOf: r.today,
    region: r.region ? { code: r.region.code, name: r.region.name, level: r.region.level } : null,
    groupBy: r.groupBy,
    totals: r.totals,
    groups: r.groups.map(({ drill, ...g }) => ({
      ...g,
      ...(r.groupBy === "region" ? { regionCode: drill } : {}),
    })),
  };
}

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
