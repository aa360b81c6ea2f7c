import express, { type Router } from "express";
import { STATUS_LABELS, STATUSES } from "../cases/lifecycle.js";
import type { SessionUser } from "../people/scope.js";
import { OrganisationService } from "../places/organisations.js";
import { primaryRole } from "../people/roles.js";
import type { Services } from "../services.js";

const TITLES = {
  admin: "系统管理",
  judge: "法官工作台",
  officer: "司法行政工作台",
  director: "调委会主任工作台",
  clerk: "登记员工作台",
  mediator: "调解员工作台",
  grid_worker: "网格员",
  dispatcher: "综治中心调度台",
  department_staff: "职能部门工单",
} as const;

/** Where the grid's roles land instead of a case desk. */
const GRID_HOMES = {
  grid_worker: "/grid",
  dispatcher: "/grid/desk",
  department_staff: "/grid/orders",
} as const;

/** How many overdue cases a desk lists; the rest are one link away (/cases?overdue=1). */
export const OVERDUE_SHOWN = 5;

type Page = Awaited<ReturnType<Services["cases"]["list"]>>;
type Item = Page["items"][number];

const isOpen = (c: Item) => c.status !== "closed" && c.status !== "declined";

/** Nearest deadline first (今日到期 before 还有 3 天); cases without one after, newest first. */
const byDeadline = (a: Item, b: Item) => (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity);

/** Counts by status, in lifecycle order, for the tiles on a desk. */
function statusTiles(counts: Record<string, number>) {
  return STATUSES.filter((s) => counts[s]).map((s) => ({ status: s, label: STATUS_LABELS[s], n: counts[s] }));
}

/**
 * The desk's 已逾期 group: the count (src/cases/overdue.ts, the same as /cases?overdue=1 and
 * /stats for the same scope) and the first few, each named by its deadline.
 */
async function overdueGroup(services: Services, user: SessionUser, mine = false) {
  const page = await services.cases.list(user, { overdue: true, mine, pageSize: OVERDUE_SHOWN });
  const href = mine ? "/cases?overdue=1&mine=1" : "/cases?overdue=1";
  return { items: page.items, total: page.total, more: page.total > page.items.length, href };
}

/** Open cases not overdue (those are in the 已逾期 group), nearest deadline first. */
const currentOnly = (page: Page) => page.items.filter((c) => isOpen(c) && !c.overdue).sort(byDeadline);

/** Each role lands on its own desk, what that role must act on first. */
export function homeRoutes(services: Services): Router {
  const router = express.Router();

  router.get("/", async (req, res) => {
    const user = req.user!;
    const role = primaryRole(user.roles);
    // The grid's people work on their own pages (src/routes/grid/): the phone page, the dispatch
    // desk, the work orders.
    const gridHome = GRID_HOMES[role as keyof typeof GRID_HOMES];
    if (gridHome) return res.redirect(303, gridHome);
    const org = await services.organisations.get(user.organisation.id);
    const regionPath = await services.regions.pathNames(org.regionCode, org.regionLevel);
    const data: Record<string, unknown> = { title: TITLES[role], role, org, regionPath };

    if (role === "admin") {
      const [users, organisations, regions, events] = await Promise.all([
        services.users.count(),
        services.organisations.count(),
        services.regions.count(),
        services.audit.recent(10),
      ]);
      Object.assign(data, { counts: { users, organisations, regions }, events });
    } else if (role === "officer" || role === "judge") {
      // Officers supervise, and a basic court serves, every committee in their region subtree.
      const area = await services.organisations.list({ regionPrefix: OrganisationService.areaPrefix(org) });
      data.organisations = area.filter((o) => o.id !== org.id);
      data.committees = area.filter((o) => o.kind.endsWith("committee") || o.kind === "studio");
      if (role === "judge") {
        // Pending applications first; the decided ones behind a filter (?queue=decided).
        const queue = await services.confirmations.queue(user);
        const pending = queue.filter((q) => q.state !== "decided");
        const decided = queue.filter((q) => q.state === "decided");
        const showDecided = req.query.queue === "decided";
        Object.assign(data, {
          queue: showDecided ? decided : pending,
          showDecided,
          pendingCount: pending.length,
          decidedCount: decided.length,
          states: { new: "待立案", review: "审查中", extended: "已延长", decided: "已办结" },
        });
      }
      if (role === "officer") {
        const [counts, overdue, recent] = await Promise.all([
          services.cases.countsByStatus(user),
          overdueGroup(services, user),
          services.cases.list(user, { pageSize: 10 }),
        ]);
        Object.assign(data, { counts: statusTiles(counts), overdue, recent });
      }
    } else {
      data.roster = await services.mediators.matching.roster(org.id);
      data.colleagues = await services.users.list({ organisationId: org.id });
      // 管控: check-ins missed on the committee's watched cases (src/grid-analysis/).
      data.watchOverdue = await services.watch.overdueCount(user);
      if (role === "mediator") {
        const [mine, overdue] = await Promise.all([
          services.cases.list(user, { mine: true, pageSize: 50 }),
          overdueGroup(services, user, true),
        ]);
        Object.assign(data, { mine: currentOnly(mine), overdue });
        // 已安排的调解 of the cases assigned to them (src/video/).
        data.sessionsAhead = await services.video.schedule.forMediator(user.id);
      } else {
        const [intake, overdue, recent, counts] = await Promise.all([
          services.cases.list(user, { status: "intake", pageSize: 20 }),
          overdueGroup(services, user),
          services.cases.list(user, { pageSize: 5 }),
          services.cases.countsByStatus(user, org.id),
        ]);
        Object.assign(data, { intake, overdue, recent, counts: statusTiles(counts) });
        if (user.roles.includes("mediator") || user.roles.includes("director")) {
          data.mine = currentOnly(await services.cases.list(user, { mine: true, pageSize: 20 }));
        }
      }
    }
    res.render(`pages/home/${role}`, data);
  });

  return router;
}
