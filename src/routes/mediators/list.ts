import express, { type Router } from "express";
import { ValidationError, type FieldError } from "../../errors.js";
import { queryOf } from "../../http/query.js";
import { keepsRecords } from "../../mediators/access.js";
import { POOL_LEVEL_LABELS } from "../../mediators/labels.js";
import { MEDIATOR_KIND_LABELS } from "../../mediators/roster.js";
import { listQuery } from "../../mediators/schemas.js";
import { hasRole, type SessionUser } from "../../people/scope.js";
import type { Services } from "../../services.js";
import { parseOrThrow } from "../../validation.js";
import { typeOptions } from "../case-options.js";
import { options } from "./common.js";

const PAGE_SIZE = 50;

/** GET /mediators: the records the user may see, filtered by kind, specialty, place and name. */
export function listRoutes(services: Services): Router {
  const router = express.Router();
  const records = services.mediators.records;

  // Places within the user's own area (admins: all), villager groups left out.
  const regionOptions = async (user: SessionUser) => {
    const prefix = records.area(user);
    return (await services.regions.list({ withGroups: false }))
      .filter((r) => hasRole(user, "admin") || r.code.startsWith(prefix))
      .map((r) => ({ value: r.code, label: r.name }));
  };

  router.get("/mediators", async (req, res) => {
    const filter = queryOf(req);
    let errors: FieldError[] | undefined;
    let parsed = {};
    try {
      parsed = parseOrThrow(listQuery, filter);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      errors = err.errors;
    }
    const all = await records.list(req.user!, { ...parsed, includeRetired: filter.retired === "true" });
    const page = Math.max(1, Number(filter.page) || 1);
    const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
    const query = new URLSearchParams(filter);
    query.delete("page");
    res.status(errors ? 400 : 200).render("pages/mediators/list", {
      title: "调解员",
      items: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
      total: all.length,
      page,
      pages,
      prevPage: page > 1 ? `?${query.toString()}&page=${page - 1}` : null,
      nextPage: page < pages ? `?${query.toString()}&page=${page + 1}` : null,
      filter,
      errors,
      options: {
        kinds: options(MEDIATOR_KIND_LABELS),
        types: await typeOptions(services),
        regions: await regionOptions(req.user!),
      },
      canKeep: keepsRecords(req.user!),
      poolLevels: POOL_LEVEL_LABELS,
    });
  });

  return router;
}
