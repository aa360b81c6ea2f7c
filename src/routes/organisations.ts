import express, { type Router } from "express";
import { NotFoundError } from "../errors.js";
import { inScope, scopeFor } from "../people/scope.js";
import type { Services } from "../services.js";
import { canPrintPoster } from "../documents/service.js";
import { idParam } from "../http/ids.js";

/** An organisation's page: visible to its members, the officers over its region, and admins; 404 to others. */
export function organisationRoutes(services: Services): Router {
  const router = express.Router();

  router.get("/organisations/:id", async (req, res) => {
    const org = await services.organisations.get(idParam(req.params.id));
    if (!inScope(scopeFor(req.user!), { organisationId: org.id, regionCode: org.regionCode })) {
      throw new NotFoundError();
    }
    const [regionPath, members, roster] = await Promise.all([
      services.regions.pathNames(org.regionCode, org.regionLevel),
      services.users.list({ organisationId: org.id }),
      services.mediators.matching.roster(org.id),
    ]);
    res.render("pages/organisations/show", {
      title: org.name,
      org,
      regionPath,
      members,
      roster,
      canPrintPoster: canPrintPoster(req.user!, org.id),
    });
  });

  return router;
}
