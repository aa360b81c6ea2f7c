import { ValidationError } from "../errors.js";
import type { PhotoUpload } from "./types.js";

/**
 * A report's body as JSON, or as multipart/form-data with photos in file fields named `photo`,
 * `photos`, `photo1`… (`parties` then a JSON array in a text field).
 */
export function reportInput(body: unknown): { input: Record<string, unknown>; photos: PhotoUpload[] } {
  const input: Record<string, unknown> = {};
  const photos: PhotoUpload[] = [];
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    const file = v as { filename?: unknown; data?: unknown } | null;
    if (file && typeof file === "object" && Buffer.isBuffer(file.data)) {
      if (/^photos?\d*$/.test(k) && file.data.length > 0) {
        photos.push({ filename: typeof file.filename === "string" ? file.filename : "", data: file.data });
      }
      continue;
    }
    input[k] = v;
  }
  if (typeof input.parties === "string") {
    try {
      input.parties = input.parties.trim() ? JSON.parse(input.parties) : undefined;
    } catch {
      throw new ValidationError([
        { field: "parties", message: '当事人应为 JSON 数组，如 [{"side":"applicant","name":"张三"}]' },
      ]);
    }
  }
  return { input, photos };
}
