import sharp from "sharp";

export type EvidenceMime = "image/jpeg" | "image/png" | "application/pdf";

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const THUMBNAIL_PX = 320;

/** What the bytes are, by their first bytes (never by the file's name or the browser's type). */
export function sniff(data: Buffer): EvidenceMime | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return "image/jpeg";
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return "image/png";
  if (data.subarray(0, 5).toString("latin1") === "%PDF-") return "application/pdf";
  return null;
}

/**
 * A JPEG without its APP1 (EXIF, XMP: camera, time and GPS location) and APP13 (IPTC) segments.
 * Lossless: the image data is copied as it is. Null when the segments do not parse.
 */
export function stripJpeg(data: Buffer): Buffer | null {
  const out: Buffer[] = [data.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= data.length) {
    if (data[at] !== 0xff) return null;
    const marker = data[at + 1]!;
    if (marker === 0xd9) break; // end of image
    if (marker === 0xda) {
      out.push(data.subarray(at)); // start of scan: the rest is image data
      return Buffer.concat(out);
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0xff) {
      out.push(data.subarray(at, at + 2));
      at += 2;
      continue;
    }
    const length = data.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > data.length) return null;
    if (marker !== 0xe1 && marker !== 0xed) out.push(data.subarray(at, at + 2 + length));
    at += 2 + length;
  }
  return null;
}

/** A PNG without eXIf and text chunks (tEXt, zTXt, iTXt: where XMP and its location live). */
export function stripPng(data: Buffer): Buffer | null {
  const DROP = new Set(["eXIf", "tEXt", "zTXt", "iTXt"]);
  const out: Buffer[] = [data.subarray(0, 8)];
  let at = 8;
  while (at + 12 <= data.length) {
    const length = data.readUInt32BE(at);
    const type = data.subarray(at + 4, at + 8).toString("latin1");
    const end = at + 12 + length;
    if (end > data.length) return null;
    if (!DROP.has(type)) out.push(data.subarray(at, end));
    at = end;
    if (type === "IEND") return Buffer.concat(out);
  }
  return null;
}

export interface CleanFile {
  mime: EvidenceMime;
  content: Buffer;
  thumbnail: Buffer | null;
}

/**
 * The file as it is stored: photos without their metadata (a photo whose EXIF turns it is turned
 * and re-encoded, so it still shows upright without the EXIF) and a JPEG thumbnail of at most
 * 320 px; PDFs exactly as sent. Null when the bytes are not a readable JPEG, PNG or PDF.
 */
export async function cleanFile(data: Buffer): Promise<CleanFile | null> {
  const mime = sniff(data);
  if (!mime) return null;
  if (mime === "application/pdf") return { mime, content: data, thumbnail: null };
  let orientation: number | undefined;
  try {
    const meta = await sharp(data).metadata();
    if (!meta.width || !meta.height) return null;
    orientation = meta.orientation;
  } catch {
    return null;
  }
  let content: Buffer | null;
  if (mime === "image/jpeg" && orientation && orientation !== 1) {
    content = await sharp(data).rotate().jpeg({ quality: 92 }).toBuffer();
  } else {
    content = mime === "image/jpeg" ? stripJpeg(data) : stripPng(data);
  }
  if (!content) return null;
  try {
    const thumbnail = await sharp(content)
      .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 75 })
      .toBuffer();
    return { mime, content, thumbnail };
  } catch {
    return null; // the headers parsed but the image data does not decode
  }
}
