import express, { type Router } from "express";
import { idParam } from "../http/ids.js";
import { requireParty } from "../middleware/party-session.js";
import { partyDocumentPaths, type PartyCaseDetail } from "../portal/case-detail.js";
import type { Services } from "../services.js";
import { withRequestMemo } from "../shared/request-memo.js";
import { pdfName, sendPdf } from "./documents.js";
import { partyEvidenceExtra } from "./evidence/card.js";

/**
 * What other parts of the party's case page need beyond the case (a rating card, evidence…):
 * each adds one loader, whose result is merged into the page's locals.
 */
export const CASE_PAGE_EXTRAS: ((
  services: Services,
  phone: string,
  caseId: number,
) => Promise<Record<string, unknown>>)[] = [
  (services, phone, caseId) => partyEvidenceExtra(services.evidence, phone, caseId),
  async (services, phone, caseId) => ({ rating: await services.ratings.card(phone, caseId) }),
  // 司法确认 online (src/online-confirmation/): the card views/partials/portal-confirmation.hbs.
  async (services, phone, caseId) => ({
    confirmation: await services.onlineConfirmation.overview(phone, caseId),
  }),
  // 已安排的调解 (src/video/): the case page is the party's only way in, so no phone check is repeated here.
  async (services, _phone, caseId) => ({
    videoSessions: (await services.video.schedule.forCase(caseId)).map((s) => ({
      ...s,
      joinUrl: `/my/cases/${caseId}/sessions/${s.id}/room`,
    })),
  }),
];

/** The case as the page shows it: each document with its web link. */
export function caseForPage(detail: PartyCaseDetail, ahead: { startsAt: string; placeKind: string }[] = []) {
  const aheadKeys = new Set(ahead.map((s) => `${s.startsAt}|${s.placeKind}`));
  return {
    ...detail,
    documents: detail.documents.map((d) => ({ ...d, webUrl: partyDocumentPaths(detail.id, d).webUrl })),
    // Those scheduled ahead have a section of their own (views/partials/portal-sessions.hbs).
    sessions: detail.sessions.map((s) => ({ ...s, ahead: aheadKeys.has(`${s.startsAt}|${s.placeKind}`) })),
  };
}

/**
 * /my/cases/{id}: one of the party's cases (status and next step, mediators and sessions,
 * documents, then the other parts' sections, then 经过), and their documents as PDFs. A case in
 * which the signed-in phone is no party's or agent's is 404, as one that does not exist.
 */
export function portalCaseRoutes(services: Services): Router {
  const router = express.Router();
  const { partyCase } = services;

  router.get("/my/cases/:id", requireParty, async (req, res) => {
    const phone = res.locals.partyPhone!;
    // The page's parts read the same case, parties and sessions: once per request (request-memo.ts).
    const { detail, extras } = await withRequestMemo(async () => {
      const detail = await partyCase.detail(phone, idParam(req.params.id));
      const extras = await Promise.all(CASE_PAGE_EXTRAS.map((load) => load(services, phone, detail.id)));
      return { detail, extras };
    });
    const locals = Object.assign({}, ...extras) as Record<string, unknown>;
    res.render("pages/portal/case", {
      title: `${detail.typeName} · 我的纠纷`,
      case: caseForPage(detail, (locals.videoSessions as { startsAt: string; placeKind: string }[]) ?? []),
      ...locals,
    });
  });

  router.get("/my/cases/:id/documents/:file", requireParty, async (req, res) => {
    const id = idParam(req.params.id);
    sendPdf(res, await partyCase.document(res.locals.partyPhone!, id, pdfName(String(req.params.file)), ""));
  });

  router.get("/my/cases/:id/documents/:kind/:file", requireParty, async (req, res) => {
    const id = idParam(req.params.id);
    const ref = pdfName(String(req.params.file));
    sendPdf(res, await partyCase.document(res.locals.partyPhone!, id, String(req.params.kind), ref));
  });

  return router;
}
