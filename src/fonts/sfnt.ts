/**
 * Just enough of the TrueType (glyf-outline) format to cut a large CJK font into small web fonts:
 * read the tables and the Unicode map, and keep the outlines of some characters (woff.ts then
 * packs them for browsers).
 */

export interface TrueTypeFont {
  tables: Map<string, Buffer>;
  /** Unicode code point → glyph id, from the font's (3,10) format 12 map. */
  glyphOf: Map<number, number>;
}

export function parseTrueType(data: Buffer): TrueTypeFont {
  if (data.readUInt32BE(0) !== 0x00010000) throw new Error("not a TrueType font with glyf outlines");
  const tables = new Map<string, Buffer>();
  const count = data.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const tag = data.toString("latin1", at, at + 4);
    const offset = data.readUInt32BE(at + 8);
    tables.set(tag, data.subarray(offset, offset + data.readUInt32BE(at + 12)));
  }
  return { tables, glyphOf: readCmap(table(tables, "cmap")) };
}

function table(tables: Map<string, Buffer>, tag: string): Buffer {
  const found = tables.get(tag);
  if (!found) throw new Error(`font has no ${tag} table`);
  return found;
}

/** Code point → glyph id from a cmap table's (3,10) format 12 subtable. */
export function readCmap(cmap: Buffer): Map<number, number> {
  const glyphOf = new Map<number, number>();
  for (let i = 0; i < cmap.readUInt16BE(2); i++) {
    const at = 4 + 8 * i;
    const sub = cmap.subarray(cmap.readUInt32BE(at + 4));
    if (cmap.readUInt16BE(at) !== 3 || cmap.readUInt16BE(at + 2) !== 10 || sub.readUInt16BE(0) !== 12)
      continue;
    for (let g = 0; g < sub.readUInt32BE(12); g++) {
      const [start, end, gid] = [0, 4, 8].map((o) => sub.readUInt32BE(16 + 12 * g + o)) as [
        number,
        number,
        number,
      ];
      for (let cp = start; cp <= end; cp++) glyphOf.set(cp, gid + cp - start);
    }
    return glyphOf;
  }
  throw new Error("font has no Unicode (3,10) format 12 character map");
}

