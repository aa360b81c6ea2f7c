import express, { type Request, type Response, type Router } from "express";
import { listDisputeTypes } from "../cases/dispute-types.js";
import type { CaseDetail } from "../cases/service.js";
import { NotFoundError, ValidationError, type FieldError } from "../errors.js";
import { canDeclare, canManage, keepsRecords } from "../mediators/access.js";
import {
  CHOSEN_BY_LABELS,
  FIVE_ELDERS_LABELS,
  GENDER_LABELS,
  POOL_LEVEL_LABELS,
  RELATION_LABELS,
  TEAM_KIND_LABELS,
  UNAVAILABILITY_LABELS,
} from "../mediators/labels.js";
import { committeeRoster, MEDIATOR_KIND_LABELS, type MediatorKind } from "../mediators/roster.js";
import type { MediatorDetail } from "../mediators/service.js";
import { hasRole, type SessionUser } from "../people/scope.js";
import type { Services } from "../services.js";
import { listQuery, matchQuery } from "../mediators/schemas.js";
import { parseOrThrow } from "../validation.js";
import { submitForm } from "./form.js";
import { idParam } from "../http/ids.js";

const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/** How many ranked candidates the case page shows before “显示全部”; the assign form offers as many. */
export const PANEL_SIZE = 10;

const PAGE_SIZE = 50;

const percent = (rate: number | null) => (rate === null ? "" : `${Math.round(rate * 1000) / 10}%`);

const ASSIGNMENT_LABELS = { lead: "主持调解员", co: "协助调解员", invited: "邀请参与人员" } as const;

/** Query-string values, "" meaning not given. */
function queryOf(req: Request): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.query).filter(([, v]) => typeof v === "string" && v !== "") as [string, string][],
  );
}

/**
 * What views/partials/match-panel.hbs shows on a case page: ranked candidates with their reasons,
 * teams, and who is excluded and why. Only while the case can still be assigned (or is waiting
 * to be accepted); the proposed dates and languages come from the panel's own little form.
 */
export async function matchPanel(
  services: Services,
  user: SessionUser,
  kase: CaseDetail,
  query: Record<string, string>,
) {
  if (!["intake", "accepted", "in_mediation"].includes(kase.status)) return null;
  const raw = { dates: query.dates ?? "", languages: query.languages ?? "", all: query.allMatches };
  let errors: FieldError[] | undefined;
  let opts: { dates: string[]; languages: string[]; all?: boolean } = { dates: [], languages: [] };
  try {
    opts = parseOrThrow(matchQuery, raw);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    errors = err.errors;
  }
  const limit = opts.all ? Infinity : PANEL_SIZE;
  const [report, currentTeams] = await Promise.all([
    services.mediators.matchesFor(kase, { ...opts, limit }),
    services.mediators.currentTeams(kase.id),
  ]);
  // The best, and whoever is on the case already wherever they stand.
  const ranked = report.results.filter(
    (r) => !r.excluded && ((r.rank ?? Infinity) <= limit || r.assignedRole),
  );
  const canAssign = kase.allowedActions.includes("assign");
  return {
    caseId: kase.id,
    dates: report.dates,
    languages: report.languages,
    values: { dates: raw.dates || report.dates.join("、"), languages: raw.languages },
    errors,
    shown: ranked,
    total: report.ranked,
    more: !opts.all && report.ranked > PANEL_SIZE,
    excluded: report.results.filter((r) => r.excluded),
    excludedTotal: report.excluded,
    teams: report.teams,
    currentTeams,
    canAssign,
    canObject: kase.allowedActions.includes("record-objection"),
    linkable: (rank: number | undefined) => canAssign && rank !== undefined && rank <= PANEL_SIZE,
  };
}

