import express, { type Response, type Router } from "express";
import { NotFoundError } from "../errors.js";
import type { Services } from "../services.js";
import { idParam } from "../http/ids.js";

export function sendPdf(res: Response, { pdf, filename }: { pdf: Buffer; filename: string }): void {
  res
    .type("application/pdf")
    .set(
      "Content-Disposition",
      `inline; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    )
    .set("Cache-Control", "private, no-store")
    .send(pdf);
}

/** "agreement.pdf" → "agreement"; anything not ending in .pdf is not a document. */
export function pdfName(file: string): string {
  if (!file.endsWith(".pdf")) throw new NotFoundError("没有这份文书");
  return file.slice(0, -4);
}

/** Case documents as PDFs for signed-in users (scope as for the case). */
export function documentRoutes(services: Services): Router {
  const router = express.Router();

  router.get("/cases/:id/file.pdf", async (req, res) => {
    sendPdf(res, await services.documents.caseFile(req.user!, idParam(req.params.id)));
  });

  // Unsigned or undelivered papers (待签署, 待送达): marked, and not issued documents.
  router.get("/cases/:id/drafts/:file", async (req, res) => {
    sendPdf(
      res,
      await services.documents.renderDraft(req.user!, idParam(req.params.id), pdfName(req.params.file)),
    );
  });

  router.get("/cases/:id/documents/:file", async (req, res) => {
    sendPdf(
      res,
      await services.documents.render(req.user!, idParam(req.params.id), pdfName(req.params.file), ""),
    );
  });

  router.get("/cases/:id/documents/:kind/:file", async (req, res) => {
    sendPdf(
      res,
      await services.documents.render(
        req.user!,
        idParam(req.params.id),
        req.params.kind,
        pdfName(req.params.file),
      ),
    );
  });

  return router;
}

/** Anyone holding a printed document checks it here: no login, and no party's personal data shown. */
export function verifyRoutes(services: Services): Router {
  const router = express.Router();

  router.get("/verify", async (req, res) => {
    const code = typeof req.query.code === "string" ? req.query.code.trim() : "";
    if (code) return res.redirect(303, `/verify/${encodeURIComponent(code)}`);
    res.render("pages/documents/verify", { title: "文书验证" });
  });

  router.get("/verify/:code", async (req, res) => {
    const found = await services.documents.lookUp(req.params.code);
    res.status(found ? 200 : 404).render("pages/documents/verify", {
      title: "文书验证",
      code: req.params.code,
      found,
      notFound: !found,
    });
  });

  return router;
}
