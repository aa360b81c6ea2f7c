import express, { type Response, type Router } from "express";
import { ValidationError } from "../../errors.js";
import { TOO_LARGE, type Viewer } from "../../evidence/service.js";
import { idParam } from "../../http/ids.js";
import { requireParty } from "../../middleware/party-session.js";
import type { Services } from "../../services.js";
import { sendEvidence } from "./send.js";

type Form = { description?: string; file?: unknown };

/**
 * Evidence on the parties' pages (/my, the party session): the upload form (on the case page, and
 * a page of its own when an upload is refused), and the files of the party's own cases only:
 * another case's answers 404, as a case that does not exist.
 */
export function partyEvidenceRoutes(services: Services): Router {
  const router = express.Router();
  const viewer = (res: Response): Viewer => ({ kind: "party", phone: res.locals.partyPhone! });

  const renderForm = async (res: Response, id: number, status: number, data: Record<string, unknown>) => {
    await services.evidence.list(viewer(res), id); // 404 unless the case is the party's
    res.status(status).render("pages/evidence/upload", {
      title: "上传证据材料",
      action: `/my/cases/${id}/evidence`,
      back: { href: `/my/cases/${id}#evidence`, text: "返回我的纠纷" },
      values: {},
      ...data,
    });
  };

  router.get("/my/cases/:id/evidence/new", requireParty, async (req, res) => {
    const errors = req.query.error === "too-large" ? [{ field: "file", message: TOO_LARGE }] : undefined;
    await renderForm(res, idParam(req.params.id), errors ? 400 : 200, { errors });
  });

  router.post("/my/cases/:id/evidence", requireParty, async (req, res) => {
    const id = idParam(req.params.id);
    const body = (req.body ?? {}) as Form;
    try {
      await services.evidence.upload(viewer(res), id, body);
      res.redirect(303, `/my/cases/${id}?evidence=added#evidence`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderForm(res, id, 400, { errors: err.errors, values: { description: body.description } });
    }
  });

  router.get("/my/evidence/:id", requireParty, async (req, res) => {
    sendEvidence(res, await services.evidence.file(viewer(res), idParam(req.params.id)));
  });

  router.get("/my/evidence/:id/thumbnail", requireParty, async (req, res) => {
    sendEvidence(res, await services.evidence.file(viewer(res), idParam(req.params.id), "thumbnail"), true);
  });

  return router;
}
