import express, { type Router } from "express";
import type { Services } from "../../services.js";
import { actionRoutes } from "./action.js";
import { intakeRoutes } from "./intake.js";
import { listRoutes } from "./list.js";
import { showRoutes } from "./show.js";

export { LIST_COUNT_LIMIT } from "./list.js";

/** The case pages: list, intake, the case page, and each action's form. */
export function caseRoutes(services: Services): Router {
  const router = express.Router();
  router.use(listRoutes(services));
  // Before the case page: `/cases/:id` would take `/cases/new`.
  router.use(intakeRoutes(services));
  router.use(showRoutes(services));
  router.use(actionRoutes(services));
  return router;
}
