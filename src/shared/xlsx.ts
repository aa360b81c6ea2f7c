import { setImmediate as yieldToLoop } from "node:timers/promises";
import zlib from "node:zlib";

/**
 * A small, bounded .xlsx reader: the zip directory is read first (declared sizes checked), then
 * only the parts needed are inflated, as streams (zlib works off the main thread), counting the
 * bytes actually produced. The first sheet is scanned row by row and reading stops as soon as a
 * limit is passed; shared strings are then read only up to the last one the rows refer to.
 * (ExcelJS's streaming reader takes zip entries in file order, and Excel writes the shared strings
 * after the sheet, so it buffers the whole sheet and all strings before the first row.)
 */

export class XlsxLimitError extends Error {
  constructor(readonly limit: "rows" | "columns" | "size" | "unreadable") {
    super(limit);
  }
}

export interface XlsxLimits {
  maxRows: number;
  maxColumns: number;
  maxUnzippedBytes: number;
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const fail = (limit: XlsxLimitError["limit"]): never => {
  throw new XlsxLimitError(limit);
};

/** The zip's central directory; ZIP64 (parts over 4 GB) is refused as too big. */
export function zipEntries(zip: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return fail("unreadable");
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return fail("unreadable");
    const nameLength = zip.readUInt16LE(at + 28);
    const entry = {
      name: zip.toString("utf8", at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      uncompressedSize: zip.readUInt32LE(at + 24),
      localHeaderOffset: zip.readUInt32LE(at + 42),
    };
    if (entry.uncompressedSize === 0xffffffff || entry.compressedSize === 0xffffffff) fail("size");
    entries.push(entry);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

const decodeXml = (s: string) =>
  s.replace(
    /&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi,
    (m, hex?: string, dec?: string, name?: string) => {
      if (hex) return String.fromCodePoint(parseInt(hex, 16));
      if (dec) return String.fromCodePoint(parseInt(dec, 10));
      return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[name!.toLowerCase()] ?? m;
    },
  );

const P = "(?:[A-Za-z_][\\w.-]*:)?"; // an optional namespace prefix
const ROW = new RegExp(`<${P}row\\b[^>]*?(?:\\/>|>([\\s\\S]*?)<\\/${P}row>)`, "g");
const CELL = new RegExp(`<${P}c\\b([^>]*?)(?:\\/>|>([\\s\\S]*?)<\\/${P}c>)`, "g");
const VALUE = new RegExp(`<${P}v>([\\s\\S]*?)<\\/${P}v>`);
const TEXT = new RegExp(`<${P}t\\b[^>]*>([\\s\\S]*?)<\\/${P}t>`, "g");
const PHONETIC = new RegExp(`<${P}rPh\\b[\\s\\S]*?<\\/${P}rPh>`, "g");
const attr = (attrs: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];
const textOf = (xml: string) =>
  decodeXml([...xml.replace(PHONETIC, "").matchAll(TEXT)].map((m) => m[1]).join(""));

/** Where the text after the last closing tag `</tag>` begins, or -1. */
function afterLastClose(xml: string, tag: string): number {
  let end = -1;
  for (const m of xml.matchAll(new RegExp(`<\\/${P}${tag}>`, "g"))) end = m.index + m[0].length;
  return end;
}

const columnOf = (ref: string) => {
  let n = 0;
  for (const ch of /^[A-Z]+/i.exec(ref)?.[0].toUpperCase() ?? "") n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
};

/** A cell: its text, or a reference to a shared string. */
type Cell = string | { shared: number };

export class XlsxReader {
  private readonly entries: Map<string, ZipEntry>;
  private left: number;

  constructor(
    private readonly zip: Buffer,
    private readonly limits: XlsxLimits,
  ) {
    const list = zipEntries(zip);
    if (list.reduce((sum, e) => sum + e.uncompressedSize, 0) > limits.maxUnzippedBytes) fail("size");
    this.entries = new Map(list.map((e) => [e.name, e]));
    this.left = limits.maxUnzippedBytes;
  }

  /** Text of a part, chunk by chunk, counting against the unzipped budget. */
  private async *part(name: string): AsyncGenerator<string> {
    const e = this.entries.get(name) ?? fail("unreadable");
    const at = e.localHeaderOffset;
    if (at + 30 > this.zip.length || this.zip.readUInt32LE(at) !== 0x04034b50) fail("unreadable");
    const start = at + 30 + this.zip.readUInt16LE(at + 26) + this.zip.readUInt16LE(at + 28);
    const body = this.zip.subarray(start, start + e.compressedSize);
    const decoder = new TextDecoder("utf-8");
    if (e.method === 0) {
      this.left -= body.length;
      if (this.left < 0) fail("size");
      yield decoder.decode(body);
      return;
    }
    if (e.method !== 8) fail("unreadable");
    const inflater = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
    inflater.end(body);
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        this.left -= chunk.length;
        if (this.left < 0) fail("size");
        yield decoder.decode(chunk, { stream: true });
      }
    } catch (err) {
      if (err instanceof XlsxLimitError) throw err;
      fail("unreadable");
    } finally {
      inflater.destroy();
    }
  }

  private async whole(name: string): Promise<string> {
    let text = "";
    for await (const chunk of this.part(name)) text += chunk;
    return text;
  }

  /** The path of the workbook's first sheet. */
  private async firstSheet(): Promise<string> {
    const workbook = await this.whole("xl/workbook.xml");
    const id = attr(new RegExp(`<${P}sheet\\b([^>]*)`).exec(workbook)?.[1] ?? "", "r:id");
    if (id && this.entries.has("xl/_rels/workbook.xml.rels")) {
      const rels = await this.whole("xl/_rels/workbook.xml.rels");
      for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b([^>]*)/g)) {
        if (attr(m[1]!, "Id") !== id) continue;
        const target = attr(m[1]!, "Target") ?? "";
        const path = target.startsWith("/") ? target.slice(1) : `xl/${target}`;
        if (this.entries.has(path)) return path;
      }
    }
    return this.entries.has("xl/worksheets/sheet1.xml") ? "xl/worksheets/sheet1.xml" : fail("unreadable");
  }

  /** Rows of the first sheet with any text, header included, at most maxRows + 1. */
  async rows(): Promise<string[][]> {
    const rows: Cell[][] = [];
    let seen = 0;
    let pending = "";
    const take = (xml: string) => {
      for (const m of xml.matchAll(ROW)) {
        // Blank rows cost time too: a sheet of a million of them is refused all the same.
        if (++seen > this.limits.maxRows * 10 + 1000) fail("rows");
        const cells: Cell[] = [];
        let next = 1;
        for (const c of (m[1] ?? "").matchAll(CELL)) {
          const ref = attr(c[1]!, "r");
          const col = ref ? columnOf(ref) : next;
          next = col + 1;
          const cell = this.cell(attr(c[1]!, "t"), c[2] ?? "");
          if (cell === "" || (typeof cell === "string" && cell.trim() === "")) continue;
          if (col > this.limits.maxColumns) fail("columns");
          cells[col - 1] = cell;
        }
        if (cells.length === 0) continue;
        rows.push(Array.from(cells, (c) => c ?? ""));
        if (rows.length > this.limits.maxRows + 1) fail("rows");
      }
    };
    for await (const chunk of this.part(await this.firstSheet())) {
      pending += chunk;
      const end = afterLastClose(pending, "row");
      if (end < 0) continue;
      take(pending.slice(0, end));
      pending = pending.slice(end);
      await yieldToLoop();
    }
    take(pending);
    return this.resolve(rows);
  }

  private cell(type: string | undefined, xml: string): Cell {
    if (type === "inlineStr") return textOf(xml);
    const v = VALUE.exec(xml)?.[1];
    if (v === undefined) return "";
    if (type === "s") return { shared: Number(v) };
    if (type === "b") return v === "1" ? "TRUE" : "FALSE";
    return decodeXml(v);
  }

  /** Replaces shared-string references, reading the strings only as far as the last one used. */
  private async resolve(rows: Cell[][]): Promise<string[][]> {
    let last = -1;
    for (const row of rows)
      for (const c of row)
        if (typeof c !== "string" && Number.isInteger(c.shared)) last = Math.max(last, c.shared);
    const strings: string[] = [];
    if (last >= 0 && this.entries.has("xl/sharedStrings.xml")) {
      let pending = "";
      const SI = new RegExp(`<${P}si\\b[^>]*?(?:\\/>|>([\\s\\S]*?)<\\/${P}si>)`, "g");
      for await (const chunk of this.part("xl/sharedStrings.xml")) {
        pending += chunk;
        const end = afterLastClose(pending, "si");
        if (end < 0) continue;
        for (const m of pending.slice(0, end).matchAll(SI)) strings.push(textOf(m[1] ?? ""));
        pending = pending.slice(end);
        if (strings.length > last) break;
        await yieldToLoop();
      }
      for (const m of pending.matchAll(SI)) strings.push(textOf(m[1] ?? ""));
    }
    return rows
      .map((r) => r.map((c) => (typeof c === "string" ? c : (strings[c.shared] ?? ""))))
      .filter((r) => r.some((c) => c.trim() !== ""));
  }
}
