import express, { type Request, type Response, type Router } from "express";
import { ConflictError, ValidationError } from "../errors.js";
import type { PartyActor } from "../grid/types.js";
import { idParam } from "../http/ids.js";
import { queryOf } from "../http/query.js";
import { requireParty } from "../middleware/party-session.js";
import type { Services } from "../services.js";
import { photoRoutes } from "./grid/photos.js";
import { formErrors, PHOTOS_TOO_LARGE, readReportForm, renderReportForm } from "./grid/report-form.js";
import { FORM_OPTIONS, reportView } from "./grid/view.js";

const FORM_PAGE = {
  title: "我要反映问题",
  formAction: "/my/reports",
  backHref: "/my",
  backLabel: "返回我的纠纷",
  lead: "身边的矛盾纠纷、安全隐患或困难，告诉综治中心，他们会交给管这件事的单位办理，办完请您评价。",
};

const party = (res: Response): PartyActor => ({ kind: "party", phone: res.locals.partyPhone! });

/**
 * 我要反映问题 on the parties' side (/my/reports): the grid report form as a party (the same
 * service call as POST /api/v1/portal/reports), and one report's page: status, outcome, timeline
 * and the rating once it is done.
 */
export function portalReportRoutes(services: Services): Router {
  const router = express.Router();
  const { grid } = services;

  router.get("/my/reports/new", requireParty, async (req, res) => {
    const tooLarge = queryOf(req).error === "too-large";
    await renderReportForm(
      services,
      res,
      party(res),
      FORM_PAGE,
      200,
      {},
      tooLarge ? { limited: PHOTOS_TOO_LARGE } : {},
    );
  });

  router.post("/my/reports", requireParty, async (req, res) => {
    const { values, input, photos, photoFields } = readReportForm(req.body);
    try {
      const { id } = await grid.report(party(res), input, photos);
      res.redirect(303, `/my/reports/${id}?done=reported`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = formErrors(err.errors, values, photoFields);
      await renderReportForm(services, res, party(res), FORM_PAGE, 400, values, { errors });
    }
  });

  async function render(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const id = idParam(req.params.id);
    const detail = await grid.get(party(res), id);
    res.status(status).render("pages/grid/report", {
      title: `我反映的问题 ${id}`,
      report: reportView(detail, services.clock.now()),
      backHref: "/my",
      backLabel: "返回我的纠纷",
      canRate: detail.can.rate,
      ratingAction: `/my/reports/${id}/rating`,
      photoBase: "/my/reports/photos",
      satisfactionOptions: FORM_OPTIONS.satisfactionOptions,
      done:
        { reported: "已提交，综治中心会尽快处理。", rating: "感谢您的评价！" }[queryOf(req).done ?? ""] ??
        null,
      ...extra,
    });
  }

  router.get("/my/reports/:id", requireParty, (req, res) => render(req, res, 200));

  router.post("/my/reports/:id/rating", requireParty, async (req, res) => {
    const id = idParam(req.params.id);
    const body = req.body as { satisfaction?: string; comment?: string };
    const values = { satisfaction: body.satisfaction, comment: body.comment };
    try {
      await grid.rate(party(res), id, values);
      res.redirect(303, `/my/reports/${id}?done=rating`);
    } catch (err) {
      const form = { form: "rating", ratingValues: values };
      if (err instanceof ValidationError) return render(req, res, 400, { ...form, errors: err.errors });
      if (err instanceof ConflictError) return render(req, res, 409, { ...form, conflict: err.message });
      throw err;
    }
  });

  router.use(photoRoutes(services, "/my/reports/photos", requireParty, (_req, res) => party(res)));
  return router;
}