/** Component glyph ids of a composite glyph, with the byte offset of each id in the glyph. */
function components(glyph: Buffer): { gid: number; at: number }[] {
  if (glyph.length === 0 || glyph.readInt16BE(0) >= 0) return [];
  const found: { gid: number; at: number }[] = [];
  let at = 10;
  for (;;) {
    const flags = glyph.readUInt16BE(at);
    found.push({ gid: glyph.readUInt16BE(at + 2), at: at + 2 });
    at += 4 + (flags & 0x1 ? 4 : 2) + (flags & 0x8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
    if (!(flags & 0x20)) return found;
  }
}

/** Tables kept as they are; layout (GSUB, GPOS…) and vertical metrics are dropped with the other glyphs. */
const COPIED = ["OS/2", "name", "gasp", "prep", "cvt ", "fpgm"];

/**
 * A font with only the glyphs of the given code points (and .notdef). Glyphs are renumbered in
 * code point order, so the new character map is a few runs; metrics come from the original.
 */
export function subset(font: TrueTypeFont, codePoints: number[]): Map<string, Buffer> {
  const { tables } = font;
  const head = table(tables, "head");
  const numGlyphs = table(tables, "maxp").readUInt16BE(4);
  const longLoca = head.readInt16BE(50) === 1;
  const loca = table(tables, "loca");
  const glyf = table(tables, "glyf");
  const glyphData = (gid: number) =>
    longLoca
      ? glyf.subarray(loca.readUInt32BE(4 * gid), loca.readUInt32BE(4 * gid + 4))
      : glyf.subarray(2 * loca.readUInt16BE(2 * gid), 2 * loca.readUInt16BE(2 * gid + 2));

  const mapped = [...new Set(codePoints)].sort((a, b) => a - b).filter((cp) => font.glyphOf.has(cp));
  const order = [0];
  const newId = new Map<number, number>([[0, 0]]);
  const keep = (gid: number) => {
    if (newId.has(gid) || gid >= numGlyphs) return;
    newId.set(gid, order.length);
    order.push(gid);
  };
  for (const cp of mapped) keep(font.glyphOf.get(cp)!);
  for (let i = 0; i < order.length; i++) for (const c of components(glyphData(order[i]!))) keep(c.gid);

  const hmtx = table(tables, "hmtx");
  const longMetrics = table(tables, "hhea").readUInt16BE(34);
  const glyphs: Buffer[] = [];
  const newLoca = Buffer.alloc(4 * (order.length + 1));
  const newHmtx = Buffer.alloc(4 * order.length);
  let offset = 0;
  order.forEach((gid, i) => {
    const data = Buffer.from(glyphData(gid));
    for (const c of components(data)) data.writeUInt16BE(newId.get(c.gid) ?? 0, c.at);
    glyphs.push(data, Buffer.alloc((4 - (data.length % 4)) % 4));
    newLoca.writeUInt32BE(offset, 4 * i);
    offset += data.length + ((4 - (data.length % 4)) % 4);
    const m = Math.min(gid, longMetrics - 1);
    newHmtx.writeUInt16BE(hmtx.readUInt16BE(4 * m), 4 * i);
    const lsbAt = gid < longMetrics ? 4 * gid + 2 : 4 * longMetrics + 2 * (gid - longMetrics);
    newHmtx.writeInt16BE(hmtx.readInt16BE(lsbAt), 4 * i + 2);
  });
  newLoca.writeUInt32BE(offset, 4 * order.length);

  const out = new Map<string, Buffer>();
  for (const tag of COPIED) if (tables.has(tag)) out.set(tag, tables.get(tag)!);
  const newHead = Buffer.from(head);
  newHead.writeUInt32BE(0, 8); // checkSumAdjustment: not needed by browsers, and no longer valid
  newHead.writeInt16BE(1, 50);
  const newHhea = Buffer.from(table(tables, "hhea"));
  newHhea.writeUInt16BE(order.length, 34);
  const newMaxp = Buffer.from(table(tables, "maxp"));
  newMaxp.writeUInt16BE(order.length, 4);
  const post = Buffer.from(table(tables, "post").subarray(0, 32));
  post.writeUInt32BE(0x00030000, 0); // version 3: no glyph names
  out.set("head", newHead).set("hhea", newHhea).set("maxp", newMaxp).set("post", post);
  out.set("hmtx", newHmtx).set("loca", newLoca).set("glyf", Buffer.concat(glyphs));
  out.set("cmap", buildCmap(mapped.map((cp) => [cp, newId.get(font.glyphOf.get(cp)!)!])));
  return out;
}

/** Runs of consecutive code points with consecutive glyph ids: [first cp, last cp, first gid]. */
function runs(pairs: [number, number][]): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (const [cp, gid] of pairs) {
    const last = out.at(-1);
    if (last && cp === last[1] + 1 && gid === last[2] + cp - last[0]) last[1] = cp;
    else out.push([cp, cp, gid]);
  }
  return out;
}

/** A character map with a format 4 table (BMP, for older readers) and a format 12 one (all). */
function buildCmap(pairs: [number, number][]): Buffer {
  const bmp = runs(pairs.filter(([cp]) => cp <= 0xfffe)).concat([[0xffff, 0xffff, 0]]);
  const seg = bmp.length;
  const f4 = Buffer.alloc(16 + 8 * seg);
  const searchRange = 2 * 2 ** Math.floor(Math.log2(seg));
  f4.writeUInt16BE(4, 0);
  f4.writeUInt16BE(f4.length, 2);
  f4.writeUInt16BE(2 * seg, 6);
  f4.writeUInt16BE(searchRange, 8);
  f4.writeUInt16BE(Math.log2(searchRange / 2), 10);
  f4.writeUInt16BE(2 * seg - searchRange, 12);
  bmp.forEach(([first, last, gid], i) => {
    f4.writeUInt16BE(last, 14 + 2 * i);
    f4.writeUInt16BE(first, 16 + 2 * seg + 2 * i);
    f4.writeUInt16BE((gid - first + 0x10000) % 0x10000, 16 + 4 * seg + 2 * i); // idDelta; idRangeOffset 0
  });
  const groups = runs(pairs);
  const f12 = Buffer.alloc(16 + 12 * groups.length);
  f12.writeUInt16BE(12, 0);
  f12.writeUInt32BE(f12.length, 4);
  f12.writeUInt32BE(groups.length, 12);
  groups.forEach((g, i) => g.forEach((v, j) => f12.writeUInt32BE(v, 16 + 12 * i + 4 * j)));
  const header = Buffer.alloc(20);
  header.writeUInt16BE(2, 2);
  header.writeUInt16BE(3, 4); // Windows, Unicode BMP → format 4
  header.writeUInt16BE(1, 6);
  header.writeUInt32BE(header.length, 8);
  header.writeUInt16BE(3, 12); // Windows, Unicode full → format 12
  header.writeUInt16BE(10, 14);
  header.writeUInt32BE(header.length + f4.length, 16);
  return Buffer.concat([header, f4, f12]);
}
