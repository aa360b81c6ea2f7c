import type { Request, Response } from "express";
import { MAX_EVIDENCE_BYTES } from "../../evidence/content.js";
import { multipartUpload } from "../../http/upload-body.js";

/** A multipart body with a file of at most 10 MB and a short description; a little over for the framing. */
export const EVIDENCE_BODY_LIMIT = MAX_EVIDENCE_BYTES + 64 * 1024;

/**
 * The evidence upload forms' body (mounted in src/app.ts before the CSRF check, which reads the
 * form's token from it). A file over the limit loses the form, token included: the answer is the
 * upload page again with the reason (a GET, so nothing is changed).
 */
export function evidenceFormBody() {
  return multipartUpload(EVIDENCE_BODY_LIMIT, (req: Request, res: Response) => {
    res.redirect(303, `${req.baseUrl}/new?error=too-large`);
  });
}

/** A stored file: its own type, PDFs as a download, photos shown; never sniffed as something else. */
export function sendEvidence(
  res: Response,
  file: { name: string; mime: string; bytes: Buffer },
  thumbnail = false,
): void {
  const disposition = file.mime === "application/pdf" ? "attachment" : "inline";
  const name = thumbnail ? `缩略图-${file.name.replace(/\.\w+$/, "")}.jpg` : file.name;
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  res.set("Content-Type", file.mime);
  res.set("X-Content-Type-Options", "nosniff");
  res.set(
    "Content-Disposition",
    `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  );
  res.send(file.bytes);
}
