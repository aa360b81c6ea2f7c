import type { Request, Response } from "express";
import { APPLICATION_PHOTO_FIELDS } from "../evidence/application-photos.js";
import { MAX_EVIDENCE_BYTES } from "../evidence/content.js";
import { multipartUpload } from "../http/upload-body.js";

/** Three files of at most 10 MB each and the form's text; a little over for the framing. */
export const APPLICATION_BODY_LIMIT = APPLICATION_PHOTO_FIELDS.length * MAX_EVIDENCE_BYTES + 256 * 1024;

/**
 * The 我要调解 form's multipart body (mounted in src/app.ts before the CSRF check, which reads the
 * token from it). A body over the limit is not read: the answer is the empty form with the reason.
 */
export function applicationFormBody() {
  return multipartUpload(APPLICATION_BODY_LIMIT, (_req: Request, res: Response) => {
    res.redirect(303, "/my/apply?error=too-large");
  });
}
