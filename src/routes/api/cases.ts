import express, { type Request, type Router } from "express";
import { z } from "zod";
import { STATUSES } from "../../cases/lifecycle.js";
import { SOURCES } from "../../cases/schemas.js";
import type { CaseFilter } from "../../cases/service.js";
import type { Services } from "../../services.js";
import { isoDate, parseOrThrow, queryInt } from "../../validation.js";
import { documentRoutes } from "../documents.js";
import { idParam } from "../../http/ids.js";

const flag = z.preprocess((v) => v === "true" || v === "1" || v === true, z.boolean());

export const listQuery = z.object({
  status: z.enum(STATUSES, { error: "status 无效" }).optional(),
  typeCode: z.string().max(32).optional(),
  source: z.enum(SOURCES, { error: "source 无效" }).optional(),
  region: z
    .string()
    .regex(/^\d{12}(\d{3})?$/, "region 应为区划代码")
    .optional(),
  from: isoDate("起始日期 from").optional(),
  to: isoDate("截止日期 to").optional(),
  overdue: flag.optional(),
  mine: flag.optional(),
  q: z.string().trim().max(100, "搜索词不能超过 100 个字").optional(),
  page: queryInt("page", 1).optional(),
  pageSize: queryInt("pageSize", 1, 100).optional(),
});

/** Query-string values: "" means not given. */
export function queryOf(req: Request): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.query).filter(([, v]) => typeof v === "string" && v !== "") as [string, string][],
  );
}

/** The case as api.md names it: its url, and `confirmation` (the latest application) beside the full list. */
function withConfirmation<T extends { id: number; confirmations: unknown[] }>(detail: T) {
  return { ...detail, confirmation: detail.confirmations.at(-1) ?? null, url: `/api/v1/cases/${detail.id}` };
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
