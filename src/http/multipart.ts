import express, { type NextFunction, type Request, type Response, type Router } from "express";

/** A file sent with a form (enctype multipart/form-data). */
export interface UploadedFile {
  filename: string;
  data: Buffer;
}

/**
 * Splits a multipart/form-data body into its text fields and files. Only what a form with one
 * or two file inputs needs: no nested multiparts, headers in UTF-8 (as browsers send them).
 */
export function parseMultipart(
  body: Buffer,
  contentType: string,
): { fields: Record<string, string>; files: Record<string, UploadedFile> } {
  const fields: Record<string, string> = {};
  const files: Record<string, UploadedFile> = {};
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) return { fields, files };
  const delimiter = Buffer.from(`--${m[1] ?? m[2]!.trim()}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start + 2, next - 2); // after CRLF, before the CRLF preceding the delimiter
    const split = part.indexOf("\r\n\r\n");
    if (split >= 0) {
      const headers = part.subarray(0, split).toString("utf8");
      const content = part.subarray(split + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined && filename !== undefined) {
        if (filename !== "" || content.length > 0) files[name] = { filename, data: Buffer.from(content) };
      } else if (name !== undefined) fields[name] = content.toString("utf8");
    }
    at = next;
  }
  return { fields, files };
}

/**
 * Parses file-upload forms into req.body (fields as strings, files as UploadedFile), before the
 * CSRF check reads the form's token. Mounted only on the paths that take uploads.
 */
export function uploadForms(limit = "5mb"): Router {
  const router = express.Router();
  router.use(express.raw({ type: "multipart/form-data", limit }));
  router.use((req: Request, _res: Response, next: NextFunction) => {
    if (Buffer.isBuffer(req.body) && req.is("multipart/form-data")) {
      const { fields, files } = parseMultipart(req.body, req.get("content-type") ?? "");
      req.body = { ...fields, ...files };
    }
    next();
  });
  return router;
}
