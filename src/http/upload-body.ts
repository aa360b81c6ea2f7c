import express, { type NextFunction, type Request, type Response } from "express";
import { parseMultipart } from "./multipart.js";

/**
 * A multipart/form-data body read up to `limit` bytes and split by parseMultipart into req.body
 * (fields as strings, files as UploadedFile). A body over the limit is not buffered: `tooLarge`
 * answers instead (a Chinese message naming the field, where uploadForms' 413 page names none).
 */
export function multipartUpload(limit: number, tooLarge: (req: Request, res: Response) => void) {
  const raw = express.raw({ type: "multipart/form-data", limit });
  return (req: Request, res: Response, next: NextFunction): void => {
    raw(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === "entity.too.large") return tooLarge(req, res);
      if (err) return next(err);
      if (Buffer.isBuffer(req.body) && req.is("multipart/form-data")) {
        const { fields, files } = parseMultipart(req.body, req.get("content-type") ?? "");
        req.body = { ...fields, ...files };
      }
      next();
    });
  };
}
