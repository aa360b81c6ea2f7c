import express, { type Router } from "express";
import { idParam } from "../http/ids.js";
import type { Services } from "../services.js";
import { sendPdf } from "./documents.js";

/**
 * The committee's office poster for parties (QR code to /my/apply), linked from the organisation
 * page. Under /admin, but for a director too (their own committee): the service checks.
 */
export function officePosterRoutes(services: Services): Router {
  const router = express.Router();
  router.get("/admin/organisations/:id/poster.pdf", async (req, res) => {
    sendPdf(res, await services.documents.officePoster(req.user!, idParam(req.params.id)));
  });
  return router;
}
