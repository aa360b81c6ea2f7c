import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseTrueType, readCmap, subset, type TrueTypeFont } from "../../src/fonts/sfnt.js";
import { unicodeRange } from "../../src/fonts/web-font.js";
import { toWoff } from "../../src/fonts/woff.js";

const FONT = path.resolve(import.meta.dirname, "../../assets/fonts/NotoSerifSC-Regular.ttf");

/** The tables of a WOFF 1.0 file, inflated, after checking its header. */
function readWoff(woff: Buffer): Map<string, Buffer> {
  expect(woff.toString("latin1", 0, 4)).toBe("wOFF");
  expect(woff.readUInt32BE(8)).toBe(woff.length);
  const tables = new Map<string, Buffer>();
  let sfntSize = 12;
  for (let i = 0; i < woff.readUInt16BE(12); i++) {
    const at = 44 + 20 * i;
    const [offset, compLength, origLength] = [4, 8, 12].map((o) => woff.readUInt32BE(at + o)) as number[];
    const stored = woff.subarray(offset, offset! + compLength!);
    const data = compLength! < origLength! ? zlib.inflateSync(stored) : stored;
    expect(data.length).toBe(origLength);
    tables.set(woff.toString("latin1", at, at + 4), data);
    sfntSize += 16 + origLength! + ((4 - (origLength! % 4)) % 4);
  }
  expect(woff.readUInt32BE(16)).toBe(sfntSize);
  return tables;
}

/** Glyph id of a code point in a format 4 subtable (the BMP map older readers use). */
function format4(cmap: Buffer, cp: number): number {
  const sub = cmap.subarray(cmap.readUInt32BE(8));
  expect([cmap.readUInt16BE(4), cmap.readUInt16BE(6), sub.readUInt16BE(0)]).toEqual([3, 1, 4]);
  const seg = sub.readUInt16BE(6) / 2;
  for (let i = 0; i < seg; i++) {
    if (cp <= sub.readUInt16BE(14 + 2 * i) && cp >= sub.readUInt16BE(16 + 2 * seg + 2 * i)) {
      return (cp + sub.readUInt16BE(16 + 4 * seg + 2 * i)) % 0x10000;
    }
  }
  return 0;
}

function glyph(tables: Map<string, Buffer>, gid: number): Buffer {
  const loca = tables.get("loca")!;
  return tables.get("glyf")!.subarray(loca.readUInt32BE(4 * gid), loca.readUInt32BE(4 * gid + 4));
}

describe("cutting Noto Serif SC into a web font", () => {
  const font: TrueTypeFont = parseTrueType(fs.readFileSync(FONT));
  const chars = ["调", "解", "㛃"].map((c) => c.codePointAt(0)!);
  const tables = readWoff(toWoff(subset(font, [...chars, 0x1f600 /* not in the font */])));

  it("keeps only .notdef and the three glyphs, numbered in code point order", () => {
    expect(tables.get("maxp")!.readUInt16BE(4)).toBe(4);
    expect(tables.get("hhea")!.readUInt16BE(34)).toBe(4);
    const map = readCmap(tables.get("cmap")!);
    expect([...map]).toEqual([
      [0x36c3, 1], // 㛃
      [0x89e3, 2], // 解
      [0x8c03, 3], // 调
    ]);
    for (const [cp, gid] of map) expect(format4(tables.get("cmap")!, cp)).toBe(gid);
    expect(format4(tables.get("cmap")!, 0x4e00)).toBe(0);
  });

  it("copies each outline and its metrics unchanged", () => {
    const original = font.tables;
    const longLoca = original.get("loca")!;
    const hmtx = original.get("hmtx")!;
    const longMetrics = original.get("hhea")!.readUInt16BE(34);
    for (const [cp, gid] of readCmap(tables.get("cmap")!)) {
      const old = font.glyphOf.get(cp)!;
      const outline = original
        .get("glyf")!
        .subarray(longLoca.readUInt32BE(4 * old), longLoca.readUInt32BE(4 * old + 4));
      expect(outline.length).toBeGreaterThan(100);
      expect(glyph(tables, gid).subarray(0, outline.length).equals(outline)).toBe(true);
      expect(tables.get("hmtx")!.readUInt16BE(4 * gid)).toBe(
        hmtx.readUInt16BE(4 * Math.min(old, longMetrics - 1)),
      );
    }
  });

  it("drops the tables that refer to glyphs it no longer has", () => {
    expect([...tables.keys()].sort()).toEqual(
      ["OS/2", "cmap", "gasp", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post", "prep"].sort(),
    );
    expect(tables.get("post")!.readUInt32BE(0)).toBe(0x00030000);
    expect(tables.get("head")!.readInt16BE(50)).toBe(1);
  });
});

describe("composite glyphs", () => {
  /** A font of three glyphs: .notdef, a square (A) and a composite (B) made of the square twice. */
  function tinyFont(): TrueTypeFont {
    const square = Buffer.alloc(10 + 2 + 2 + 1 + 4);
    square.writeInt16BE(1, 0); // one contour
    const composite = Buffer.alloc(10 + 8 + 8);
    composite.writeInt16BE(-1, 0);
    composite.writeUInt16BE(0x20 | 0x1, 10); // more components, word arguments
    composite.writeUInt16BE(1, 12);
    composite.writeUInt16BE(0x1, 18);
    composite.writeUInt16BE(1, 20);
    const glyphs = [Buffer.alloc(0), square, composite];
    const loca = Buffer.alloc(16);
    glyphs.reduce((at, g, i) => (loca.writeUInt32BE(at + g.length, 4 * i + 4), at + g.length), 0);
    const head = Buffer.alloc(54);
    head.writeInt16BE(1, 50);
    const maxp = Buffer.alloc(6);
    maxp.writeUInt16BE(3, 4);
    const hhea = Buffer.alloc(36);
    hhea.writeUInt16BE(3, 34);
    const hmtx = Buffer.from([0, 100, 0, 0, 0, 200, 0, 0, 1, 44, 0, 0]);
    return {
      tables: new Map([
        ["head", head],
        ["maxp", maxp],
        ["hhea", hhea],
        ["hmtx", hmtx],
        ["loca", loca],
        ["glyf", Buffer.concat(glyphs)],
        ["post", Buffer.alloc(32)],
      ]),
      glyphOf: new Map([
        [0x41, 1],
        [0x42, 2],
      ]),
    };
  }

  it("keeps a composite's components and points them at their new numbers", () => {
    const out = subset(tinyFont(), [0x42]);
    expect(out.get("maxp")!.readUInt16BE(4)).toBe(3); // .notdef, B, and the square B is made of
    expect([...readCmap(out.get("cmap")!)]).toEqual([[0x42, 1]]);
    const b = glyph(out, 1);
    expect([b.readUInt16BE(12), b.readUInt16BE(20)]).toEqual([2, 2]);
    expect(glyph(out, 2).readInt16BE(0)).toBe(1);
    expect([0, 1, 2].map((g) => out.get("hmtx")!.readUInt16BE(4 * g))).toEqual([100, 300, 200]);
  });
});

describe("unicodeRange", () => {
  it("writes runs as ranges and lone code points alone", () => {
    expect(unicodeRange([0x4e00, 0x4e01, 0x4e02, 0x4e08, 0x20000])).toBe("U+4e00-4e02,U+4e08,U+20000");
  });
});
