import express, { type Router } from "express";
import { idParam } from "../../http/ids.js";
import type { Services } from "../../services.js";

/**
 * The rights-and-duties notice and the party's answer (api.md "People in the dispute"):
 * `GET /portal/cases/{id}/notice` → the 告知书's text; `POST /portal/cases/{id}/consent
 * {noticeRead: true, consented}` → 200 `{consented, at}`. 400 without noticeRead: true (naming
 * 已阅读告知书); 404 for a case the phone is not a party's or agent's on; 409 when the case is past
 * mediation, the party has answered already, or (with `version`) the case changed meanwhile.
 */
export function portalConsentApiRoutes({ partyConsent }: Services): Router {
  const router = express.Router();

  router.get("/cases/:id/notice", async (req, res) => {
    res.json(await partyConsent.notice(res.locals.partyPhone!, idParam(req.params.id)));
  });

  router.post("/cases/:id/consent", async (req, res) => {
    res.json(await partyConsent.answer(res.locals.partyPhone!, idParam(req.params.id), req.body));
  });

  return router;
}
