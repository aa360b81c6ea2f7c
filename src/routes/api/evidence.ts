import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { EvidenceItem, EvidenceService, Viewer } from "../../evidence/service.js";
import { TOO_LARGE } from "../../evidence/service.js";
import { idParam } from "../../http/ids.js";
import { sendProblem } from "../../http/problem.js";
import { multipartUpload } from "../../http/upload-body.js";
import type { Services } from "../../services.js";
import { EVIDENCE_BODY_LIMIT, sendEvidence } from "../evidence/send.js";

/** The upload's body; a file over 10 MB is a 400 naming the field, as a smaller bad file is. */
const uploadBody = multipartUpload(EVIDENCE_BODY_LIMIT, (_req, res) =>
  sendProblem(res, 400, TOO_LARGE, [{ field: "file", message: TOO_LARGE }]),
);

/** The API's paths that take a multipart body (exempt from the JSON-object check). */
export const EVIDENCE_UPLOAD_PATHS = [
  /^\/cases\/[^/]+\/evidence\/?$/,
  /^\/portal\/cases\/[^/]+\/evidence\/?$/,
];

function listed(e: EvidenceItem) {
  return {
    id: e.id,
    name: e.name,
    size: e.size,
    sha256: e.sha256,
    mime: e.mime,
    uploadedBy: e.uploaderName,
    uploadedAt: e.uploadedAt,
    description: e.description,
    url: `/api/v1/evidence/${e.id}`,
  };
}

/** A case's evidence as a party reads it (api.md `GET /portal/cases/{id}`: `evidence`); 404 unless theirs. */
export async function partyEvidenceJson(evidence: EvidenceService, phone: string, caseId: number) {
  return (await evidence.list({ kind: "party", phone }, caseId)).map((e) => ({
    id: e.id,
    name: e.name,
    size: e.size,
    uploadedAt: e.uploadedAt,
    mine: e.mine,
    url: `/api/v1/evidence/${e.id}`,
  }));
}

/** Staff (behind the bearer check): api.md "Evidence, signing and messages on the staff side". */
export function evidenceApiRoutes(services: Services): Router {
  const router = express.Router();
  const viewer = (req: Request): Viewer => ({ kind: "user", user: req.user! });

  router.get("/cases/:id/evidence", async (req, res) => {
    res.json((await services.evidence.list(viewer(req), idParam(req.params.id))).map(listed));
  });

  router.post("/cases/:id/evidence", uploadBody, async (req, res) => {
    const created = await services.evidence.upload(viewer(req), idParam(req.params.id), req.body ?? {});
    res.status(201).location(`/api/v1/evidence/${created.id}`).json(created);
  });

  router.get("/evidence/:id", async (req, res) => {
    sendEvidence(res, await services.evidence.file(viewer(req), idParam(req.params.id)));
  });

  return router;
}

/** The parties' calls (after the party-token check): upload to their own case, list its evidence. */
export function portalEvidenceApiRoutes(services: Services): Router {
  const router = express.Router();
  const viewer = (res: Response): Viewer => ({ kind: "party", phone: res.locals.partyPhone! });

  router.post("/cases/:id/evidence", uploadBody, async (req, res) => {
    const created = await services.evidence.upload(viewer(res), idParam(req.params.id), req.body ?? {});
    res.status(201).location(`/api/v1/evidence/${created.id}`).json(created);
  });

  router.get("/cases/:id/evidence", async (req, res) => {
    res.json(await partyEvidenceJson(services.evidence, res.locals.partyPhone!, idParam(req.params.id)));
  });

  return router;
}

/**
 * `GET /evidence/{id}` with a party token (before the staff's bearer check, which knows only staff
 * tokens): the file when it belongs to one of the party's cases, else 404. Any other token goes on
 * to the staff route.
 */
export function partyEvidenceDownload(services: Services) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.get("authorization") ?? "")?.[1];
    const phone = token ? await services.portal.signIn.phoneForToken(token) : null;
    if (!phone) return next();
    const viewer: Viewer = { kind: "party", phone };
    sendEvidence(res, await services.evidence.file(viewer, idParam(req.params.id)));
  };
}
