import express, { type Router } from "express";
import type { MatchResult } from "../../mediators/matching.js";
import { listQuery } from "../../mediators/schemas.js";
import type { Services } from "../../services.js";
import { parseOrThrow } from "../../validation.js";
import { idParam } from "../../http/ids.js";
import { queryOf } from "../../http/query.js";

/** A match as api.md promises it, plus the explanation's parts (ordering fields stay internal). */
function matchJson(r: MatchResult) {
  const { points: _p, loadRatio: _l, ...rest } = r;
  void _p;
  void _l;
  return rest;
}

const SPREADSHEET = [
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/octet-stream",
  "text/csv",
  "text/plain",
  "text/tab-separated-values",
];

/**
 * Mediators, teams, expert pools and matching in the JSON API, through the same service methods
 * as the web pages. A roster file is sent as the request body (an .xlsx workbook or CSV text).
 */
export function mediatorApiRoutes(services: Services): Router {
  const router = express.Router();
  const m = services.mediators;

  router.get("/cases/:id/matches", async (req, res) => {
    const report = await m.matching.matches(req.user!, idParam(req.params.id), queryOf(req), {
      teams: false,
    });
    res.set("X-Total-Count", String(report.ranked + report.excluded)).json(report.results.map(matchJson));
  });

  router.get("/cases/:id/team-matches", async (req, res) => {
    res.json((await m.matching.matches(req.user!, idParam(req.params.id), queryOf(req))).teams);
  });

  router.get("/mediators", async (req, res) => {
    const filter = parseOrThrow(listQuery, queryOf(req));
    const items = await m.records.list(req.user!, filter);
    res.json(
      items.map(({ specialtyNames: _s, active: _a, ...item }) => {
        void _s;
        void _a;
        return item;
      }),
    );
  });

  router.post("/mediators", async (req, res) => {
    const id = await m.records.create(req.user!, req.body ?? {});
    res
      .status(201)
      .location(`/api/v1/mediators/${id}`)
      .json(await m.records.get(req.user!, id));
  });

  router.post("/mediators/imports", express.raw({ type: SPREADSHEET, limit: "5mb" }), async (req, res) => {
    const body: unknown = req.body;
    const content = Buffer.isBuffer(body) ? body : typeof body === "string" ? body : undefined;
    const preview = await m.imports.preview(req.user!, {
      organisationId: req.query.organisationId,
      filename: typeof req.query.filename === "string" ? req.query.filename : undefined,
      content: content ?? (body as { content?: unknown } | undefined)?.content,
    });
    res.status(201).location(`/api/v1/mediators/imports/${preview.id}`).json(preview);
  });

  router.get("/mediators/imports/:id", async (req, res) => {
    res.json(await m.imports.get(req.user!, idParam(req.params.id)));
  });

  router.post("/mediators/imports/:id/confirm", async (req, res) => {
    const imported = await m.imports.confirm(req.user!, idParam(req.params.id), req.body ?? {});
    res.json({ imported, preview: await m.imports.get(req.user!, idParam(req.params.id)) });
  });

  router.get("/mediators/:id", async (req, res) => {
    res.json(await m.records.get(req.user!, idParam(req.params.id)));
  });

  router.get("/mediators/:id/record", async (req, res) => {
    res.json(await m.records.record(req.user!, idParam(req.params.id)));
  });

  router.put("/mediators/:id", async (req, res) => {
    await m.records.update(req.user!, idParam(req.params.id), req.body ?? {});
    res.json(await m.records.get(req.user!, idParam(req.params.id)));
  });

  router.post("/mediators/:id/unavailability", async (req, res) => {
    await m.availability.addUnavailability(req.user!, idParam(req.params.id), req.body ?? {});
    res.status(201).json((await m.records.get(req.user!, idParam(req.params.id))).unavailability);
  });

  router.delete("/mediators/:id/unavailability/:periodId", async (req, res) => {
    await m.availability.removeUnavailability(
      req.user!,
      idParam(req.params.id),
      idParam(req.params.periodId),
    );
    res.status(204).end();
  });

  router.post("/mediators/:id/relations", async (req, res) => {
    await m.availability.addRelation(req.user!, idParam(req.params.id), req.body ?? {});
    res.status(201).json((await m.records.get(req.user!, idParam(req.params.id))).relations);
  });

  router.delete("/mediators/:id/relations/:relationId", async (req, res) => {
    await m.availability.removeRelation(req.user!, idParam(req.params.id), idParam(req.params.relationId));
    res.status(204).end();
  });

  router.get("/mediator-teams", async (req, res) => {
    res.json(await m.teams.list(req.user!));
  });

  router.post("/mediator-teams", async (req, res) => {
    const id = await m.teams.create(req.user!, req.body ?? {});
    res
      .status(201)
      .location(`/api/v1/mediator-teams/${id}`)
      .json(await m.teams.get(req.user!, id));
  });

  router.get("/mediator-teams/:id", async (req, res) => {
    res.json(await m.teams.get(req.user!, idParam(req.params.id)));
  });

  router.put("/mediator-teams/:id", async (req, res) => {
    await m.teams.update(req.user!, idParam(req.params.id), req.body ?? {});
    res.json(await m.teams.get(req.user!, idParam(req.params.id)));
  });

  router.get("/expert-pools", async (req, res) => {
    res.json(await m.pools.list(req.user!));
  });

  router.post("/expert-pools", async (req, res) => {
    const id = await m.pools.create(req.user!, req.body ?? {});
    res
      .status(201)
      .location(`/api/v1/expert-pools/${id}`)
      .json(await m.pools.get(req.user!, id));
  });

  router.get("/expert-pools/:id", async (req, res) => {
    res.json(await m.pools.get(req.user!, idParam(req.params.id)));
  });

  router.post("/expert-pools/:id/batches", async (req, res) => {
    const batchId = await m.pools.addBatch(req.user!, idParam(req.params.id), req.body ?? {});
    const pool = await m.pools.get(req.user!, idParam(req.params.id));
    res.status(201).json(pool.batches.find((b) => b.id === batchId));
  });

  router.post("/expert-pools/:id/batches/:batchId/members", async (req, res) => {
    await m.pools.appoint(req.user!, idParam(req.params.id), idParam(req.params.batchId), req.body ?? {});
    const pool = await m.pools.get(req.user!, idParam(req.params.id));
    res.json(pool.batches.find((b) => b.id === idParam(req.params.batchId)));
  });

  router.delete("/expert-pools/:id/batches/:batchId/members/:mediatorId", async (req, res) => {
    await m.pools.dismiss(
      req.user!,
      idParam(req.params.id),
      idParam(req.params.batchId),
      idParam(req.params.mediatorId),
    );
    res.status(204).end();
  });

  return router;
}
