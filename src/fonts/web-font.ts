import { createHash } from "node:crypto";
import fs from "node:fs";
import express, { type Router } from "express";
import { parseTrueType, subset, type TrueTypeFont } from "./sfnt.js";
import { toWoff } from "./woff.js";

/**
 * The project's own Chinese font (Noto Serif SC, the one the PDFs use) for browsers that have no
 * Chinese font of their own: a bare Linux, a headless Chromium, some phones. The 15 MB file is
 * cut into WOFF slices, each declared with the exact characters it holds (unicode-range), so a
 * browser downloads only the slices of the characters on its page, and none at all when a
 * system font earlier in the stack already has them:
 *   - common: the 3,755 everyday characters (GB 2312 level 1), with Chinese punctuation and
 *     full-width forms, about 1 MB;
 *   - level2: the 3,008 less common characters of GB 2312 level 2;
 *   - rare-N: everything else the font has (rare surnames such as 㛃 or 䶮, extension B…), in
 *     runs of 500 characters in code point order.
 * Only characters from U+2E80 on are served: Latin letters and digits stay in the system's sans-serif.
 */
export const WEB_FONT_FAMILY = "Fengqiao Noto Serif SC";
const FIRST_CJK = 0x2e80;
const RARE_SLICE = 500;

interface Slice {
  name: string;
  codePoints: number[];
}

/** GB 2312 characters of rows first..last (0xB0–0xD7 level 1, 0xD8–0xF7 level 2, 0xA1–0xA9 symbols). */
function gb2312Rows(first: number, last: number): number[] {
  const decoder = new TextDecoder("gb18030");
  const out: number[] = [];
  for (let row = first; row <= last; row++) {
    for (let col = 0xa1; col <= 0xfe; col++) {
      const cp = decoder.decode(new Uint8Array([row, col])).codePointAt(0)!;
      if (cp >= FIRST_CJK && cp !== 0xfffd) out.push(cp);
    }
  }
  return out;
}

function plan(font: TrueTypeFont): Slice[] {
  const inFont = (cp: number) => font.glyphOf.has(cp);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const common = new Set(
    [
      ...gb2312Rows(0xa1, 0xa9),
      ...gb2312Rows(0xb0, 0xd7),
      ...range(0x3000, 0x303f),
      ...range(0xff00, 0xffef),
    ].filter(inFont),
  );
  const level2 = new Set(gb2312Rows(0xd8, 0xf7).filter((cp) => inFont(cp) && !common.has(cp)));
  const rest = [...font.glyphOf.keys()]
    .filter((cp) => cp >= FIRST_CJK && !common.has(cp) && !level2.has(cp))
    .sort((a, b) => a - b);
  const slices: Slice[] = [
    { name: "common", codePoints: [...common].sort((a, b) => a - b) },
    { name: "level2", codePoints: [...level2].sort((a, b) => a - b) },
  ];
  for (let i = 0; i < rest.length; i += RARE_SLICE) {
    slices.push({ name: `rare-${i / RARE_SLICE + 1}`, codePoints: rest.slice(i, i + RARE_SLICE) });
  }
  return slices;
}

/** A CSS unicode-range value: runs of consecutive code points as U+a-b, single ones as U+a. */
export function unicodeRange(codePoints: number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < codePoints.length) {
    let j = i;
    while (j + 1 < codePoints.length && codePoints[j + 1] === codePoints[j]! + 1) j++;
    const hex = (cp: number) => cp.toString(16);
    parts.push(j > i ? `U+${hex(codePoints[i]!)}-${hex(codePoints[j]!)}` : `U+${hex(codePoints[i]!)}`);
    i = j + 1;
  }
  return parts.join(",");
}

export interface WebFont {
  /** Short hash of the font file: part of every URL, so that the files can be cached for a year. */
  version: string;
  css: string;
  /** The WOFF file of a slice, cut on first use and kept; undefined for an unknown name. */
  woff(name: string): Buffer | undefined;
}

export function loadWebFont(file: string): WebFont {
  const data = fs.readFileSync(file);
  const version = createHash("sha256").update(data).digest("hex").slice(0, 12);
  const font = parseTrueType(data);
  const slices = new Map(plan(font).map((s) => [s.name, s]));
  const css = [...slices.values()]
    .map(
      (s) =>
        `@font-face{font-family:"${WEB_FONT_FAMILY}";font-style:normal;font-weight:400;font-display:swap;` +
        `src:url("${version}/${s.name}.woff") format("woff");unicode-range:${unicodeRange(s.codePoints)}}`,
    )
    .join("\n");
  const cut = new Map<string, Buffer>();
  return {
    version,
    css: `/* ${WEB_FONT_FAMILY}: Noto Serif SC (SIL Open Font License 1.1), cut into slices by the server */\n${css}\n`,
    woff(name) {
      const slice = slices.get(name);
      if (!slice) return undefined;
      if (!cut.has(name)) cut.set(name, toWoff(subset(font, slice.codePoints)));
      return cut.get(name);
    },
  };
}

const YEAR = "public, max-age=31536000, immutable";

/**
 * GET /static/fonts/sc.css (the @font-face rules; cached for an hour like the other static files)
 * and GET /static/fonts/<version>/<slice>.woff (cached for a year); any other path under it is a
 * 404. The font is read on first use.
 */
export function webFontRouter(file: string): Router {
  const router = express.Router();
  let font: WebFont | undefined;
  const get = () => (font ??= loadWebFont(file));
  router.get("/sc.css", (_req, res) => {
    res.set("Cache-Control", "public, max-age=3600").type("text/css").send(get().css);
  });
  router.get("/:version/:slice.woff", (req, res, next) => {
    const { version, woff } = get();
    const body = req.params.version === version ? woff(req.params.slice) : undefined;
    if (!body) return next();
    res.set("Cache-Control", YEAR).type("font/woff").send(body);
  });
  // Nothing else lives here: an old version or unknown slice is a plain 404, not the login page.
  router.use((_req, res) => {
    res.status(404).type("text/plain").send("Not Found");
  });
  return router;
}
