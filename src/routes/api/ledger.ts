import express, { type Router } from "express";
import { idParam } from "../../http/ids.js";
import type { Services } from "../../services.js";

const SPREADSHEET = [
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/octet-stream",
  "text/csv",
  "text/plain",
];

/**
 * 补录 through the API, like the roster import: the ledger file is the request body, the answer
 * a preview (201); confirming imports the rows without errors and answers the new cases' ids.
 */
export function ledgerApiRoutes(services: Services): Router {
  const router = express.Router();
  const { ledger } = services;

  router.post("/ledger/imports", express.raw({ type: SPREADSHEET, limit: "5mb" }), async (req, res) => {
    const body: unknown = req.body;
    const preview = await ledger.preview(req.user!, {
      content: Buffer.isBuffer(body) ? body : undefined,
      filename: typeof req.query.filename === "string" ? req.query.filename : undefined,
    });
    res.status(201).location(`/api/v1/ledger/imports/${preview.id}`).json(preview);
  });

  router.get("/ledger/imports/:id", async (req, res) => {
    res.json(await ledger.get(req.user!, idParam(req.params.id)));
  });

  router.post("/ledger/imports/:id/confirm", async (req, res) => {
    const id = idParam(req.params.id);
    const caseIds = await ledger.confirm(req.user!, id, req.body ?? {});
    res.json({ imported: caseIds.length, caseIds, preview: await ledger.get(req.user!, id) });
  });

  return router;
}
