import express, { type Router } from "express";
import { ValidationError } from "../../errors.js";
import { queryOf } from "../../http/query.js";
import { requireRole } from "../../middleware/require-role.js";
import type { Services } from "../../services.js";
import { formErrors, PHOTOS_TOO_LARGE, readReportForm, renderReportForm } from "./report-form.js";
import { listRow, pager } from "./view.js";

const PAGE_SIZE = 20;

const FORM_PAGE = {
  title: "上报",
  formAction: "/grid/reports",
  backHref: "/grid",
  backLabel: "返回我的上报",
};

/**
 * The grid worker's phone pages: /grid (a big 上报 button, my reports newest first) and the
 * report form, posted to the same service method as POST /api/v1/reports.
 */
export function workerRoutes(services: Services): Router {
  const router = express.Router();
  const worker = requireRole("grid_worker");

  router.get("/grid", worker, async (req, res) => {
    const user = req.user!;
    const page = Math.max(1, Number(queryOf(req).page) || 1);
    const [list, grid] = await Promise.all([
      services.grid.list(user, { page, pageSize: PAGE_SIZE }),
      services.grid.gridOf(user),
    ]);
    const now = services.clock.now();
    const region = grid ? await services.regions.find(grid) : null;
    res.render("pages/grid/home", {
      title: "网格上报",
      gridName: region?.name ?? "未设置网格",
      centreName: user.organisation.name,
      reports: [...list.items]
        .sort((a, b) => b.reportedAt.localeCompare(a.reportedAt))
        .map((r) => listRow(r, now)),
      pager: pager("/grid", list.page, list.pageSize, list.total),
      done: queryOf(req).done === "reported" ? "已上报，综治中心会尽快分流处理。" : null,
    });
  });

  router.get("/grid/reports/new", worker, async (req, res) => {
    const tooLarge = queryOf(req).error === "too-large";
    await renderReportForm(
      services,
      res,
      req.user!,
      FORM_PAGE,
      200,
      {},
      tooLarge ? { limited: PHOTOS_TOO_LARGE } : {},
    );
  });

  router.post("/grid/reports", worker, async (req, res) => {
    const { values, input, photos, photoFields } = readReportForm(req.body);
    try {
      const { id } = await services.grid.report(req.user!, input, photos);
      res.redirect(303, `/grid/reports/${id}?done=reported`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = formErrors(err.errors, values, photoFields);
      await renderReportForm(services, res, req.user!, FORM_PAGE, 400, values, { errors });
    }
  });

  return router;
}
