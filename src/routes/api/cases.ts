import type { CaseView } from "../../cases/views.js";
import { withAgreementSigning } from "../../signing/api-view.js";
import express, { type Router } from "express";
import { listQuery } from "../../cases/list-query.js";
import type { CaseFilter } from "../../cases/service.js";
import type { Services } from "../../services.js";
import { parseOrThrow } from "../../validation.js";
import { documentRoutes } from "../documents.js";
import { idParam } from "../../http/ids.js";
import { queryOf } from "../../http/query.js";

/** The case as api.md names it: its url, and `confirmation` (the latest application) beside the full list. */
function withConfirmation<T extends CaseView>(detail: T) {
  return {
    ...withAgreementSigning(detail),
    confirmation: detail.confirmations.at(-1) ?? null,
    url: `/api/v1/cases/${detail.id}`,
  };
}

/** Cases in the JSON API: the same service methods as the web pages. */
export function caseApiRoutes(services: Services): Router {
  const router = express.Router();

  router.post("/cases", async (req, res) => {
    const key = req.get("Idempotency-Key");
    const { detail, replayed } = await services.cases.intake(req.user!, req.body ?? {}, key);
    res
      .status(replayed ? 200 : 201)
      .location(`/api/v1/cases/${detail.id}`)
      .json({
        id: detail.id,
        number: detail.number,
        status: detail.status,
        version: detail.version,
        url: `/api/v1/cases/${detail.id}`,
        warnings: detail.warnings,
      });
  });

  router.get("/cases", async (req, res) => {
    const filter = parseOrThrow(listQuery, queryOf(req)) as CaseFilter;
    res.json(await services.cases.list(req.user!, filter));
  });

  router.get("/cases/:id", async (req, res) => {
    const detail = await services.cases.get(req.user!, idParam(req.params.id));
    res.json(withConfirmation(detail));
  });

  router.post("/cases/:id/actions/:action", async (req, res) => {
    const { visible, ...detail } = await services.cases.act(
      req.user!,
      idParam(req.params.id),
      req.params.action,
      req.body ?? {},
    );
    // After a referral the caller no longer sees the case: answer with its new number and committee only.
    if (!visible) {
      const { id, number, status, version, organisationId, organisationName } = detail;
      return res.json({ id, number, status, version, organisationId, organisationName, visible: false });
    }
    res.json(withConfirmation(detail));
  });

  router.get("/cases/:id/documents", async (req, res) => {
    const list = await services.documents.list(req.user!, idParam(req.params.id));
    res.json(
      list.map((d) => ({
        kind: d.kind,
        ref: d.ref || undefined,
        title: d.title,
        date: d.date,
        url: `/api/v1${d.url}`,
        verifyCode: d.verifyCode,
        verifyUrl: services.documents.verifyUrl(d.verifyCode),
      })),
    );
  });

  // The PDFs themselves: the same routes as the web pages, here behind the bearer token.
  router.use(documentRoutes(services));

  return router;
}
