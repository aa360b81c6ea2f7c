import PDFDocument from "pdfkit";

import QRCode from "qrcode";
import { canDraw, registerSerifFonts } from "./pdf-fonts.js";

export { canDraw } from "./pdf-fonts.js";

const mm = (v: number) => (v * 72) / 25.4;
/** A4 with margins close to official documents (GB/T 9704 uses 37/35/28/26 mm; forms run a little fuller). */
export const PAGE = { width: 595.28, height: 841.89 };
export const MARGIN = { top: mm(30), bottom: mm(28), left: mm(28), right: mm(26) };
export const SIZE = { title: 20, subtitle: 14, body: 13, small: 10.5, tiny: 9 };
const LINE_GAP = 7;

export type PdfDoc = InstanceType<typeof PDFDocument>;

/** Everything a page header and footer needs; set per document section in a case file. */
export interface SectionInfo {
  title: string;
  caseNumber: string;
  committee: string;
}

export interface Verification {
  code: string;
  url: string;
}

/**
 * An unsigned or undelivered paper (待签署, 待送达): its title carries the mark, every page says it
 * is not in effect, and it has no verification code (it is not an issued document).
 */
export interface DraftMark {
  /** Printed after the title in brackets: "待签署". */
  mark: string;
  /** The line on every page: "本文本尚未签署，不发生法律效力". */
  note: string;
}

/**
 * Draws a document onto A4 pages with the embedded serif font. Text wraps and breaks across pages
 * by itself; the running header (document title and case number) and the page numbers are added
 * to every page at the end, when the page count is known.
 */
export class DocWriter {
  readonly doc: PdfDoc;
  private sections: { startPage: number; info: SectionInfo }[] = [];
  /** In a whole case file, pages also carry their number in the file (what the index refers to). */
  private readonly filePageNumbers: boolean;
  private readonly draft: DraftMark | null;

  constructor(meta: { title: string; subject?: string; filePageNumbers?: boolean; draft?: DraftMark }) {
    this.filePageNumbers = meta.filePageNumbers ?? false;
    this.draft = meta.draft ?? null;
    this.doc = new PDFDocument({
      size: "A4",
      margins: MARGIN,
      bufferPages: true,
      autoFirstPage: false,
      info: {
        Title: meta.title,
        Subject: meta.subject ?? meta.title,
        Creator: "枫桥人民调解系统",
        Producer: "Fengqiao",
      },
      lang: "zh-CN",
    });
    registerSerifFonts(this.doc);
  }

  get width(): number {
    return PAGE.width - MARGIN.left - MARGIN.right;
  }

  get left(): number {
    return MARGIN.left;
  }

  get bottom(): number {
    return PAGE.height - MARGIN.bottom;
  }

  /** Characters the font lacks, met while drawing: printed as □ and listed in a note at the end. */
  readonly missing = new Set<string>();

