import express, { type Response, type Router } from "express";
import { ValidationError } from "../errors.js";
import { idParam } from "../http/ids.js";
import { requireRole } from "../middleware/require-role.js";
import type { Services } from "../services.js";

function sendPng(res: Response, png: Buffer): void {
  res.type("image/png").set("Content-Disposition", "inline").send(png);
}

/**
 * Staff pages of electronic signing (src/signing/): a party's handwritten signature on the case
 * page (for those who may see the case: 404 otherwise), and the committee's seal image, which the
 * admin uploads at /admin/organisations/{id}/seal (a transparent PNG, checked by content).
 */
export function signingRoutes({ cases, signing, organisations }: Services): Router {
  const router = express.Router();

  router.get("/cases/:id/signatures/:sid.png", async (req, res) => {
    const kase = await cases.get(req.user!, idParam(req.params.id));
    sendPng(res, await signing.image(kase.id, idParam(req.params.sid)));
  });

  async function sealPage(res: Response, id: number, status: number, extra: Record<string, unknown> = {}) {
    const org = await organisations.get(id);
    const seal = await signing.seal(id);
    res.status(status).render("pages/admin/organisation-seal", {
      title: `调委会印章：${org.name}`,
      org,
      seal: seal && { uploadedAt: seal.uploadedAt, sha256: seal.sha256 },
      ...extra,
    });
  }

  router.get("/admin/organisations/:id/seal", requireRole("admin"), async (req, res) => {
    await sealPage(res, idParam(req.params.id), 200, { saved: req.query.saved === "1" });
  });

  router.get("/admin/organisations/:id/seal.png", requireRole("admin"), async (req, res) => {
    const seal = await signing.seal(idParam(req.params.id));
    if (!seal) return res.status(404).end();
    sendPng(res, seal.image);
  });

  router.post("/admin/organisations/:id/seal", requireRole("admin"), async (req, res) => {
    const id = idParam(req.params.id);
    await organisations.get(id);
    try {
      await signing.uploadSeal(req.user!, id, (req.body as { seal?: unknown }).seal);
      res.redirect(303, `/admin/organisations/${id}/seal?saved=1`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await sealPage(res, id, 400, { errors: err.errors });
    }
  });

  return router;
}
