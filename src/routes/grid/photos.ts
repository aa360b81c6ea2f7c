import express, { type Request, type RequestHandler, type Response, type Router } from "express";
import type { GridActor } from "../../grid/types.js";
import { idParam } from "../../http/ids.js";
import type { Services } from "../../services.js";
import { sendEvidence } from "../evidence/send.js";

/**
 * A report's photos and their thumbnails (`{base}/{id}` and `{base}/{id}/thumbnail`), for whoever
 * may see the report (the service answers 404 otherwise): sent with their own type and `nosniff`,
 * as the evidence files are. Staff under /grid/photos, a party under /my/reports/photos.
 */
export function photoRoutes(
  services: Services,
  base: string,
  guard: RequestHandler,
  actorOf: (req: Request, res: Response) => GridActor,
): Router {
  const router = express.Router();
  router.get(`${base}/:id`, guard, async (req, res) => {
    sendEvidence(res, await services.grid.photo(actorOf(req, res), idParam(req.params.id), "content"));
  });
  router.get(`${base}/:id/thumbnail`, guard, async (req, res) => {
    const thumb = await services.grid.photo(actorOf(req, res), idParam(req.params.id), "thumbnail");
    sendEvidence(res, thumb, true);
  });
  return router;
}
