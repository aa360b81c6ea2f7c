import express, { type Request, type Response, type Router } from "express";
import { BACKDATABLE_ACTIONS } from "../cases/backdating.js";
import type { Action } from "../cases/lifecycle.js";
import { beijingDate } from "../cases/periods.js";
import type { CaseDetail, CaseFilter } from "../cases/service.js";
import { ConflictError, LegalRuleError, ValidationError } from "../errors.js";
import { hasRole } from "../people/scope.js";
import type { Services } from "../services.js";
import { parseOrThrow } from "../validation.js";
import { listQuery, queryOf } from "./api/cases.js";
import { actionFormData } from "./case-action-forms.js";
import { catalog } from "../documents/catalog.js";
import { documentPath } from "../documents/service.js";
import { filterRegionOptions, LABELS, OPTIONS, regionOptions, typeOptions } from "./case-options.js";
import { idParam } from "../http/ids.js";

const blankParty = (side: "applicant" | "respondent") => ({ side, kind: "person" });

/** Form rows (parties, obligations) as a list, in index order, whatever shape qs gave them. */
function rowsOf(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value as Record<string, unknown>[];
  if (value && typeof value === "object") {
    return Object.entries(value as Record<string, Record<string, unknown>>)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, v]) => v);
  }
  return [];
}

/** The web list counts up to this many cases; beyond it, it says "10,000 件以上". */
export const LIST_COUNT_LIMIT = 10_000;

