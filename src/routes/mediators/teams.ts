import express, { type Router } from "express";
import { idParam } from "../../http/ids.js";
import { TEAM_KIND_LABELS } from "../../mediators/labels.js";
import { hasRole, type SessionUser } from "../../people/scope.js";
import type { Services } from "../../services.js";
import { submitForm } from "../form.js";
import { forbidden, options } from "./common.js";

/** `/mediators/teams`: teams that take a case as a whole (五老调解队, 乡贤理事会, studios). */
export function teamRoutes(services: Services): Router {
  const router = express.Router();
  const teams = services.mediators.teams;

  const teamForm = async (user: SessionUser) => ({
    options: {
      kinds: options(TEAM_KIND_LABELS),
      organisations: await teams.organisations(user),
      members: await teams.memberOptions(user),
    },
  });

  router.get("/mediators/teams", async (req, res) => {
    res.render("pages/mediators/teams", {
      title: "调解团队",
      teams: await teams.list(req.user!),
      canKeep: hasRole(req.user, "admin", "officer", "clerk", "director"),
    });
  });

  router.get("/mediators/teams/new", async (req, res) => {
    const data = await teamForm(req.user!);
    if (data.options.organisations.length === 0) return forbidden(res, "您不能组建调解团队。");
    res.render("pages/mediators/team", {
      title: "组建调解团队",
      ...data,
      values: { kind: "five_elders", active: "on", organisationId: req.user!.organisation.id },
    });
  });

  router.post("/mediators/teams", async (req, res) => {
    await submitForm(
      res,
      "pages/mediators/team",
      async () => ({ title: "组建调解团队", ...(await teamForm(req.user!)) }),
      req.body,
      async () => `/mediators/teams/${await teams.create(req.user!, req.body)}?saved=1`,
    );
  });

  router.get("/mediators/teams/:id", async (req, res) => {
    const team = await teams.get(req.user!, idParam(req.params.id));
    res.render("pages/mediators/team", {
      title: team.name,
      team,
      ...(team.canManage ? await teamForm(req.user!) : {}),
      values: {
        ...team,
        memberIds: team.members.map((m) => String(m.id)),
        active: team.active ? "on" : "",
      },
      saved: req.query.saved === "1",
    });
  });

  router.post("/mediators/teams/:id", async (req, res) => {
    const team = await teams.get(req.user!, idParam(req.params.id));
    await submitForm(
      res,
      "pages/mediators/team",
      async () => ({ title: team.name, team, ...(await teamForm(req.user!)) }),
      req.body,
      async () => {
        await teams.update(req.user!, team.id, req.body);
        return `/mediators/teams/${team.id}?saved=1`;
      },
    );
  });

  return router;
}
