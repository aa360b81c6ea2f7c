import express, { type Request, type Response, type Router } from "express";
import { chineseDate } from "../documents/chinese-format.js";
import { viewCsv, viewXlsx, ministryXlsx, type ExportMeta } from "../reports/exports.js";
import { ministryPdf } from "../reports/ministry-pdf.js";
import { ministryTable } from "../reports/ministry.js";
import { parsePageQuery, statsPageModel, type PageParams } from "../reports/page.js";
import { GROUP_BY_LABELS } from "../reports/service.js";
import type { Services } from "../services.js";
import { queryOf } from "../http/query.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A download with a Chinese file name (RFC 6266 / 5987) and a plain fallback. */
function download(res: Response, type: string, name: string, fallback: string, body: Buffer): void {
  res
    .status(200)
    .type(type)
    .set(
      "Content-Disposition",
      `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .send(body);
}

/** The statistics page and its downloads, for justice officers and committee directors (403 for others). */
export function statsRoutes(services: Services): Router {
  const router = express.Router();
  const stats = services.stats;

  const params = (req: Request) => parsePageQuery(stats, req.user!, queryOf(req));

  async function meta(req: Request, p: PageParams, title: string): Promise<ExportMeta> {
    const place = p.region ?? p.home;
    return {
      title,
      scope: `${req.user!.organisation.name}（${place.name}）`,
      period: `${p.period.label}（${chineseDate(p.period.from)}至${chineseDate(p.period.to)}）`,
      groupBy: GROUP_BY_LABELS[p.groupBy],
      asOf: chineseDate(stats.today()),
    };
  }

  const slug = (p: PageParams) => `${(p.region ?? p.home).code}_${p.period.from}_${p.period.to}`;

  router.get("/stats", async (req, res) => {
    const p = await params(req);
    res
      .status(p.errors.length ? 400 : 200)
      .render("pages/stats/index", await statsPageModel(stats, req.user!, p));
  });

  /** The current view (period, place, grouping) with every figure, as the page and the API count it. */
  async function currentView(req: Request) {
    const p = await params(req);
    const result = await stats.stats(req.user!, {
      from: p.period.from,
      to: p.period.to,
      region: p.region?.code ?? null,
      groupBy: p.groupBy,
    });
    return {
      p,
      rows: result.groups.map((g) => ({ name: g.name, figures: g })),
      total: { name: "合计", figures: result.totals },
    };
  }

  router.get("/stats/export.xlsx", async (req, res) => {
    const { p, rows, total } = await currentView(req);
    const body = await viewXlsx(await meta(req, p, "人民调解工作统计表"), rows, total);
    download(res, XLSX, `人民调解统计_${p.period.label}.xlsx`, `stats_${slug(p)}.xlsx`, body);
  });

  router.get("/stats/export.csv", async (req, res) => {
    const { p, rows, total } = await currentView(req);
    download(
      res,
      "text/csv; charset=utf-8",
      `人民调解统计_${p.period.label}.csv`,
      `stats_${slug(p)}.csv`,
      viewCsv(rows, total),
    );
  });

  async function ministry(req: Request) {
    const p = await params(req);
    await stats.refresh();
    const scope = await stats.scopeOf(req.user!);
    const table = await stats.read((db) =>
      ministryTable(stats, db, req.user!, scope, {
        from: p.period.from,
        to: p.period.to,
        region: p.region?.code ?? null,
      }),
    );
    return { p, table, meta: await meta(req, p, "人民调解案件统计表") };
  }

  router.get("/stats/ministry.xlsx", async (req, res) => {
    const { p, table, meta: m } = await ministry(req);
    download(
      res,
      XLSX,
      `人民调解案件统计表_${p.period.label}.xlsx`,
      `ministry_${slug(p)}.xlsx`,
      await ministryXlsx(m, table),
    );
  });

  router.get("/stats/ministry.pdf", async (req, res) => {
    const { p, table, meta: m } = await ministry(req);
    download(
      res,
      "application/pdf",
      `人民调解案件统计表_${p.period.label}.pdf`,
      `ministry_${slug(p)}.pdf`,
      await ministryPdf(m, table),
    );
  });

  return router;
}
