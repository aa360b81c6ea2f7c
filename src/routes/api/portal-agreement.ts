import express, { type Router } from "express";
import { idParam } from "../../http/ids.js";
import type { Services } from "../../services.js";

/**
 * `POST /portal/cases/{id}/agreement/sign {code, hash, signature}` (api.md "People in the
 * dispute") → 201 `{signedAt, hash}`: the party signs the agreement drafted for signing online.
 * 400 naming the field (a missing or wrong code from `POST /portal/cases/{id}/codes {purpose:
 * "sign"}`, a signature that is not a PNG data URL, not a PNG by content, too large or blank); 404
 * for a case the phone is no party's or agent's on; 409 when `hash` is not the current text's,
 * the party signed already, or nothing is out for signing.
 */
export function portalAgreementApiRoutes({ signing }: Services): Router {
  const router = express.Router();

  router.post("/cases/:id/agreement/sign", async (req, res) => {
    const result = await signing.sign(res.locals.partyPhone!, idParam(req.params.id), req.body, {
      ip: req.ip ?? null,
      userAgent: req.get("user-agent") ?? null,
    });
    res.status(201).json(result);
  });

  return router;
}
