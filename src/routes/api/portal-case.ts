import express, { type Router } from "express";
import { idParam } from "../../http/ids.js";
import { partyDocumentPaths } from "../../portal/case-detail.js";
import type { Services } from "../../services.js";
import { withRequestMemo } from "../../shared/request-memo.js";
import { sendPdf } from "../documents.js";
import { partyEvidenceJson } from "./evidence.js";

/**
 * `GET /api/v1/portal/cases/{id}` (api.md): one case as the party sees it, and
 * `GET /api/v1/portal/cases/{id}/documents/{kind}[/{ref}]`: one of their documents as a PDF.
 * Mounted behind the party-token check; another phone's case is 404.
 */
export function portalCaseApiRoutes({ partyCase, evidence }: Services): Router {
  const router = express.Router();

  router.get("/cases/:id", async (req, res) => {
    // The detail's parts share one read of the scheduled sessions (request-memo.ts).
    const d = await withRequestMemo(() => partyCase.detail(res.locals.partyPhone!, idParam(req.params.id)));
    res.json({
      id: d.id,
      number: d.number,
      status: d.status,
      statusText: d.statusText,
      nextStep: d.nextStep,
      typeName: d.typeName,
      committee: d.committee,
      mediators: d.mediators,
      sessions: d.sessions,
      documents: d.documents.map((x) => ({
        kind: x.kind,
        ...(x.ref ? { ref: x.ref } : {}),
        title: x.title,
        url: partyDocumentPaths(d.id, x).url,
      })),
      evidence: await partyEvidenceJson(evidence, res.locals.partyPhone!, d.id),
      timeline: d.timeline,
      me: d.me,
      ...(d.agreement ? { agreement: d.agreement } : {}),
      canDo: d.canDo,
    });
  });

  router.get("/cases/:id/documents/:kind", async (req, res) => {
    const id = idParam(req.params.id);
    sendPdf(res, await partyCase.document(res.locals.partyPhone!, id, req.params.kind, ""));
  });

  router.get("/cases/:id/documents/:kind/:ref", async (req, res) => {
    const id = idParam(req.params.id);
    sendPdf(res, await partyCase.document(res.locals.partyPhone!, id, req.params.kind, req.params.ref));
  });

  return router;
}
