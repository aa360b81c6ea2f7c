import express, { type Router } from "express";
import type { CaseFilter } from "../../cases/service.js";
import { ValidationError } from "../../errors.js";
import { queryOf } from "../../http/query.js";
import { hasRole } from "../../people/scope.js";
import type { Services } from "../../services.js";
import { parseOrThrow } from "../../validation.js";
import { listQuery } from "../../cases/list-query.js";
import { filterRegionOptions, filterTypeOptions, OPTIONS } from "../case-options.js";

/** The web list counts up to this many cases; beyond it, it says "10,000 件以上". */
export const LIST_COUNT_LIMIT = 10_000;

/** GET /cases: the cases the user may see, filtered and paged. */
export function listRoutes(services: Services): Router {
  const router = express.Router();

  router.get("/cases", async (req, res) => {
    let filter: CaseFilter = {};
    let errors;
    try {
      filter = parseOrThrow(listQuery, queryOf(req)) as CaseFilter;
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      errors = err.errors;
    }
    const [result, types, regions] = await Promise.all([
      services.cases.list(req.user!, filter, { countLimit: LIST_COUNT_LIMIT }),
      filterTypeOptions(services),
      filterRegionOptions(services, req.user!),
    ]);
    const query = new URLSearchParams(queryOf(req));
    query.delete("page");
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    // Past the counting limit there is a next page as long as this one is full.
    const hasNext = result.page < pages || (!!result.totalCapped && result.items.length === result.pageSize);
    res.status(errors ? 400 : 200).render("pages/cases/list", {
      title: "案件",
      result,
      filter: queryOf(req),
      errors,
      options: { ...OPTIONS, types, regions },
      canRegister: hasRole(req.user, "clerk", "director"),
      canImportLedger: services.ledger.canImport(req.user!),
      moved: typeof req.query.moved === "string" ? req.query.moved : null,
      prevPage: result.page > 1 ? `?${query.toString()}&page=${result.page - 1}` : null,
      nextPage: hasNext ? `?${query.toString()}&page=${result.page + 1}` : null,
      pages,
    });
  });

  return router;
}
