import express, { type Router } from "express";
import { z } from "zod";
import { isoDate } from "../../reports/periods.js";
import type { Services } from "../../services.js";
import { queryOf } from "../../http/query.js";
import { parseOrThrow } from "../../validation.js";

const query = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    region: z
      .string()
      .regex(/^\d{12}$/, "region 应为 12 位区划代码")
      .optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "结束日期不能早于开始日期" });

/**
 * GET /api/v1/grid/stats?from=&to=&region=: the grid's figures (研判) for a centre's dispatcher
 * (its area), an officer (their region) or an admin; 404 for others or a region outside the area.
 * Default period: this month up to today.
 */
export function gridStatsApiRoutes(services: Services): Router {
  const router = express.Router();
  router.get("/grid/stats", async (req, res) => {
    const q = parseOrThrow(query, queryOf(req));
    const today = services.analysis.today();
    const from = q.from ?? `${today.slice(0, 7)}-01`;
    const to = q.to ?? (from > today ? from : today);
    const f = await services.analysis.figures(req.user!, { from, to }, q.region ?? null);
    res.json({
      from,
      to,
      region: q.region ?? null,
      reported: f.reported,
      finished: f.finished,
      finishRate: f.finishRate.rate,
      byCategory: Object.fromEntries(f.byCategory.map((c) => [c.code, c.n])),
      bySource: Object.fromEntries(f.bySource.map((c) => [c.code, c.n])),
      dispatchedWithinDay: f.dispatchedWithinDay,
      closedOnTime: f.closedOnTime,
      satisfaction: f.satisfaction,
      line: f.line,
    });
  });
  return router;
}
