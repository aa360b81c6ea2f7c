import express, { type Request, type Response, type Router } from "express";
import { ConflictError, ValidationError } from "../errors.js";
import { idParam } from "../http/ids.js";
import { requireParty } from "../middleware/party-session.js";
import type { Services } from "../services.js";
import { stepCodeNotice } from "./portal-step-codes.js";

type Body = { code?: string; hash?: string; signature?: string };

/**
 * /my/cases/{id}/agreement: the party reads the whole agreement in large type, signs by hand on the
 * screen (public/signature-pad.js), asks for an SMS code (/my/cases/{id}/codes, purpose sign) and
 * confirms. Refusals re-render the page: 400 (no signature, a wrong code), 409 (the text changed
 * meanwhile: the page then shows the new text). The code typed is kept; the drawing is redrawn.
 */
export function portalAgreementRoutes({ signing }: Services): Router {
  const router = express.Router();

  async function page(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const id = idParam(req.params.id);
    const agreement = await signing.page(res.locals.partyPhone!, id);
    res.status(status).render("pages/portal/agreement", {
      title: agreement.effective ? "调解协议" : "签署调解协议",
      agreement,
      codeNotice: stepCodeNotice(req.query as Record<string, unknown>),
      signed: req.query.signed === "1",
      ...extra,
    });
  }

  router.get("/my/cases/:id/agreement", requireParty, (req, res) => page(req, res, 200));

  router.post("/my/cases/:id/agreement/sign", requireParty, async (req, res) => {
    const id = idParam(req.params.id);
    const body = (req.body ?? {}) as Body;
    try {
      await signing.sign(res.locals.partyPhone!, id, body, {
        ip: req.ip ?? null,
        userAgent: req.get("user-agent") ?? null,
      });
      res.redirect(303, `/my/cases/${id}/agreement?signed=1`);
    } catch (err) {
      const values = { code: body.code, signature: body.signature };
      if (err instanceof ValidationError) return page(req, res, 400, { errors: err.errors, values });
      if (err instanceof ConflictError) return page(req, res, 409, { conflict: err.message, values: {} });
      throw err;
    }
  });

  return router;
}
