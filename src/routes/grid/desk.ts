import express, { type Router } from "express";
import type { GridStatus, ReportListItem } from "../../grid/types.js";
import { queryOf } from "../../http/query.js";
import { requireRole } from "../../middleware/require-role.js";
import type { SessionUser } from "../../people/scope.js";
import type { Services } from "../../services.js";
import { listRow, pager } from "./view.js";

/** Open reports are listed whole (a centre has tens, not thousands); the finished ones by page. */
const OPEN_LIMIT = 200;
const DONE_PAGE = 20;

const oldestFirst = (a: ReportListItem, b: ReportListItem) => a.reportedAt.localeCompare(b.reportedAt);
const dueFirst = (a: ReportListItem, b: ReportListItem) =>
  (a.dueOn ?? "9999").localeCompare(b.dueOn ?? "9999") || oldestFirst(a, b);
const latestFirst = (a: ReportListItem, b: ReportListItem) =>
  (b.doneOn ?? b.reportedAt).localeCompare(a.doneOn ?? a.reportedAt);

/**
 * The centre's dispatch desk (/grid/desk, a dispatcher's home) and a department's work orders
 * (/grid/orders): what waits first, oldest first with its age; then what is out, nearest due
 * date first with the overdue marked; then the finished, latest first.
 */
export function deskRoutes(services: Services): Router {
  const router = express.Router();
  const now = () => services.clock.now();

  async function listed(user: SessionUser, status: GridStatus, page = 1, pageSize = OPEN_LIMIT) {
    return services.grid.list(user, { status, page, pageSize });
  }

  /** Done and closed together, newest first: one page of each is enough for a page of both. */
  async function finished(user: SessionUser, page: number, statuses: GridStatus[]) {
    const pages = await Promise.all(statuses.map((s) => listed(user, s, page, DONE_PAGE)));
    const items = pages.flatMap((p) => p.items).sort(latestFirst);
    const total = Math.max(...pages.map((p) => p.total));
    return { items, total };
  }

  router.get("/grid/desk", requireRole("dispatcher"), async (req, res) => {
    const user = req.user!;
    const page = Math.max(1, Math.floor(Number(queryOf(req).page)) || 1);
    const [waiting, out, done, figures, watchOverdue] = await Promise.all([
      listed(user, "new"),
      listed(user, "dispatched"),
      finished(user, page, ["done", "closed"]),
      services.analysis.deskFigures(user),
      services.watch.overdueCount(user),
    ]);
    const at = now();
    const dispatched = [...out.items].sort(dueFirst).map((r) => listRow(r, at));
    res.render("pages/grid/desk", {
      title: "综治中心调度台",
      centreName: user.organisation.name,
      waiting: [...waiting.items].sort(oldestFirst).map((r) => listRow(r, at)),
      dispatched,
      overdueCount: dispatched.filter((r) => r.due.overdue).length,
      finished: done.items.map((r) => ({ ...listRow(r, at) })),
      pager: pager("/grid/desk", page, DONE_PAGE, done.total),
      ...figures,
      watchOverdue,
    });
  });

  router.get("/grid/orders", requireRole("department_staff"), async (req, res) => {
    const user = req.user!;
    const page = Math.max(1, Math.floor(Number(queryOf(req).page)) || 1);
    const [open, done] = await Promise.all([listed(user, "dispatched"), finished(user, page, ["done"])]);
    const at = now();
    const rows = [...open.items].sort(dueFirst).map((r) => listRow(r, at));
    res.render("pages/grid/orders", {
      title: "工单",
      orgName: user.organisation.name,
      open: rows,
      overdueCount: rows.filter((r) => r.due.overdue).length,
      finished: done.items.map((r) => listRow(r, at)),
      pager: pager("/grid/orders", page, DONE_PAGE, done.total),
    });
  });

  return router;
}
