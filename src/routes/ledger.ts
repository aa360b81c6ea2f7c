import express, { type Request, type Response, type Router } from "express";
import type { UploadedFile } from "../http/multipart.js";
import { LEDGER_OUTCOME_LABELS } from "../ledger/parse.js";
import type { Services } from "../services.js";
import { submitForm } from "./form.js";

const FORBIDDEN = "只有调解委员会主任可以导入本委员会的纸质台账。";

/** 补录: uploading a committee's paper ledger, checking it row by row, and confirming it. */
export function ledgerRoutes(services: Services): Router {
  const router = express.Router();
  const { ledger } = services;
  const forbidden = (res: Response) =>
    res.status(403).render("pages/errors/error", { title: "无权访问", detail: FORBIDDEN });
  const uploadPage = (req: Request) => ({
    title: "导入纸质台账",
    organisationName: req.user!.organisation.name,
    outcomes: Object.values(LEDGER_OUTCOME_LABELS).join("、"),
  });

  router.get("/ledger/import", (req, res) => {
    if (!ledger.canImport(req.user!)) return forbidden(res);
    res.render("pages/ledger/import", { ...uploadPage(req), values: {} });
  });

  router.post("/ledger/import", async (req, res) => {
    if (!ledger.canImport(req.user!)) return forbidden(res);
    const body = (req.body ?? {}) as { file?: UploadedFile };
    const file = body.file && Buffer.isBuffer(body.file.data) ? body.file : undefined;
    await submitForm(
      res,
      "pages/ledger/import",
      async () => uploadPage(req),
      { filename: file?.filename ?? "" },
      async () =>
        `/ledger/import/${(await ledger.preview(req.user!, { content: file?.data, filename: file?.filename || undefined })).id}`,
    );
  });

  const previewPage = async (req: Request) => {
    const preview = await ledger.get(req.user!, Number(req.params.id));
    return { title: "核对导入的台账", preview, done: req.query.done === "1" };
  };

  router.get("/ledger/import/:id", async (req, res) => {
    res.render("pages/ledger/preview", await previewPage(req));
  });

  router.post("/ledger/import/:id", async (req, res) => {
    const id = Number(req.params.id);
    const page = await previewPage(req);
    await submitForm(
      res,
      "pages/ledger/preview",
      async () => page,
      req.body,
      async () => {
        await ledger.confirm(req.user!, id, req.body);
        return `/ledger/import/${id}?done=1`;
      },
    );
  });

  return router;
}
