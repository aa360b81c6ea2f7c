import express, { type Router } from "express";
import { catalog } from "../../documents/catalog.js";
import { availableDrafts } from "../../documents/drafts.js";
import { documentPath } from "../../documents/service.js";
import { idParam } from "../../http/ids.js";
import { queryOf } from "../../http/query.js";
import { hasRole } from "../../people/scope.js";
import type { Services } from "../../services.js";
import { LABELS } from "../case-options.js";
import { evidenceCard } from "../evidence/card.js";
import { phoneLayout } from "./show-layout.js";
import { mayHost } from "../../video/access.js";

/**
 * GET /cases/:id, the case page, composed here and only here: the case from the case service,
 * then each part from the service that owns it — the 推荐调解员 panel from matching (while the
 * case can still be assigned), the 补录 note from the ledger import, the documents from the
 * catalogue.
 */
export function showRoutes(services: Services): Router {
  const router = express.Router();

  router.get("/cases/:id", async (req, res) => {
    const user = req.user!;
    const kase = await services.cases.get(user, idParam(req.params.id));
    const [matchPanel, backfill, agreementDraft, evidence] = await Promise.all([
      services.mediators.matching.panel(kase, queryOf(req)),
      services.ledger.note(kase.id),
      services.agreementDrafts.of(kase),
      // The case was just loaded through the user's scope: the evidence card need not check it again.
      evidenceCard(services.evidence, { kind: "user", user, visibleCaseId: kase.id }, kase.id, queryOf(req)),
    ]);
    const activeAssignments = kase.assignments.filter((a) => !a.endedAt);
    res.render("pages/cases/show", {
      title: `${kase.number}`,
      kase,
      ...phoneLayout(kase, activeAssignments, req.query, services.clock.now()),
      activeAssignments,
      pastAssignments: kase.assignments.filter((a) => a.endedAt),
      events: [...kase.events].reverse(),
      labels: LABELS,
      canAnswerCourt: kase.organisationId === user.organisation.id && hasRole(user, "clerk", "director"),
      documents: catalog(kase).map((d) => ({ ...d, url: documentPath(kase.id, d.kind, d.ref) })),
      done: typeof req.query.done === "string" ? req.query.done : null,
      backfill,
      agreementDraft,
      evidence,
      ratings: await services.ratings.forCase(kase.id),
      // 已安排的调解: the host (director, assigned mediator) enters an online one's video room from here.
      upcomingSessions: (await services.video.schedule.forCase(kase.id)).map((s) => ({
        ...s,
        roomUrl: s.online && mayHost(user, kase) ? `/cases/${kase.id}/sessions/${s.id}/room` : null,
      })),
      // 来源：网格上报 — only cases a centre sent from a grid report have one.
      gridSource: kase.source === "grid_report" ? await services.gridCaseSource.of(kase.id) : null,
      // Papers printed before the fact they record (告知书 待送达, 司法确认申请书 待签署), unregistered.
      drafts: availableDrafts(kase),
      ...(matchPanel ? { matchPanel } : {}),
    });
  });

  return router;
}
