import express, { type Router } from "express";
import type { Passport } from "../../middleware/auth.js";
import { ValidationError } from "../../errors.js";
import { sendProblem } from "../../http/problem.js";
import { requireJsonObjectBody } from "../../middleware/api-body.js";
import { requireBearer } from "../../middleware/auth.js";
import { regionPrefix } from "../../places/kinds.js";
import { organisationQuery } from "../../places/organisations.js";
import { tokenSchema } from "../../people/auth.js";
import type { Services } from "../../services.js";
import { parseOrThrow } from "../../validation.js";
import { caseApiRoutes } from "./cases.js";
import { confirmationApiRoutes } from "./confirmations.js";
import { EVIDENCE_UPLOAD_PATHS, evidenceApiRoutes, partyEvidenceDownload } from "./evidence.js";
import { ledgerApiRoutes } from "./ledger.js";
import { mediatorApiRoutes } from "./mediators.js";
import { messageApiRoutes } from "./messages.js";
import { portalApiRoutes } from "./portal.js";
import { statsApiRoutes } from "./stats.js";
import { gridStatsApiRoutes } from "./grid-stats.js";
import { GRID_UPLOAD_PATHS, gridApiRoutes } from "./grid.js";

/** JSON API v1 (api.md): bearer tokens, problem+json errors, no cookies, so no CSRF. */
export function apiRoutes(services: Services, passport: Passport): Router {
  const router = express.Router();
  router.use(express.json({ limit: "200kb" }));
  router.use(
    requireJsonObjectBody([
      "/mediators/imports",
      "/ledger/imports",
      ...EVIDENCE_UPLOAD_PATHS,
      ...GRID_UPLOAD_PATHS,
    ]),
  );

  // The same failed-login counts as the web form (per username and per address), audited (M4, L10).
  router.post("/auth/token", async (req, res) => {
    const { username, password } = parseOrThrow(tokenSchema, req.body ?? {});
    const result = await services.auth.login(username, password, req.ip ?? "unknown", "api");
    if (result.outcome === "locked") {
      res.set("Retry-After", String(result.retryAfterSeconds));
      const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
      return sendProblem(res, 429, `登录尝试次数过多，请 ${minutes} 分钟后再试`);
    }
    if (result.outcome === "failed") return sendProblem(res, 401, "用户名或密码错误");
    res.status(201).json(await services.auth.issueToken(result.user.id));
  });

  // The parties' side signs in by SMS code and carries party tokens, never staff ones.
  router.use("/portal", portalApiRoutes(services));

  // A party token may fetch its own cases' evidence; any other token goes on to the staff route.
  router.get("/evidence/:id", partyEvidenceDownload(services));

  router.use(requireBearer(passport));

  /** Revokes the token this request carries (signing out of the API). */
  router.delete("/auth/token", async (req, res) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.get("authorization") ?? "")?.[1] ?? "";
    await services.auth.revokeToken(token);
    res.status(204).end();
  });

  router.get("/me", (req, res) => {
    const u = req.user!;
    res.json({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      roles: u.roles,
      organisationId: u.organisation.id,
      organisationName: u.organisation.name,
    });
  });

  router.get("/regions", async (req, res) => {
    const parent = typeof req.query.parent === "string" && req.query.parent ? req.query.parent : null;
    if (parent && !(await services.regions.find(parent))) {
      throw new ValidationError([{ field: "parent", message: `区划代码 ${parent} 不存在` }]);
    }
    const regions = await services.regions.children(parent);
    res.json(regions.map(({ code, name, level, parentCode }) => ({ code, name, level, parentCode })));
  });

  router.get("/organisations", async (req, res) => {
    const query = parseOrThrow(organisationQuery, {
      kind: req.query.kind || undefined,
      region: req.query.region || undefined,
    });
    let prefix: string | undefined;
    if (query.region) {
      const region = await services.regions.find(query.region);
      if (!region)
        throw new ValidationError([{ field: "region", message: `区划代码 ${query.region} 不存在` }]);
      prefix = regionPrefix(region.code, region.level);
    }
    const orgs = await services.organisations.list({ kind: query.kind, regionPrefix: prefix });
    res.json(
      orgs.map((o) => ({
        id: o.id,
        name: o.name,
        kind: o.kind,
        regionCode: o.regionCode,
        numberPrefix: o.numberPrefix,
        active: o.active,
      })),
    );
  });

  router.get("/dispute-types", async (_req, res) => {
    res.json(await services.disputeTypes.list());
  });

  router.use(caseApiRoutes(services));
  router.use(evidenceApiRoutes(services));
  router.use(gridApiRoutes(services));
  router.use(confirmationApiRoutes(services));
  router.use(mediatorApiRoutes(services));
  router.use(ledgerApiRoutes(services));
  router.use(statsApiRoutes(services));
  router.use(gridStatsApiRoutes(services));
  router.use(messageApiRoutes(services));

  return router;
}
