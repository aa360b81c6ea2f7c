import express, { type Response, type Router } from "express";
import { sendProblem } from "../../http/problem.js";
import { requirePartyBearer } from "../../middleware/party-session.js";
import type { CodeResult } from "../../portal/sign-in.js";
import type { Services } from "../../services.js";
import { portalApplicationApiRoutes } from "./portal-applications.js";
import { portalCaseApiRoutes } from "./portal-case.js";
import { portalEvidenceApiRoutes } from "./evidence.js";
import { portalRatingApiRoutes } from "./portal-rating.js";
import { portalConsentApiRoutes } from "./portal-consent.js";
import { portalStepCodeApiRoutes } from "./portal-step-codes.js";
import { portalConfirmationApiRoutes } from "./portal-confirmation.js";
import { portalAgreementApiRoutes } from "./portal-agreement.js";
import { portalGridApiRoutes } from "./grid.js";

function tooMany(res: Response, result: Extract<CodeResult, { outcome: "limited" }>): void {
  res.set("Retry-After", String(result.retryAfterSeconds));
  sendProblem(res, 429, result.message);
}

/**
 * The parties' API (api.md "People in the dispute"), mounted at /api/v1/portal before the staff's
 * bearer check: sign-in by SMS code, then party tokens only (a staff token is 401 here, and a
 * party token is 401 on every staff route, which looks in api_tokens alone).
 */
export function portalApiRoutes(services: Services): Router {
  const router = express.Router();
  const { signIn, cases } = services.portal;

  router.post("/auth/code", async (req, res) => {
    const result = await signIn.requestCode(req.body ?? {}, req.ip ?? "unknown");
    if (result.outcome === "limited") return tooMany(res, result);
    res.status(202).json({ expiresAt: result.expiresAt });
  });

  router.post("/auth/token", async (req, res) => {
    const result = await signIn.verify(req.body ?? {});
    if (result.outcome === "refused") return sendProblem(res, 401, result.message);
    res.status(201).json(await signIn.issueToken(result.phone));
  });

  router.use(requirePartyBearer(services));
  router.use(portalApplicationApiRoutes(services));
  router.use(portalCaseApiRoutes(services));
  router.use(portalEvidenceApiRoutes(services));
  router.use(portalRatingApiRoutes(services));
  router.use(portalConsentApiRoutes(services));
  router.use(portalStepCodeApiRoutes(services));
  router.use(portalConfirmationApiRoutes(services));
  router.use(portalAgreementApiRoutes(services));
  router.use(portalGridApiRoutes(services));

  router.get("/cases", async (_req, res) => {
    const list = await cases.list(res.locals.partyPhone!);
    const steps = await services.partyCase.nextSteps(
      res.locals.partyPhone!,
      list.map((c) => c.id),
    );
    res.json(
      list.map((c) => ({
        id: c.id,
        number: c.number,
        trackingCode: c.trackingCode,
        status: c.status,
        statusText: c.statusText,
        typeName: c.typeName,
        committee: c.committee,
        nextStep: steps.get(c.id),
        updatedAt: c.updatedAt,
      })),
    );
  });

  return router;
}
