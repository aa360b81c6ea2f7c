import express, { type Router } from "express";
import type { Services } from "../../services.js";
import { auditRoutes } from "./audit.js";
import { calendarAdminRoutes } from "./calendar.js";
import { organisationAdminRoutes } from "./organisations.js";
import { regionAdminRoutes } from "./regions.js";
import { userAdminRoutes } from "./users.js";

export function adminRoutes(services: Services): Router {
  const router = express.Router();
  router.get("/", (_req, res) => res.redirect("/"));
  router.use("/users", userAdminRoutes(services));
  router.use("/organisations", organisationAdminRoutes(services));
  router.use("/regions", regionAdminRoutes(services));
  router.use("/calendar", calendarAdminRoutes(services));
  router.use("/audit", auditRoutes(services));
  return router;
}
