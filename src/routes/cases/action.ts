import express, { type Request, type Response, type Router } from "express";
import { BACKDATABLE_ACTIONS } from "../../cases/backdating.js";
import type { Action } from "../../cases/lifecycle.js";
import { ConflictError, LegalRuleError, ValidationError } from "../../errors.js";
import { idParam } from "../../http/ids.js";
import type { Services } from "../../services.js";
import { beijingDate } from "../../shared/dates.js";
import { actionFormData } from "../case-action-forms.js";
import { LABELS, OPTIONS } from "../case-options.js";
import { rowsOf } from "./rows.js";

/**
 * `/cases/:id/actions/:action`: every action's form and its submission, through the same
 * service method as the API. A refused action re-renders the form with what was typed: 400 for
 * bad input, 422 for a legal rule, 409 for a stale version.
 */
export function actionRoutes(services: Services): Router {
  const router = express.Router();

  async function renderAction(req: Request, res: Response, status: number, extra: Record<string, unknown>) {
    const kase = await services.cases.get(req.user!, idParam(req.params.id));
    const action = String(req.params.action);
    const form = await actionFormData(
      services,
      req.user!,
      kase,
      action,
      req.query as Record<string, unknown>,
      extra.values as Record<string, unknown> | undefined,
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
      // 保存草稿（待签署）: the agreement's values kept unsigned, the case unchanged (src/cases/agreement-draft-service.ts).
      if (body.saveDraft && req.params.action === "record-agreement") {
        const id = idParam(req.params.id);
        await services.agreementDrafts.save(req.user!, id, body);
        return res.redirect(303, `/cases/${id}?done=agreement-draft`);
      }
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
