import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { fonts, parsedFonts } from "../../src/documents/pdf-fonts.js";

/**
 * The shared fonts remember shaping and glyph decoding across documents (issue 21): what they
 * return must be what a freshly parsed font returns, and a caller scaling a run in place (as PDFKit
 * does) must not change the next caller's run.
 */
interface Run {
  glyphs: { id: number }[];
  positions: Record<string, number>[];
  advanceWidth: number;
}
interface Font {
  layout(text: string): Run;
  createSubset(): { includeGlyph(id: number): number; encode(): Uint8Array };
}
const fontkit = createRequire(import.meta.url)("fontkit") as { create(b: Buffer): Font };
const shared = parsedFonts().regular as unknown as Font;
const fresh = fontkit.create(fonts().regular);
const plain = (r: Run) => ({
  ids: r.glyphs.map((g) => g.id),
  positions: r.positions.map((p) => ({ ...p })),
  advanceWidth: r.advanceWidth,
});
const TEXTS = ["人民调解协议书", "经调解，双方自愿达成如下协议：", "2026年12月1日", "A4 Öl “引号”", "㛃䶮"];

describe("shared PDF fonts", () => {
  it("shape as a freshly parsed font does, cached or not", () => {
    for (const text of [...TEXTS, "长".repeat(100)]) {
      expect(plain(shared.layout(text))).toEqual(plain(fresh.layout(text)));
      expect(plain(shared.layout(text))).toEqual(plain(fresh.layout(text)));
    }
  });

  it("give every caller its own positions", () => {
    const first = shared.layout("调解员");
    const width = first.advanceWidth;
    for (const p of first.positions) for (const k of Object.keys(p)) p[k]! *= 2;
    expect(first.advanceWidth).toBe(width * 2);
    expect(shared.layout("调解员").advanceWidth).toBe(width);
  });

  it("embed the same subset bytes as a freshly parsed font", () => {
    const ids = [...new Set(TEXTS.flatMap((t) => fresh.layout(t).glyphs.map((g) => g.id)))];
    const subset = (font: Font) => {
      const s = font.createSubset();
      for (const id of ids) s.includeGlyph(id);
      return Buffer.from(s.encode());
    };
    const expected = subset(fresh);
    expect(subset(shared).equals(expected)).toBe(true);
    expect(subset(shared).equals(expected)).toBe(true); // second time from the decoded glyphs
  });
});
