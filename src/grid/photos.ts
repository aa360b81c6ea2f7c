import { createHash } from "node:crypto";
import { cleanFile, MAX_EVIDENCE_BYTES } from "../evidence/content.js";
import { cleanName, TOO_LARGE, WRONG_TYPE } from "../evidence/service.js";
import { ValidationError } from "../errors.js";
import type { PhotoUpload } from "./types.js";

export const MAX_PHOTOS = 6;

/** The photos sent with a report, checked by content and cleaned (EXIF removed) before anything is stored. */
export async function preparePhotos(photos: PhotoUpload[]) {
  if (photos.length > MAX_PHOTOS) {
    throw new ValidationError([{ field: "photos", message: `照片最多 ${MAX_PHOTOS} 张` }]);
  }
  const out = [];
  for (const [i, p] of photos.entries()) {
    const clean = p.data.length > MAX_EVIDENCE_BYTES ? null : await cleanFile(p.data);
    if (!clean) {
      const label = `第 ${i + 1} 张照片${p.filename ? `（${p.filename}）` : ""}`;
      throw new ValidationError([
        {
          field: "photos",
          message: `${label}：${p.data.length > MAX_EVIDENCE_BYTES ? TOO_LARGE : WRONG_TYPE}`,
        },
      ]);
    }
    const sha256 = createHash("sha256").update(clean.content).digest("hex");
    out.push({
      name: cleanName(p.filename, clean.mime),
      mime: clean.mime,
      sha256,
      bytes: clean.content,
      thumbnail: clean.thumbnail,
    });
  }
  return out;
}
