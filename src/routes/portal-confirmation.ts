import express, { type Request, type Response, type Router } from "express";
import { ConflictError, LegalRuleError, ValidationError } from "../errors.js";
import { idParam } from "../http/ids.js";
import { requireParty } from "../middleware/party-session.js";
import type { Services } from "../services.js";
import { stepCodeNotice } from "./portal-step-codes.js";

/**
 * /my/cases/{id}/confirmation (申请司法确认): what it means, the court, the materials sent, who has
 * agreed, then the SMS code (the form posts to /my/cases/{id}/codes with purpose confirm) and
 * 同意共同申请. Refusals re-render the page: 400 (code, agree), 409, 422 (after the 30 days).
 */
export function portalConfirmationRoutes({ onlineConfirmation }: Services): Router {
  const router = express.Router();

  async function page(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const id = idParam(req.params.id);
    const overview = await onlineConfirmation.overview(res.locals.partyPhone!, id);
    res.status(status).render("pages/portal/confirmation", {
      title: "申请司法确认",
      overview,
      codeNotice: stepCodeNotice(req.query as Record<string, unknown>),
      ...extra,
    });
  }

  router.get("/my/cases/:id/confirmation", requireParty, (req, res) => page(req, res, 200));

  router.post("/my/cases/:id/confirmation", requireParty, async (req, res) => {
    const id = idParam(req.params.id);
    const body = (req.body ?? {}) as { code?: string; agree?: string };
    try {
      await onlineConfirmation.agree(
        res.locals.partyPhone!,
        id,
        { code: body.code, agree: body.agree },
        { ip: req.ip ?? "unknown", userAgent: req.get("user-agent") ?? null },
      );
      res.redirect(303, `/my/cases/${id}/confirmation?agreed=1`);
    } catch (err) {
      const values = { code: body.code, agree: body.agree === "true" || body.agree === "on" };
      if (err instanceof ValidationError) return page(req, res, 400, { errors: err.errors, values });
      if (err instanceof ConflictError) return page(req, res, 409, { refused: err.message, values });
      if (err instanceof LegalRuleError) return page(req, res, 422, { refused: err.message, values });
      throw err;
    }
  });

  return router;
}
