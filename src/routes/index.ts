import express, { type Router } from "express";
import type { Passport } from "../middleware/auth.js";
import { requireLogin } from "../middleware/auth.js";
import { requireRole } from "../middleware/require-role.js";
import type { Services } from "../services.js";
import { adminRoutes } from "./admin/index.js";
import { authRoutes } from "./auth.js";
import { caseRoutes } from "./cases.js";
import { homeRoutes } from "./home.js";
import { layoutLocals } from "./layout.js";
import { organisationRoutes } from "./organisations.js";
import { preferenceRoutes } from "./preferences.js";

export function webRoutes(services: Services, passport: Passport): Router {
  const router = express.Router();
  router.use(layoutLocals);
  router.use(authRoutes(services, passport));
  router.use(preferenceRoutes());
  router.use(requireLogin);
  router.use(homeRoutes(services));
  router.use(organisationRoutes(services));
  router.use(caseRoutes(services));
  router.use("/admin", requireRole("admin"), adminRoutes(services));
  return router;
}