  /**
   * Text as it can be printed: line ends are LF (CR+LF and CR, as browsers and Windows clipboards
   * send them, and Unicode line separators would print a box each), a tab is a space, other
   * control characters are dropped; a character the font lacks becomes □ (and is noted), never a blank.
   * Every string drawn goes through here.
   */
  fix(text: string): string {
    let out = "";
    const clean = text
      .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
      .replace(/\t/g, " ")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, "");
    for (const ch of clean) {
      if (ch === "\n" || canDraw(ch)) out += ch;
      else {
        this.missing.add(ch);
        out += "□";
      }
    }
    return out;
  }

  /** A note naming the characters printed as □, so they can be written in by hand before signing. */
  missingNote(): void {
    if (this.missing.size === 0) return;
    const list = [...this.missing]
      .map((ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase()}`)
      .join("、");
    this.doc
      .moveDown(0.5)
      .font("serif")
      .fontSize(SIZE.small)
      .fillColor("#000")
      .text(`注：文中“□”处为字库未收录的生僻字（${list}），请在打印件上手写补正并由当事人确认。`, {
        lineGap: 3,
      });
    this.missing.clear();
  }

  /** Starts a document (a new page) whose pages carry this header. */
  beginSection(info: SectionInfo): number {
    this.doc.addPage();
    const page = this.pageCount() - 1;
    this.sections.push({ startPage: page, info });
    return page;
  }

  /** Where each section starts (0-based page index), for a case file's index. */
  sectionStarts(): number[] {
    return this.sections.map((s) => s.startPage);
  }

  pageCount(): number {
    const r = this.doc.bufferedPageRange();
    return r.start + r.count;
  }

  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  title(text: string, sub?: string): void {
    this.doc
      .font("serif-bold")
      .fontSize(SIZE.title)
      .text(this.fix(this.draft ? `${text}（${this.draft.mark}）` : text), {
        align: "center",
        characterSpacing: 2,
      });
    if (sub)
      this.doc.moveDown(0.2).font("serif").fontSize(SIZE.subtitle).text(this.fix(sub), { align: "center" });
    this.doc.moveDown(0.8);
  }

  /** A right-aligned line such as the case number. */
  right(text: string, size = SIZE.body): void {
    this.doc.font("serif").fontSize(size).text(this.fix(text), { align: "right" });
  }

  heading(text: string): void {
    this.ensureSpace(40);
    this.doc.moveDown(0.3).font("serif-bold").fontSize(SIZE.body).text(this.fix(text), { lineGap: LINE_GAP });
  }

  /** A body paragraph with the customary two-character first-line indent. */
  para(
    text: string,
    opts: { indent?: boolean; size?: number; align?: "left" | "justify" | "center" | "right" } = {},
  ): void {
    const size = opts.size ?? SIZE.body;
    this.doc
      .font("serif")
      .fontSize(size)
      .text(this.fix(text), {
        indent: opts.indent === false ? 0 : size * 2,
        lineGap: LINE_GAP,
        align: opts.align ?? "justify",
      });
  }

  /** "标签：内容" with the label in bold. */
  labelled(label: string, value: string): void {
    this.doc
      .font("serif-bold")
      .fontSize(SIZE.body)
      .text(this.fix(`${label}：`), { continued: true, lineGap: LINE_GAP })
      .font("serif")
      .text(this.fix(value) || "　", { lineGap: LINE_GAP });
  }

  gap(lines = 0.6): void {
    this.doc.moveDown(lines);
  }

  /**
   * A bordered table of [label, value] rows (or any number of columns); rows never split across
   * pages, a row taller than a page is drawn on a page of its own and may flow over.
   */
  table(
    rows: string[][],
    widths: number[],
    opts: { header?: boolean; size?: number; boldFirstColumn?: boolean } = {},
  ): void {
    const doc = this.doc;
    const size = opts.size ?? SIZE.small;
    const pad = 5;
    const total = widths.reduce((a, b) => a + b, 0);
    const cols = widths.map((w) => (w / total) * this.width);
    rows.forEach((row, r) => {
      const bold = (c: number) =>
        (opts.header && r === 0) || (opts.boldFirstColumn && c === 0 && row.length > 1);
      const heights = row.map((cell, c) => {
        doc.font(bold(c) ? "serif-bold" : "serif").fontSize(size);
        return doc.heightOfString(this.fix(cell) || " ", { width: cols[c]! - pad * 2, lineGap: 3 });
      });
      const h = Math.max(...heights) + pad * 2;
      this.ensureSpace(Math.min(h, this.bottom - MARGIN.top));
      const y = doc.y;
      let x = this.left;
      row.forEach((cell, c) => {
        doc.rect(x, y, cols[c]!, h).lineWidth(0.6).stroke("#000");
        doc
          .font(bold(c) ? "serif-bold" : "serif")
          .fontSize(size)
          .fillColor("#000")
          .text(this.fix(cell), x + pad, y + pad, { width: cols[c]! - pad * 2, lineGap: 3 });
        x += cols[c]!;
      });
      doc.x = this.left;
      doc.y = y + h;
    });
    doc.moveDown(0.5);
  }

  /** Signature lines: "label：____ 年 月 日" (blank for the date), or with the date filled in. */
  signatures(lines: { label: string; date?: string }[]): void {
    this.ensureSpace(lines.length * 30 + 10);
    this.doc.font("serif").fontSize(SIZE.body);
    for (const l of lines) {
      const label = this.fix(`${l.label}：`);
      const date = `　　${l.date ?? "　　年　　月　　日"}`;
      // A long label (a company's name) gets a shorter line, so the date stays on the same line.
      const room = this.width - this.doc.widthOfString(label) - this.doc.widthOfString(date) - 4;
      const line = "_".repeat(Math.max(8, Math.min(20, Math.floor(room / this.doc.widthOfString("_")))));
      this.doc.text(`${label}${line}${date}`, { lineGap: 12 });
    }
  }

  /** The committee's seal line, right-aligned: name, "（印章）", date. */
  seal(name: string, date: string): void {
    this.ensureSpace(80);
    this.doc.moveDown(1).font("serif").fontSize(SIZE.body);
    this.doc.text(this.fix(name), { align: "right" });
    this.doc.text("（印章）", { align: "right" });
    this.doc.text(this.fix(date), { align: "right" });
  }

  /** The verification block: QR code, code and address, so anyone holding the paper can check it. */
  verification(v: Verification | null): void {
    this.missingNote();
    if (!v) {
      // A draft is not an issued document: no code, and it says so where the code would be.
      const what = this.draft ? `本文本为${this.draft.mark}文本，` : "";
      this.doc.moveDown(1).font("serif").fontSize(SIZE.tiny).fillColor("#333");
      this.doc.text(`${what}未编文书验证码。`, { align: "left" }).fillColor("#000");
      return;
    }
    this.ensureSpace(80);
    const y = this.doc.y + 10;
    this.qr(v.url, this.left, y, 64);
    this.doc
      .font("serif")
      .fontSize(SIZE.tiny)
      .fillColor("#333")
      .text(`文书验证码：${v.code}`, this.left + 74, y + 12)
      .text(`验证网址：${v.url}`, this.left + 74, y + 28, { width: this.width - 74 })
      .fillColor("#000");
    this.doc.x = this.left;
    this.doc.y = y + 72;
  }

  /** A QR code drawn as vector squares: sharp at any print size, no image to encode. */
  qr(text: string, x: number, y: number, size: number): void {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
    const n = modules.size;
    const cell = size / (n + 2);
    this.doc.save().fillColor("#000");
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        if (modules.get(r, c)) this.doc.rect(x + (c + 1) * cell, y + (r + 1) * cell, cell, cell);
      }
    }
    this.doc.fill().restore();
  }

  /** Running header on continuation pages and "第 N 页 共 M 页" on every page of each section. */
  private decorate(): void {
    const doc = this.doc;
    const total = this.pageCount();
    this.sections.forEach((s, i) => {
      const end = (this.sections[i + 1]?.startPage ?? total) - 1;
      const count = end - s.startPage + 1;
      for (let p = s.startPage; p <= end; p++) {
        doc.switchToPage(p);
        const n = p - s.startPage + 1;
        // Writing in the margins must not trigger PDFKit's automatic page break.
        const saved = doc.page.margins;
        doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
        doc.font("serif").fontSize(SIZE.tiny).fillColor("#444");
        if (n > 1) {
          doc.text(`${s.info.title}（续）`, MARGIN.left, MARGIN.top - 26, {
            width: this.width / 2,
            lineBreak: false,
          });
          doc.text(s.info.caseNumber, MARGIN.left + this.width / 2, MARGIN.top - 26, {
            width: this.width / 2,
            align: "right",
            lineBreak: false,
          });
          doc
            .moveTo(MARGIN.left, MARGIN.top - 12)
            .lineTo(MARGIN.left + this.width, MARGIN.top - 12)
            .lineWidth(0.4)
            .stroke("#888");
        }
        if (this.draft) {
          doc.text(`【${this.draft.mark}】${this.draft.note}`, MARGIN.left, MARGIN.top - 44, {
            width: this.width,
            align: "center",
            lineBreak: false,
          });
        }
        const inFile = this.filePageNumbers ? `　卷内第 ${p + 1} 页` : "";
        doc.text(
          `${s.info.committee}　第 ${n} 页 共 ${count} 页${inFile}`,
          MARGIN.left,
          PAGE.height - MARGIN.bottom + 24,
          {
            width: this.width,
            align: "center",
            lineBreak: false,
          },
        );
        doc.fillColor("#000");
        doc.page.margins = saved;
      }
    });
  }

  /** Finishes the PDF and returns its bytes. */
  async toBuffer(): Promise<Buffer> {
    this.decorate();
    const chunks: Buffer[] = [];
    this.doc.on("data", (c: Buffer) => chunks.push(c));
    const done = new Promise<void>((resolve) => this.doc.on("end", () => resolve()));
    this.doc.end();
    await done;
    return Buffer.concat(chunks);
  }
}
