import express, { type Router } from "express";
import type { Services } from "../../services.js";
import { deskRoutes } from "./desk.js";
import { photoRoutes } from "./photos.js";
import { reportPageRoutes } from "./report-page.js";
import { workerRoutes } from "./worker.js";

/**
 * The grid loop's staff pages (网格 / 综治中心, src/grid/README.md): the grid worker's phone page,
 * the centre's dispatch desk, a department's work orders, one report's page with its forms.
 * Mounted after the staff login; the parties' side is src/routes/portal-reports.ts.
 */
export function gridRoutes(services: Services): Router {
  const router = express.Router();
  router.use(workerRoutes(services));
  router.use(deskRoutes(services));
  router.use(reportPageRoutes(services));
  router.use(
    photoRoutes(
      services,
      "/grid/photos",
      (_req, _res, next) => next(),
      (req) => req.user!,
    ),
  );
  return router;
}
