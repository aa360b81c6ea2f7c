import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

// fontkit ships no types; only this much of it is used here.
interface GlyphRun {
  glyphs: unknown[];
  positions: object[];
}
interface Glyph {
  id: number;
  _decode?: () => unknown;
}
export interface FontkitFont {
  hasGlyphForCodePoint(cp: number): boolean;
  layout(text: string, features?: unknown, ...rest: unknown[]): GlyphRun;
  getGlyph(id: number, codePoints?: number[]): Glyph;
}
const fontkit = createRequire(import.meta.url)("fontkit") as { create(buffer: Buffer): FontkitFont };

const FONT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../assets/fonts");

let fontCache: { regular: Buffer; bold: Buffer } | null = null;
/** Noto Serif SC (SIL OFL), whole TrueType-outline files: every glyph a name may need, subset on embedding. */
export function fonts(): { regular: Buffer; bold: Buffer } {
  fontCache ??= {
    regular: fs.readFileSync(path.join(FONT_DIR, "NotoSerifSC-Regular.ttf")),
    bold: fs.readFileSync(path.join(FONT_DIR, "NotoSerifSC-Bold.ttf")),
  };
  return fontCache;
}

/** Shaped runs kept per font: short strings only (words and lines), at most this many. */
const LAYOUT_ENTRIES = 8000;
const LAYOUT_MAX_LENGTH = 80;
/** Decoded glyph outlines kept per font (a CJK glyph decodes to about 9 kB). */
const DECODED_GLYPHS = 2000;

/** A least-recently-used memo in a Map (insertion order): the value for a key, computed once. */
function remember<K, V>(memo: Map<K, V>, max: number, key: K, compute: () => V): V {
  if (memo.has(key)) {
    const value = memo.get(key)!;
    memo.delete(key);
    memo.set(key, value);
    return value;
  }
  const value = compute();
  if (memo.size >= max) memo.delete(memo.keys().next().value!);
  memo.set(key, value);
  return value;
}

/**
 * Shaping kept across documents. PDFKit lays out every word (for CJK, nearly every character) and
 * every line through `font.layout`, and remembers it for one document only; shaping is a pure
 * function of the font and the text. PDFKit scales a run's positions in place, so every call gets
 * a fresh copy (same prototype, so the run's `advanceWidth` getter still sums its own positions).
 */
function withLayoutCache(font: FontkitFont): void {
  const shape = font.layout.bind(font);
  const runs = new Map<string, GlyphRun>();
  const copy = (run: GlyphRun): GlyphRun =>
    Object.assign(Object.create(Object.getPrototypeOf(run) as object) as GlyphRun, run, {
      glyphs: run.glyphs.slice(),
      positions: run.positions.map((p) =>
        Object.assign(Object.create(Object.getPrototypeOf(p) as object), p),
      ),
    });
  font.layout = (text, features, ...rest) => {
    if (
      features !== undefined ||
      rest.length > 0 ||
      typeof text !== "string" ||
      text.length > LAYOUT_MAX_LENGTH
    )
      return shape(text, features, ...rest);
    return copy(remember(runs, LAYOUT_ENTRIES, text, () => copy(shape(text))));
  };
}

/**
 * Glyph outlines decoded once, not once per document. Embedding a subset, fontkit (2.x) decodes
 * every glyph's whole outline (`_decode`, its internal method) only to learn whether it is a
 * composite; for CJK that was three quarters of the subsetting and a quarter of a document's CPU.
 * fontkit keeps its glyph objects per font; each gets its decoding memoised, read-only (nothing
 * in fontkit writes to a decoded glyph on the embedding path). If a fontkit upgrade drops
 * `_decode`, this does nothing.
 */
function withDecodedGlyphs(font: FontkitFont): void {
  const getGlyph = font.getGlyph.bind(font);
  const decoded = new Map<number, unknown>();
  font.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints);
    const decode = glyph._decode;
    if (typeof decode === "function" && !Object.hasOwn(glyph, "_decode")) {
      glyph._decode = () => remember(decoded, DECODED_GLYPHS, glyph.id, () => decode.call(glyph));
    }
    return glyph;
  };
}

let parsed: { regular: FontkitFont; bold: FontkitFont } | null = null;
/**
 * The fonts read and parsed once per process and shared by every document (PDFKit's
 * `registerFont` takes a parsed fontkit font as well as bytes): parsing a 15 MB font's tables per
 * document would cost more than drawing the document. What depends only on the font — shaping a
 * string, decoding a glyph — is remembered across documents too (bounded, see above).
 */
export function parsedFonts(): { regular: FontkitFont; bold: FontkitFont } {
  if (!parsed) {
    const open = (bytes: Buffer) => {
      const font = fontkit.create(bytes);
      withLayoutCache(font);
      withDecodedGlyphs(font);
      return font;
    };
    parsed = { regular: open(fonts().regular), bold: open(fonts().bold) };
  }
  return parsed;
}

/**
 * Registers the shared parsed fonts on a PDFKit document as "serif" and "serif-bold". PDFKit's types
 * know only paths and buffers; at run time `registerFont` takes a parsed fontkit font too.
 */
export function registerSerifFonts(doc: { registerFont(name: string, src: Buffer): unknown }): void {
  const f = parsedFonts();
  doc.registerFont("serif", f.regular as unknown as Buffer);
  doc.registerFont("serif-bold", f.bold as unknown as Buffer);
}

/** Whether the embedded font can draw a character (Noto Serif SC covers CJK Unified and Extension A, not B). */
export function canDraw(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return cp < 0x20 || parsedFonts().regular.hasGlyphForCodePoint(cp);
}
