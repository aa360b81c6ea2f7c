import express, { type Response, type Router } from "express";
import { ValidationError } from "../errors.js";
import { requireParty } from "../middleware/party-session.js";
import type { Services } from "../services.js";
import { partyReports } from "./grid/party-list.js";

type Body = { phone?: string; code?: string; step?: string };

function renderLogin(res: Response, status: number, data: Record<string, unknown>) {
  res.status(status).render("pages/portal/login", { title: "当事人登录", ...data });
}

/**
 * The parties' pages (当事人端), on their own session (src/middleware/party-session.ts): sign in
 * with a phone and an SMS code, then "我的纠纷". Phone first, one question per screen, big buttons.
 */
export function portalRoutes(services: Services): Router {
  const router = express.Router();
  const { signIn, cases } = services.portal;

  router.get("/my/login", (req, res) => {
    if (res.locals.partyPhone) return res.redirect(303, "/my");
    renderLogin(res, 200, { step: "phone", loggedOut: req.query.loggedOut === "1" });
  });

  // Step 1: the phone → a code by SMS, then the code box on the same page.
  router.post("/my/login/code", async (req, res) => {
    const body = req.body as Body;
    try {
      const result = await signIn.requestCode({ phone: body.phone }, req.ip ?? "unknown");
      if (result.outcome === "limited") {
        res.set("Retry-After", String(result.retryAfterSeconds));
        // A resend asked for too soon keeps the code box: the code already sent still works.
        const step = body.step === "code" ? "code" : "phone";
        return renderLogin(res, 429, { step, phone: body.phone, error: result.message });
      }
      renderLogin(res, 200, { step: "code", phone: normalise(body.phone) });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      renderLogin(res, 400, { step: "phone", phone: body.phone, errors: err.errors });
    }
  });

  // Step 2: the code → a party session (a new session id: no fixation), then 我的纠纷.
  router.post("/my/login", async (req, res, next) => {
    const body = req.body as Body;
    try {
      const result = await signIn.verify({ phone: body.phone, code: body.code });
      if (result.outcome === "refused") {
        return renderLogin(res, 401, { step: "code", phone: body.phone, error: result.message });
      }
      req.session.regenerate((err) => {
        if (err) return next(err);
        req.session.partyPhone = result.phone;
        req.session.partySignedInAt = Date.now();
        res.redirect(303, "/my");
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const phoneWrong = err.errors.some((e) => e.field === "phone");
      renderLogin(res, 400, { step: phoneWrong ? "phone" : "code", phone: body.phone, errors: err.errors });
    }
  });

  router.post("/my/logout", (req, res, next) => {
    req.session.destroy((err) => (err ? next(err) : res.redirect(303, "/my/login?loggedOut=1")));
  });

  router.get("/my", requireParty, async (_req, res) => {
    const phone = res.locals.partyPhone!;
    const list = await cases.list(phone);
    const steps = await services.partyCase.nextSteps(
      phone,
      list.map((c) => c.id),
    );
    res.render("pages/portal/home", {
      title: "我的纠纷",
      maskedPhone: `${phone.slice(0, 3)}****${phone.slice(7)}`,
      cases: list.map((c) => ({ ...c, nextStep: steps.get(c.id) })),
      smsOptedOut: await services.messages.isOptedOut(phone),
      reports: await partyReports(services, phone),
    });
  });

  return router;
}

function normalise(phone: string | undefined): string {
  return (phone ?? "").replace(/[\s-]/g, "").replace(/^(\+86|0086)/, "");
}
