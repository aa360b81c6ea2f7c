import sharp from "sharp";
import { ValidationError } from "../errors.js";

/** What a handwritten signature or a seal image may be. */
export const SIGNATURE_LIMITS = { maxBytes: 300 * 1024, maxWidth: 2400, maxHeight: 1600, minInk: 60 };
export const SEAL_LIMITS = { maxBytes: 1024 * 1024, maxWidth: 2000, maxHeight: 2000, minInk: 200 };

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DATA_URL = /^data:image\/png;base64,([A-Za-z0-9+/=\s]+)$/;

const refuse = (field: string, message: string) => new ValidationError([{ field, message }]);

/** The bytes of a `data:image/png;base64,…` URL; 400 naming the field for anything else. */
export function pngFromDataUrl(value: unknown, field: string): Buffer {
  if (typeof value !== "string" || !value) throw refuse(field, "请先在签名框内手写签名");
  const m = DATA_URL.exec(value);
  if (!m) throw refuse(field, "签名图片应为 PNG 格式（data:image/png;base64,…）");
  return Buffer.from(m[1]!.replace(/\s/g, ""), "base64");
}

/**
 * Checks that the bytes are a PNG by content (signature and a decodable image, not by a name or a
 * type the client claims), within the size limits, and not blank: enough dark pixels once drawn on
 * white (a signature box submitted untouched, or a transparent or white image, is refused).
 */
export async function checkPng(
  bytes: Buffer,
  field: string,
  limits: typeof SIGNATURE_LIMITS,
  what: string,
): Promise<{ width: number; height: number; hasAlpha: boolean }> {
  if (bytes.length > limits.maxBytes)
    throw refuse(field, `${what}图片不能超过 ${Math.round(limits.maxBytes / 1024)} KB`);
  if (bytes.length < PNG_MAGIC.length + 12 || !bytes.subarray(0, 8).equals(PNG_MAGIC))
    throw refuse(field, `${what}图片不是 PNG 格式`);
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    throw refuse(field, `${what}图片已损坏，无法读取`);
  }
  if (meta.format !== "png" || !meta.width || !meta.height) throw refuse(field, `${what}图片不是 PNG 格式`);
  if (meta.width > limits.maxWidth || meta.height > limits.maxHeight)
    throw refuse(field, `${what}图片尺寸过大（最大 ${limits.maxWidth}×${limits.maxHeight} 像素）`);
  let grey: Buffer;
  try {
    grey = await sharp(bytes).flatten({ background: "#ffffff" }).greyscale().raw().toBuffer();
  } catch {
    throw refuse(field, `${what}图片已损坏，无法读取`);
  }
  let ink = 0;
  for (const v of grey) if (v < 160) ink++;
  if (ink < limits.minInk)
    throw refuse(field, `${what}是空白的，请${what === "签名" ? "在签名框内手写签名" : "上传有内容的图片"}`);
  return { width: meta.width, height: meta.height, hasAlpha: !!meta.hasAlpha };
}
