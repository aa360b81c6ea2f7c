import express, { type Request, type Router } from "express";
import { chineseDate } from "../documents/chinese-format.js";
import { gridXlsx } from "../grid-analysis/export.js";
import { analysisPeriod, figureCards, quickPeriods } from "../grid-analysis/page.js";
import { queryOf } from "../http/query.js";
import type { Services } from "../services.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** 研判 (/analysis) for a centre's dispatcher and the justice bureau; 404 for anyone else. */
export function analysisRoutes(services: Services): Router {
  const router = express.Router();
  const analysis = services.analysis;

  async function load(req: Request) {
    const query = queryOf(req);
    const region = /^\d{12}$/.test(query.region ?? "") ? query.region! : null;
    analysis.area(req.user!, region);
    const today = analysis.today();
    const { period, errors } = analysisPeriod(query, today);
    const result = await analysis.analysis(req.user!, { from: period.from, to: period.to }, region);
    return { query, region, today, period, errors, result };
  }

  router.get("/analysis", async (req, res) => {
    const { query, region, today, period, errors, result } = await load(req);
    const exportQuery = new URLSearchParams({
      from: period.from,
      to: period.to,
      ...(region ? { region } : {}),
    });
    res.status(errors.length ? 400 : 200).render("pages/analysis/index", {
      title: "研判分析",
      period,
      errors,
      values: query,
      quick: quickPeriods(today, region),
      a: result,
      cards: figureCards(result),
      topSpots: result.hotSpots.filter((s) => s.n > 0 || s.previous > 0).slice(0, 20),
      previousLabel: `${chineseDate(result.previous.from)}至${chineseDate(result.previous.to)}`,
      exportHref: `/analysis/export.xlsx?${exportQuery.toString()}`,
      scopeName: req.user!.organisation.name,
    });
  });

  router.get("/analysis/export.xlsx", async (req, res) => {
    const { period, result } = await load(req);
    const body = await gridXlsx(
      {
        scope: req.user!.organisation.name,
        period: `${period.label}（${chineseDate(period.from)}至${chineseDate(period.to)}）`,
        asOf: chineseDate(analysis.today()),
      },
      result.figures,
      result.hotSpots,
      result.workOrders,
    );
    const name = `网格研判_${period.label}.xlsx`;
    res
      .status(200)
      .type(XLSX)
      .set(
        "Content-Disposition",
        `attachment; filename="grid_${period.from}_${period.to}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      )
      .send(body);
  });

  return router;
}
