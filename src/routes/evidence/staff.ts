import express, { type Response, type Router } from "express";
import { ValidationError } from "../../errors.js";
import { TOO_LARGE, type Viewer } from "../../evidence/service.js";
import { idParam } from "../../http/ids.js";
import type { Services } from "../../services.js";
import { sendEvidence } from "./send.js";

type Form = { description?: string; file?: unknown };

/**
 * Evidence on the staff's pages: the upload form (a card on the case page, and a page of its own
 * when an upload is refused), and the files and thumbnails behind the case page's card. Scope is
 * the case's: a user who may not see the case gets 404.
 */
export function staffEvidenceRoutes(services: Services): Router {
  const router = express.Router();
  const viewer = (res: Response): Viewer => ({ kind: "user", user: res.req.user! });

  const renderForm = async (res: Response, id: number, status: number, data: Record<string, unknown>) => {
    const kase = await services.cases.get(res.req.user!, id);
    res.status(status).render("pages/evidence/upload", {
      title: `上传证据材料 · ${kase.number}`,
      action: `/cases/${kase.id}/evidence`,
      back: { href: `/cases/${kase.id}#evidence`, text: `返回案件 ${kase.number}` },
      values: {},
      ...data,
    });
  };

  router.get("/cases/:id/evidence/new", async (req, res) => {
    const errors = req.query.error === "too-large" ? [{ field: "file", message: TOO_LARGE }] : undefined;
    await renderForm(res, idParam(req.params.id), errors ? 400 : 200, { errors });
  });

  router.post("/cases/:id/evidence", async (req, res) => {
    const id = idParam(req.params.id);
    const body = (req.body ?? {}) as Form;
    try {
      await services.evidence.upload(viewer(res), id, body);
      res.redirect(303, `/cases/${id}?evidence=added#evidence`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderForm(res, id, 400, { errors: err.errors, values: { description: body.description } });
    }
  });

  router.get("/evidence/:id", async (req, res) => {
    sendEvidence(res, await services.evidence.file(viewer(res), idParam(req.params.id)));
  });

  router.get("/evidence/:id/thumbnail", async (req, res) => {
    sendEvidence(res, await services.evidence.file(viewer(res), idParam(req.params.id), "thumbnail"), true);
  });

  return router;
}