export function caseRoutes(services: Services): Router {
  const router = express.Router();
  const canRegister = (req: Request) => hasRole(req.user, "clerk", "director");

  router.get("/cases", async (req, res) => {
    let filter: CaseFilter = {};
    let errors;
    try {
      filter = parseOrThrow(listQuery, queryOf(req)) as CaseFilter;
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      errors = err.errors;
    }
    const [result, types, regions] = await Promise.all([
      services.cases.list(req.user!, filter, { countLimit: LIST_COUNT_LIMIT }),
      typeOptions(services),
      filterRegionOptions(services, req.user!),
    ]);
    const query = new URLSearchParams(queryOf(req));
    query.delete("page");
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    // Past the counting limit there is a next page as long as this one is full.
    const hasNext = result.page < pages || (!!result.totalCapped && result.items.length === result.pageSize);
    res.status(errors ? 400 : 200).render("pages/cases/list", {
      title: "案件",
      result,
      filter: queryOf(req),
      errors,
      options: { ...OPTIONS, types, regions },
      canRegister: canRegister(req),
      canImportLedger: services.ledger.canImport(req.user!),
      moved: typeof req.query.moved === "string" ? req.query.moved : null,
      prevPage: result.page > 1 ? `?${query.toString()}&page=${result.page - 1}` : null,
      nextPage: hasNext ? `?${query.toString()}&page=${result.page + 1}` : null,
      pages,
    });
  });

  const intakeView = async (req: Request) => ({
    title: "登记纠纷",
    options: {
      ...OPTIONS,
      types: await typeOptions(services),
      regions: await regionOptions(services, req.user!),
    },
    today: beijingDate(services.clock.now()),
  });

  router.get("/cases/new", async (req, res) => {
    if (!canRegister(req))
      return res
        .status(403)
        .render("pages/errors/error", { title: "无权访问", detail: "只有登记员或调委会主任可以登记纠纷。" });
    res.render("pages/cases/new", {
      ...(await intakeView(req)),
      values: {
        source: "application",
        riskLevel: "ordinary",
        parties: [blankParty("applicant"), blankParty("respondent")],
      },
    });
  });

  router.post("/cases", async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const parties = rowsOf(body.parties);
    // Adding or removing a party row re-renders the form with everything kept; nothing is saved.
    if (body.addParty === "applicant" || body.addParty === "respondent") {
      return res.render("pages/cases/new", {
        ...(await intakeView(req)),
        values: { ...body, parties: [...parties, blankParty(body.addParty)] },
      });
    }
    if (typeof body.removeParty === "string") {
      const drop = Number(body.removeParty);
      return res.render("pages/cases/new", {
        ...(await intakeView(req)),
        values: { ...body, parties: parties.filter((_p, i) => i !== drop) },
      });
    }
    try {
      const { detail } = await services.cases.intake(req.user!, { ...body, parties });
      res.redirect(303, `/cases/${detail.id}?done=intake`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(400).render("pages/cases/new", {
        ...(await intakeView(req)),
        values: { ...body, parties },
        errors: err.errors,
      });
    }
  });

  router.get("/cases/:id", async (req, res) => {
    const loaded = res.locals.caseDetail as CaseDetail | undefined;
    const kase =
      loaded && loaded.id === idParam(req.params.id)
        ? loaded
        : await services.cases.get(req.user!, idParam(req.params.id));
    const active = kase.assignments.filter((a) => !a.endedAt);
    res.render("pages/cases/show", {
      title: `${kase.number}`,
      kase,
      activeAssignments: active,
      pastAssignments: kase.assignments.filter((a) => a.endedAt),
      events: [...kase.events].reverse(),
      labels: LABELS,
      canAnswerCourt:
        kase.organisationId === req.user!.organisation.id &&
        (req.user!.roles.includes("clerk") || req.user!.roles.includes("director")),
      documents: catalog(kase).map((d) => ({ ...d, url: documentPath(kase.id, d.kind, d.ref) })),
      done: typeof req.query.done === "string" ? req.query.done : null,
      backfill: await services.ledger.note(kase.id),
    });
  });

  async function renderAction(req: Request, res: Response, status: number, extra: Record<string, unknown>) {
    const kase = await services.cases.get(req.user!, idParam(req.params.id));
    const action = String(req.params.action);
    const form = await actionFormData(
      services,
      req.user!,
      kase,
      action,
      req.query as Record<string, unknown>,
    );
    res.status(status).render("pages/cases/action", {
      kase,
      action,
      labels: LABELS,
      options: OPTIONS,
      ...form,
      heading: form.title,
      title: `${form.title} · ${kase.number}`,
      backdatable: BACKDATABLE_ACTIONS.includes(action as Action),
      today: beijingDate(services.clock.now()),
      ...extra,
    });
  }

  router.get("/cases/:id/actions/:action", async (req, res) => {
    const kase = await services.cases.get(req.user!, idParam(req.params.id));
    if (!kase.allowedActions.includes(req.params.action as never)) {
      // Explain why rather than show a form that cannot succeed.
      const reason = services.cases.explain(req.user!, kase, String(req.params.action));
      return res.status(reason.status).render("pages/errors/error", {
        title: "不能执行此操作",
        detail: reason.message,
        back: `/cases/${kase.id}`,
      });
    }
    await renderAction(req, res, 200, {});
  });

  router.post("/cases/:id/actions/:action", async (req, res) => {
    const body = req.body as Record<string, unknown>;
    if (body.addObligation) {
      const obligations = [...rowsOf(body.obligations), {}];
      return renderAction(req, res, 200, { values: { ...body, obligations } });
    }
    try {
      const kase = await services.cases.act(
        req.user!,
        idParam(req.params.id),
        String(req.params.action),
        body,
      );
      if (!kase.visible) {
        return res.redirect(
          303,
          `/cases?moved=${encodeURIComponent(`${kase.number}（${kase.organisationName}）`)}`,
        );
      }
      res.redirect(303, `/cases/${kase.id}?done=${encodeURIComponent(String(req.params.action))}`);
    } catch (err) {
      const values = { ...body, obligations: rowsOf(body.obligations) };
      if (err instanceof ValidationError) return renderAction(req, res, 400, { values, errors: err.errors });
      if (err instanceof LegalRuleError) {
        return renderAction(req, res, 422, { values, errors: err.errors, legal: err.message });
      }
      if (err instanceof ConflictError) return renderAction(req, res, 409, { values, conflict: err.message });
      throw err;
    }
  });

  return router;
}
