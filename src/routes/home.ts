import express, { type Router } from "express";
import { STATUS_LABELS, STATUSES } from "../cases/lifecycle.js";
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
} as const;

type Page = Awaited<ReturnType<Services["cases"]["list"]>>;

const openOnly = (page: Page): Page => ({
  ...page,
  items: page.items.filter((c) => c.status !== "closed" && c.status !== "declined"),
});

/** Counts by status, in lifecycle order, for the tiles on a desk. */
function statusTiles(counts: Record<string, number>) {
  return STATUSES.filter((s) => counts[s]).map((s) => ({ status: s, label: STATUS_LABELS[s], n: counts[s] }));
}

/** Each role lands on its own desk. */
export function homeRoutes(services: Services): Router {
  const router = express.Router();

  router.get("/", async (req, res) => {
    const user = req.user!;
    const role = primaryRole(user.roles);
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
        data.queue = await services.confirmations.queue(user);
        data.states = { new: "待立案", review: "审查中", extended: "已延长", decided: "已办结" };
      }
      if (role === "officer") {
        const [counts, overdue, recent] = await Promise.all([
          services.cases.countsByStatus(user),
          services.cases.list(user, { overdue: true, pageSize: 10 }),
          services.cases.list(user, { pageSize: 10 }),
        ]);
        Object.assign(data, { counts: statusTiles(counts), overdue, recent });
      }
    } else {
      data.roster = await services.mediators.matching.roster(org.id);
      data.colleagues = await services.users.list({ organisationId: org.id });
      if (role === "mediator") {
        const mine = await services.cases.list(user, { mine: true, pageSize: 50 });
        data.mine = openOnly(mine);
      } else {
        const [intake, overdue, recent, counts] = await Promise.all([
          services.cases.list(user, { status: "intake", pageSize: 20 }),
          services.cases.list(user, { overdue: true, pageSize: 20 }),
          services.cases.list(user, { pageSize: 10 }),
          services.cases.countsByStatus(user, org.id),
        ]);
        Object.assign(data, { intake, overdue, recent, counts: statusTiles(counts) });
        if (user.roles.includes("mediator") || user.roles.includes("director")) {
          data.mine = openOnly(await services.cases.list(user, { mine: true, pageSize: 20 }));
        }
      }
    }
    res.render(`pages/home/${role}`, data);
  });

  return router;
}