export function mediatorRoutes(services: Services): Router {
  const router = express.Router();
  const mediators = services.mediators;

  // The case page's 推荐调解员 panel. The case router renders the page; this only adds to it.
  router.get("/cases/:id", async (req, res, next) => {
    try {
      const kase = await services.cases.get(req.user!, idParam(req.params.id));
      res.locals.caseDetail = kase; // the case page renders this one rather than load it again
      const panel = await matchPanel(services, req.user!, kase, queryOf(req));
      if (panel) {
        res.locals.matchPanel = {
          ...panel,
          shown: panel.shown.map((r) => ({ ...r, linkable: panel.linkable(r.rank) })),
        };
      }
    } catch (err) {
      if (!(err instanceof NotFoundError)) return next(err);
    }
    next();
  });

  /* ------------------------------------------------------------------ lists */

  const typeOptions = async () =>
    (await listDisputeTypes(services.knex)).map((t) => ({ value: t.code, label: t.name }));

  const regionOptions = async (user: SessionUser) => {
    const prefix = mediators.area(user);
    const rows = await services.knex("regions").whereNot("level", "group").orderBy("code");
    return rows
      .filter((r: { code: string }) => hasRole(user, "admin") || r.code.startsWith(prefix))
      .map((r: { code: string; name: string }) => ({ value: r.code, label: r.name }));
  };

  router.get("/mediators", async (req, res) => {
    const filter = queryOf(req);
    let errors: FieldError[] | undefined;
    let parsed = {};
    try {
      parsed = parseOrThrow(listQuery, filter);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      errors = err.errors;
    }
    const all = await mediators.list(req.user!, { ...parsed, includeRetired: filter.retired === "true" });
    const page = Math.max(1, Number(filter.page) || 1);
    const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
    const query = new URLSearchParams(filter);
    query.delete("page");
    res.status(errors ? 400 : 200).render("pages/mediators/list", {
      title: "调解员",
      items: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
      total: all.length,
      page,
      pages,
      prevPage: page > 1 ? `?${query.toString()}&page=${page - 1}` : null,
      nextPage: page < pages ? `?${query.toString()}&page=${page + 1}` : null,
      filter,
      errors,
      options: {
        kinds: options(MEDIATOR_KIND_LABELS),
        types: await typeOptions(),
        regions: await regionOptions(req.user!),
      },
      canKeep: keepsRecords(req.user!),
      poolLevels: POOL_LEVEL_LABELS,
    });
  });

  /* ------------------------------------------------------------------ a record: new and edit */

  const formData = async (user: SessionUser) => ({
    options: {
      kinds: options(MEDIATOR_KIND_LABELS),
      fiveElders: options(FIVE_ELDERS_LABELS),
      gender: options(GENDER_LABELS),
      types: await typeOptions(),
      organisations: (await mediators.keptOrganisations(user)).map((o) => ({ value: o.id, label: o.name })),
      committees: (await services.organisations.list())
        .filter((o) => o.active && (o.kind.endsWith("committee") || o.kind === "studio"))
        .map((o) => ({ value: o.id, label: o.name })),
      homeRegions: (await services.knex("regions").orderBy("code")).map(
        (r: { code: string; name: string; level: string }) => ({
          value: r.code,
          label: r.level === "group" ? `　${r.name}` : r.name,
        }),
      ),
    },
  });

  const forbidden = (res: Response, detail: string) =>
    res.status(403).render("pages/errors/error", { title: "无权访问", detail });

  router.get("/mediators/new", async (req, res) => {
    if (!keepsRecords(req.user!))
      return forbidden(res, "只有调委会登记员、主任和司法行政人员可以登记调解员。");
    const data = await formData(req.user!);
    res.render("pages/mediators/form", {
      title: "登记调解员",
      ...data,
      values: {
        kind: "staff",
        capacity: 6,
        active: "on",
        organisationId: data.options.organisations.some((o) => o.value === req.user!.organisation.id)
          ? req.user!.organisation.id
          : "",
      },
    });
  });

  router.post("/mediators", async (req, res) => {
    if (!keepsRecords(req.user!))
      return forbidden(res, "只有调委会登记员、主任和司法行政人员可以登记调解员。");
    await submitForm(
      res,
      "pages/mediators/form",
      async () => ({ title: "登记调解员", ...(await formData(req.user!)) }),
      req.body,
      async () => `/mediators/${await mediators.create(req.user!, req.body)}?saved=1`,
    );
  });

  /* ------------------------------------------------------------------ import */

  router.get("/mediators/import", async (req, res) => {
    if (!keepsRecords(req.user!)) return forbidden(res, "只有调委会登记员、主任和司法行政人员可以导入名册。");
    const orgs = await mediators.keptOrganisations(req.user!);
    res.render("pages/mediators/import", {
      title: "导入调解员名册",
      organisations: orgs.map((o) => ({ value: o.id, label: o.name })),
      values: {
        organisationId: orgs.some((o) => o.id === req.user!.organisation.id) ? req.user!.organisation.id : "",
      },
    });
  });

  router.post("/mediators/import", async (req, res) => {
    if (!keepsRecords(req.user!)) return forbidden(res, "只有调委会登记员、主任和司法行政人员可以导入名册。");
    const orgs = await mediators.keptOrganisations(req.user!);
    await submitForm(
      res,
      "pages/mediators/import",
      async () => ({
        title: "导入调解员名册",
        organisations: orgs.map((o) => ({ value: o.id, label: o.name })),
      }),
      req.body,
      async () => `/mediators/import/${(await mediators.imports.preview(req.user!, req.body)).id}`,
    );
  });

  router.get("/mediators/import/:id", async (req, res) => {
    const preview = await mediators.imports.get(req.user!, idParam(req.params.id));
    res.render("pages/mediators/import-preview", {
      title: "核对导入的名册",
      preview,
      done: req.query.done === "1",
    });
  });

  router.post("/mediators/import/:id", async (req, res) => {
    const id = idParam(req.params.id);
    const preview = await mediators.imports.get(req.user!, id);
    await submitForm(
      res,
      "pages/mediators/import-preview",
      async () => ({ title: "核对导入的名册", preview }),
      req.body,
      async () => {
        await mediators.imports.confirm(req.user!, id, req.body);
        return `/mediators/import/${id}?done=1`;
      },
    );
  });

  /* ------------------------------------------------------------------ teams */

  const teamForm = async (user: SessionUser) => ({
    options: {
      kinds: options(TEAM_KIND_LABELS),
      organisations: await mediators.teams.organisations(user),
      members: await mediators.teams.memberOptions(user),
    },
  });

  router.get("/mediators/teams", async (req, res) => {
    res.render("pages/mediators/teams", {
      title: "调解团队",
      teams: await mediators.teams.list(req.user!),
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
      async () => `/mediators/teams/${await mediators.teams.create(req.user!, req.body)}?saved=1`,
    );
  });

  router.get("/mediators/teams/:id", async (req, res) => {
    const team = await mediators.teams.get(req.user!, idParam(req.params.id));
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
    const team = await mediators.teams.get(req.user!, idParam(req.params.id));
    await submitForm(
      res,
      "pages/mediators/team",
      async () => ({ title: team.name, team, ...(await teamForm(req.user!)) }),
      req.body,
      async () => {
        await mediators.teams.update(req.user!, team.id, req.body);
        return `/mediators/teams/${team.id}?saved=1`;
      },
    );
  });

  /* ------------------------------------------------------------------ expert pools */

  router.get("/mediators/pools", async (req, res) => {
    res.render("pages/mediators/pools", {
      title: "人民调解专家库",
      pools: await mediators.pools.list(req.user!),
      canCreate: (await mediators.pools.bureaus(req.user!)).length > 0,
    });
  });

  router.get("/mediators/pools/new", async (req, res) => {
    const bureaus = await mediators.pools.bureaus(req.user!);
    if (bureaus.length === 0) return forbidden(res, "专家库由县级以上司法局的司法行政人员建立。");
    res.render("pages/mediators/pool-new", {
      title: "建立专家库",
      bureaus,
      values: { organisationId: bureaus[0]!.value },
    });
  });

  router.post("/mediators/pools", async (req, res) => {
    const bureaus = await mediators.pools.bureaus(req.user!);
    await submitForm(
      res,
      "pages/mediators/pool-new",
      async () => ({ title: "建立专家库", bureaus }),
      req.body,
      async () => `/mediators/pools/${await mediators.pools.create(req.user!, req.body)}?saved=1`,
    );
  });

  const poolPage = async (req: Request, extra: Record<string, unknown> = {}) => {
    const pool = await mediators.pools.get(req.user!, idParam(req.params.id));
    const appointable = pool.canManage
      ? Object.fromEntries(
          await Promise.all(
            pool.batches.map(async (b) => [b.id, await mediators.pools.appointable(req.user!, b.id)]),
          ),
        )
      : {};
    return {
      title: pool.name,
      pool,
      batches: pool.batches.map((b) => ({ ...b, appointable: appointable[b.id] ?? [] })),
      values: {},
      saved: req.query.saved === "1",
      ...extra,
    };
  };

  router.get("/mediators/pools/:id", async (req, res) => {
    res.render("pages/mediators/pool", await poolPage(req));
  });

  /** A form on the pool page: on bad input the page comes back with 400 and that form's values and errors. */
  const poolForm =
    (form: string, act: (req: Request) => Promise<unknown>) => async (req: Request, res: Response) => {
      const id = idParam(req.params.id);
      await submitForm(
        res,
        "pages/mediators/pool",
        async () => poolPage(req, { form, formBatch: req.params.batchId ?? null }),
        { [form]: req.body },
        async () => {
          await act(req);
          return `/mediators/pools/${id}?saved=1`;
        },
      );
    };

  router.post(
    "/mediators/pools/:id",
    poolForm("rename", (req) => mediators.pools.rename(req.user!, idParam(req.params.id), req.body)),
  );
  router.post(
    "/mediators/pools/:id/batches",
    poolForm("batch", (req) => mediators.pools.addBatch(req.user!, idParam(req.params.id), req.body)),
  );
  router.post(
    "/mediators/pools/:id/batches/:batchId/members",
    poolForm("appoint", (req) =>
      mediators.pools.appoint(req.user!, idParam(req.params.id), idParam(req.params.batchId), req.body),
    ),
  );
  router.post("/mediators/pools/:id/batches/:batchId/members/:mediatorId/remove", async (req, res) => {
    await mediators.pools.dismiss(
      req.user!,
      idParam(req.params.id),
      idParam(req.params.batchId),
      idParam(req.params.mediatorId),
    );
    res.redirect(303, `/mediators/pools/${idParam(req.params.id)}?saved=1`);
  });

  /* ------------------------------------------------------------------ one mediator */

  const showData = async (req: Request, m: MediatorDetail) => {
    const record = await mediators.record(req.user!, m.id);
    return {
      title: m.name,
      m,
      record: {
        ...record,
        byType: record.byType.map((t) => ({ ...t, successRateLabel: percent(t.successRate) })),
        satisfaction: { ...record.satisfaction, rateLabel: percent(record.satisfaction.rate) },
      },
      poolLevelLabels: POOL_LEVEL_LABELS,
      assignmentRoles: ASSIGNMENT_LABELS,
      canEdit: canManage(req.user!, m),
      canDeclare: canDeclare(req.user!, m),
      options: { relation: options(RELATION_LABELS), unavailability: options(UNAVAILABILITY_LABELS) },
      saved: req.query.saved === "1",
      genderLabel: m.gender ? GENDER_LABELS[m.gender] : null,
      fiveEldersLabel: m.fiveEldersKind ? FIVE_ELDERS_LABELS[m.fiveEldersKind] : null,
    };
  };

  router.get("/mediators/:id", async (req, res) => {
    const m = await mediators.get(req.user!, idParam(req.params.id));
    res.render("pages/mediators/show", await showData(req, m));
  });

  const editValues = (m: MediatorDetail) => ({
    ...m,
    languages: m.languages.join("、"),
    certifications: m.certifications.join("\n"),
    otherOrganisationIds: m.otherOrganisations.map((o) => String(o.id)),
    active: m.active ? "on" : "",
    birthYear: m.birthYear ?? "",
    sinceYear: m.sinceYear ?? "",
  });

  router.get("/mediators/:id/edit", async (req, res) => {
    const m = await mediators.get(req.user!, idParam(req.params.id));
    if (!canManage(req.user!, m)) return forbidden(res, "您不能修改该调解员的信息。");
    res.render("pages/mediators/form", {
      title: `修改调解员信息：${m.name}`,
      m,
      ...(await formData(req.user!)),
      values: editValues(m),
    });
  });

  router.post("/mediators/:id", async (req, res) => {
    const m = await mediators.get(req.user!, idParam(req.params.id));
    if (!canManage(req.user!, m)) return forbidden(res, "您不能修改该调解员的信息。");
    await submitForm(
      res,
      "pages/mediators/form",
      async () => ({ title: `修改调解员信息：${m.name}`, m, ...(await formData(req.user!)) }),
      req.body,
      async () => {
        await mediators.update(req.user!, m.id, req.body);
        return `/mediators/${m.id}?saved=1`;
      },
    );
  });

  /** A declaration form on the mediator's page (absence or tie). */
  const declare =
    (form: "unavailability" | "relation", act: (req: Request) => Promise<void>) =>
    async (req: Request, res: Response) => {
      const m = await mediators.get(req.user!, idParam(req.params.id));
      await submitForm(
        res,
        "pages/mediators/show",
        async () => ({ ...(await showData(req, m)), form }),
        { [form]: req.body },
        async () => {
          await act(req);
          return `/mediators/${m.id}?saved=1`;
        },
      );
    };

  router.post(
    "/mediators/:id/unavailability",
    declare("unavailability", (req) =>
      mediators.addUnavailability(req.user!, idParam(req.params.id), req.body),
    ),
  );
  router.post("/mediators/:id/unavailability/:periodId/remove", async (req, res) => {
    await mediators.removeUnavailability(req.user!, idParam(req.params.id), idParam(req.params.periodId));
    res.redirect(303, `/mediators/${idParam(req.params.id)}?saved=1`);
  });
  router.post(
    "/mediators/:id/relations",
    declare("relation", (req) => mediators.addRelation(req.user!, idParam(req.params.id), req.body)),
  );
  router.post("/mediators/:id/relations/:relationId/remove", async (req, res) => {
    await mediators.removeRelation(req.user!, idParam(req.params.id), idParam(req.params.relationId));
    res.redirect(303, `/mediators/${idParam(req.params.id)}?saved=1`);
  });

  return router;
}

/**
 * The assign form (case-action-forms.ts): the committee's own mediators first, as before, then the
 * best-ranked candidates from elsewhere (township, professional committees, studios, expert pools)
 * and anyone from elsewhere already on the case; teams to assign as a whole. The list depends only
 * on the case, so a form sent back with errors lines up with what was posted. `?lead=`, `?co=`,
 * `?invited=` and `?team=` (links from the panel) preselect.
 */
export async function assignFormData(services: Services, kase: CaseDetail, query: Record<string, unknown>) {
  const roster = await committeeRoster(services.knex, kase.organisationId);
  // Enough ranked to find the best PANEL_SIZE from elsewhere, and the committee's own wherever they stand.
  const report = await services.mediators.matchesFor(kase, {
    dates: [],
    languages: [],
    limit: roster.length + PANEL_SIZE,
    include: roster.map((m) => m.mediatorId),
  });
  const byId = new Map(report.results.map((r) => [r.mediatorId, r]));
  const current = kase.assignments.filter((a) => !a.endedAt);
  const inRoster = new Set(roster.map((m) => m.mediatorId));
  const outsiders = report.results
    .filter((r) => !r.excluded && r.rank !== undefined && !inRoster.has(r.mediatorId))
    .slice(0, PANEL_SIZE)
    .map((r) => r.mediatorId);
  for (const a of current)
    if (!inRoster.has(a.mediatorId) && !outsiders.includes(a.mediatorId)) outsiders.push(a.mediatorId);
  const hint = (id: number) => {
    const r = byId.get(id);
    if (!r) return "不在本案可指派的调解员范围内";
    if (r.excluded) return `不宜指派：${r.excluded}`;
    const place = r.rank !== undefined ? `推荐第 ${r.rank} 名（${r.score} 分）` : `推荐得分 ${r.score}`;
    return `${place}：${r.reasons.slice(0, 3).join("；")}`;
  };
  const rows = [
    ...roster.map((m) => ({ mediatorId: m.mediatorId, label: `${m.name}（${m.kindLabel}）`, group: "own" })),
    ...outsiders.map((id) => {
      const r = byId.get(id);
      const a = current.find((x) => x.mediatorId === id);
      return {
        mediatorId: id,
        label: r
          ? `${r.name}（${r.kindLabel} · ${r.source}）`
          : `${a?.mediatorName ?? ""}（${MEDIATOR_KIND_LABELS[a?.mediatorKind as MediatorKind] ?? ""}）`,
        group: "other",
      };
    }),
  ].map((row, index) => ({ ...row, index, hint: hint(row.mediatorId) }));
  const preset = new Map<number, string>();
  for (const role of ["lead", "co", "invited"] as const) {
    const id = Number(query[role]);
    if (Number.isInteger(id) && id > 0) preset.set(id, role);
  }
  const team = Number(query.team);
  const presetLead = [...preset.values()].includes("lead");
  const roleOf = (id: number) => {
    if (preset.has(id)) return preset.get(id)!;
    if (Number.isInteger(team) && team > 0) return "";
    const role = current.find((a) => a.mediatorId === id)?.role ?? "";
    return presetLead && role === "lead" ? "" : role;
  };
  const teams = report.teams.filter((t) => !t.excluded);
  return {
    roster: rows.filter((r) => r.group === "own"),
    others: rows.filter((r) => r.group === "other"),
    teamOptions: teams.map((t) => ({
      value: t.teamId,
      label: `${t.name}（负责人${t.leadName}，得分 ${t.score}）`,
    })),
    teamLeadOptions: teams.flatMap((t) =>
      t.members
        .filter((m) => !m.excluded)
        .map((m) => ({ value: m.mediatorId, label: `${t.name}：${m.name}` })),
    ),
    chosenByOptions: options(CHOSEN_BY_LABELS),
    values: {
      mediators: rows.map((r) => ({ mediatorId: r.mediatorId, role: roleOf(r.mediatorId) })),
      teamId: Number.isInteger(team) && team > 0 ? team : "",
      chosenBy: "committee",
      partiesConsented: current.some((a) => a.partiesConsented) ? "on" : "",
    },
  };
}

/** The objection form: the party, and the mediator (those on the case first, then the committee and the best candidates). */
export async function objectionFormData(
  services: Services,
  kase: CaseDetail,
  query: Record<string, unknown>,
) {
  const roster = await committeeRoster(services.knex, kase.organisationId);
  const report = await services.mediators.matchesFor(kase, { dates: [], languages: [], limit: PANEL_SIZE });
  const current = kase.assignments.filter((a) => !a.endedAt);
  const seen = new Set<number>();
  const choices: { value: number; label: string }[] = [];
  const add = (id: number, label: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    choices.push({ value: id, label });
  };
  for (const a of current) add(a.mediatorId, `${a.mediatorName}（本案${ASSIGNMENT_LABELS[a.role]}）`);
  for (const m of roster) add(m.mediatorId, `${m.name}（${m.kindLabel}）`);
  for (const r of report.results.filter((x) => !x.excluded).slice(0, PANEL_SIZE))
    add(r.mediatorId, `${r.name}（${r.kindLabel} · ${r.source}）`);
  const preset = Number(query.mediator);
  return {
    mediatorOptions: choices,
    values: {
      mediatorId: seen.has(preset) ? preset : (current.find((a) => a.role === "lead")?.mediatorId ?? ""),
    },
  };
}
