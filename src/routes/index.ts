import express, { type Router } from "express";
import type { Passport } from "../middleware/auth.js";
import { requireLogin } from "../middleware/auth.js";
import { requireRole } from "../middleware/require-role.js";
import type { Services } from "../services.js";
import { adminRoutes } from "./admin/index.js";
import { messageRoutes } from "./admin/messages.js";
import { authRoutes } from "./auth.js";
import { caseRoutes } from "./cases/index.js";
import { courtRoutes } from "./court.js";
import { documentRoutes, verifyRoutes } from "./documents.js";
import { homeRoutes } from "./home.js";
import { layoutLocals } from "./layout.js";
import { ledgerRoutes } from "./ledger.js";
import { mediatorRoutes } from "./mediators/index.js";
import { organisationRoutes } from "./organisations.js";
import { officePosterRoutes } from "./office-poster.js";
import { portalRoutes } from "./portal.js";
import { portalApplyRoutes } from "./portal-apply.js";
import { portalCaseRoutes } from "./portal-case.js";
import { partyEvidenceRoutes } from "./evidence/party.js";
import { staffEvidenceRoutes } from "./evidence/staff.js";
import { portalRatingRoutes } from "./portal-rating.js";
import { portalConsentRoutes } from "./portal-consent.js";
import { portalMessagesRoutes } from "./portal-messages.js";
import { preferenceRoutes } from "./preferences.js";
import { statsRoutes } from "./stats.js";

export function webRoutes(services: Services, passport: Passport): Router {
  const router = express.Router();
  router.use(layoutLocals);
  router.use(authRoutes(services, passport));
  router.use(preferenceRoutes());
  router.use(verifyRoutes(services));
  // The parties' pages sign in on their own (a party session, not a staff login).
  router.use(portalRoutes(services));
  router.use(portalApplyRoutes(services));
  router.use(portalCaseRoutes(services));
  router.use(partyEvidenceRoutes(services));
  router.use(portalRatingRoutes(services));
  router.use(portalConsentRoutes(services));
  router.use(portalMessagesRoutes(services));
  router.use(requireLogin);
  router.use(homeRoutes(services));
  router.use(organisationRoutes(services));
  router.use(mediatorRoutes(services));
  router.use(ledgerRoutes(services));
  router.use(caseRoutes(services));
  router.use(staffEvidenceRoutes(services));
  router.use(documentRoutes(services));
  router.use(courtRoutes(services));
  router.use(statsRoutes(services));
  // Admins and directors (their committee's): the service checks, so the page and the API agree.
  router.use("/admin/messages", messageRoutes(services));
  router.use(officePosterRoutes(services));
  router.use("/admin", requireRole("admin"), adminRoutes(services));
  return router;
}
