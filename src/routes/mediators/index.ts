import express, { type Router } from "express";
import type { Services } from "../../services.js";
import { importRoutes } from "./import.js";
import { listRoutes } from "./list.js";
import { poolRoutes } from "./pools.js";
import { recordRoutes } from "./record.js";
import { teamRoutes } from "./teams.js";

/** The mediator pages. The case page's 推荐调解员 panel is the case page's own (routes/cases/show.ts). */
export function mediatorRoutes(services: Services): Router {
  const router = express.Router();
  router.use(listRoutes(services));
  router.use(importRoutes(services));
  router.use(teamRoutes(services));
  router.use(poolRoutes(services));
  // Last: `/mediators/:id` would take `/mediators/import`, `/teams` and `/pools`.
  router.use(recordRoutes(services));
  return router;
}
