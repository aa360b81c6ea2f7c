import express, { type Router } from "express";
import { ValidationError } from "../errors.js";
import { idParam } from "../http/ids.js";
import { requireParty } from "../middleware/party-session.js";
import type { StepPurpose } from "../portal/step-codes.js";
import type { Services } from "../services.js";

/** Where each step's page is: the form comes back there. */
const STEP_PAGES: Record<StepPurpose, string> = { sign: "agreement", confirm: "confirmation" };

/**
 * What a step's page says about its code, from the query the form below redirects with:
 * `?code=sent` (已发送), `?code=limited&wait=N`, `?code=invalid`.
 */
export function stepCodeNotice(query: Record<string, unknown>): { sent: boolean; message: string } | null {
  if (query.code === "sent") return { sent: true, message: "验证码已发送到您的手机，5分钟内有效" };
  if (query.code === "limited") {
    const wait = Number(query.wait);
    return {
      sent: false,
      message:
        Number.isInteger(wait) && wait > 0 && wait <= 120
          ? `验证码已发送，请 ${wait} 秒后再获取`
          : "获取验证码的次数已达上限，请稍后再试",
    };
  }
  return null;
}

/**
 * `POST /my/cases/{id}/codes` (purpose, _csrf): the web form of a step page asks for its SMS code,
 * then goes back to the step's page (`/my/cases/{id}/agreement` or `/confirmation`) with
 * `?code=sent|limited`. A script asking with `Accept: application/json` gets 202 `{expiresAt}`
 * or 429 `{message, retryAfterSeconds}` instead, so a drawn signature is not lost.
 */
export function portalStepCodeRoutes({ portal }: Services): Router {
  const router = express.Router();

  router.post("/my/cases/:id/codes", requireParty, async (req, res) => {
    const id = idParam(req.params.id);
    const body = (req.body ?? {}) as { purpose?: unknown };
    const json = req.accepts(["html", "json"]) === "json";
    try {
      const result = await portal.stepCodes.request(res.locals.partyPhone!, id, body, req.ip ?? "unknown");
      const page = `/my/cases/${id}/${STEP_PAGES[body.purpose as StepPurpose]}`;
      if (result.outcome === "limited") {
        res.set("Retry-After", String(result.retryAfterSeconds));
        if (json) return res.status(429).json(result);
        const wait = result.retryAfterSeconds <= 120 ? `&wait=${result.retryAfterSeconds}` : "";
        return res.redirect(303, `${page}?code=limited${wait}#code`);
      }
      if (json) return res.status(202).json({ expiresAt: result.expiresAt });
      res.redirect(303, `${page}?code=sent#code`);
    } catch (err) {
      if (!(err instanceof ValidationError) || !json) throw err;
      res.status(400).json({ message: err.message, errors: err.errors });
    }
  });

  return router;
}
