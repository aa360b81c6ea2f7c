import type { Request, Response } from "express";
import { MAX_EVIDENCE_BYTES } from "../../evidence/content.js";
import { multipartUpload } from "../../http/upload-body.js";
import { REPORT_PHOTO_FIELDS } from "./report-form.js";

/** Three photos of at most 10 MB each and the form's text; a little over for the framing. */
export const REPORT_BODY_LIMIT = REPORT_PHOTO_FIELDS.length * MAX_EVIDENCE_BYTES + 256 * 1024;

/**
 * The report forms' multipart body (/grid/reports for a grid worker, /my/reports for a party),
 * mounted in src/app.ts before the CSRF check, which reads the token from it. A body over the
 * limit is not read: the answer is the empty form with the reason.
 */
export function reportFormBody() {
  return multipartUpload(REPORT_BODY_LIMIT, (req: Request, res: Response) => {
    res.redirect(303, `${req.baseUrl}/new?error=too-large`);
  });
}
