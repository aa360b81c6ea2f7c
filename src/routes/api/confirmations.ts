import express, { type Router } from "express";
import { listQuery } from "../../confirmations/list-query.js";
import type { Services } from "../../services.js";
import { parseOrThrow } from "../../validation.js";
import { idParam } from "../../http/ids.js";

/** The court's side of judicial confirmation in the API (api.md): queue, file, extend, decision. */
export function confirmationApiRoutes(services: Services): Router {
  const router = express.Router();
  const one = async (req: express.Request) => {
    const { item } = await services.confirmations.get(req.user!, idParam(req.params.id));
    return item;
  };

  router.get("/confirmations", async (req, res) => {
    const { status } = parseOrThrow(listQuery, { status: req.query.status || undefined });
    res.json(await services.confirmations.queue(req.user!, status));
  });
  router.get("/confirmations/:id", async (req, res) => res.json(await one(req)));
  router.post("/confirmations/:id/file", async (req, res) => {
    await services.confirmations.file(req.user!, idParam(req.params.id), req.body ?? {});
    res.json(await one(req));
  });
  router.post("/confirmations/:id/extend", async (req, res) => {
    await services.confirmations.extend(req.user!, idParam(req.params.id), req.body ?? {});
    res.json(await one(req));
  });
  router.post("/confirmations/:id/request-material", async (req, res) => {
    await services.confirmations.requestMaterial(req.user!, idParam(req.params.id), req.body ?? {});
    res.json(await one(req));
  });
  // The committee's answer (clerk or director of the case's committee).
  router.post("/confirmations/:id/answer", async (req, res) => {
    await services.confirmations.answerMaterial(req.user!, idParam(req.params.id), req.body ?? {});
    res.status(204).end();
  });
  // Additions beyond api.md: refusal to file (解释 art. 355) and withdrawal (art. 357).
  router.post("/confirmations/:id/refuse", async (req, res) => {
    await services.confirmations.refuse(req.user!, idParam(req.params.id), req.body ?? {});
    res.json(await one(req));
  });
  router.post("/confirmations/:id/withdraw", async (req, res) => {
    await services.confirmations.withdraw(req.user!, idParam(req.params.id), req.body ?? {});
    res.json(await one(req));
  });
  router.post("/confirmations/:id/decision", async (req, res) => {
    await services.confirmations.decide(req.user!, idParam(req.params.id), req.body ?? {});
    res.json(await one(req));
  });
  return router;
}
