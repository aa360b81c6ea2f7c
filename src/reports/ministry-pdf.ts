import PDFDocument from "pdfkit";
import { registerSerifFonts } from "../documents/pdf-fonts.js";
import { MINISTRY_COLUMNS, type ExportMeta } from "./exports.js";
import { count, percent, yuan } from "./format.js";
import type { MinistryRow, MinistryTable } from "./ministry.js";

/**
 * The ministry's statistics table as a one-page landscape A4 PDF, in the embedded Chinese font
 * of the documents module (src/documents/pdf.ts), ruled like the paper form.
 */
export function ministryPdf(meta: ExportMeta, table: MinistryTable): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margins: { top: 40, bottom: 36, left: 30, right: 30 },
    info: { Title: meta.title, Creator: "枫桥人民调解系统", Producer: "Fengqiao" },
    lang: "zh-CN",
  });
  registerSerifFonts(doc);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));

  const left = 30;
  const width = doc.page.width - 60;
  doc.font("serif-bold").fontSize(18).text(meta.title, left, 40, { width, align: "center" });
  doc.font("serif").fontSize(10.5);
  doc.text(`填报范围：${meta.scope}`, left, 72, { width });
  doc.text(`统计期间：${meta.period}　　统计截至：${meta.asOf}　　单位：件、人、元`, left, 88, { width });

  const firstW = 86;
  const colW = (width - firstW) / MINISTRY_COLUMNS.length;
  const x = (i: number) => left + firstW + i * colW;
  const top = 110;
  const headH = 22;
  const rowH = 21;
  const cellText = (
    s: string,
    cx: number,
    cy: number,
    w: number,
    h: number,
    bold = false,
    align: "center" | "right" | "left" = "center",
  ) => {
    doc.font(bold ? "serif-bold" : "serif").fontSize(9);
    const th = doc.heightOfString(s, { width: w - 6 });
    doc.text(s, cx + 3, cy + (h - th) / 2, { width: w - 6, align, lineBreak: true });
  };
  const box = (bx: number, by: number, w: number, h: number) =>
    doc.rect(bx, by, w, h).lineWidth(0.6).stroke();

  // Two header rows: a group heading over its columns, or a heading spanning both rows.
  box(left, top, firstW, headH * 2);
  cellText("纠纷类型", left, top, firstW, headH * 2, true);
  for (let i = 0; i < MINISTRY_COLUMNS.length;) {
    const c = MINISTRY_COLUMNS[i]!;
    if (c.group === null) {
      box(x(i), top, colW, headH * 2);
      cellText(c.label, x(i), top, colW, headH * 2, true);
      i += 1;
      continue;
    }
    let end = i;
    while (MINISTRY_COLUMNS[end]?.group === c.group) end += 1;
    box(x(i), top, colW * (end - i), headH);
    cellText(c.group, x(i), top, colW * (end - i), headH, true);
    for (let k = i; k < end; k++) {
      box(x(k), top + headH, colW, headH);
      cellText(MINISTRY_COLUMNS[k]!.label, x(k), top + headH, colW, headH, true);
    }
    i = end;
  }

  const show = (r: MinistryRow, i: number): string => {
    const c = MINISTRY_COLUMNS[i]!;
    const v = c.value(r);
    if (v === null) return "—";
    if (c.kind === "rate") return percent(v);
    if (c.kind === "amount") return yuan(Math.round(v * 100));
    return count(v);
  };
  [...table.rows, table.total].forEach((r, ri) => {
    const y = top + headH * 2 + ri * rowH;
    const bold = r === table.total;
    box(left, y, firstW, rowH);
    cellText(r.name, left, y, firstW, rowH, bold, "left");
    MINISTRY_COLUMNS.forEach((_c, i) => {
      box(x(i), y, colW, rowH);
      cellText(show(r, i), x(i), y, colW, rowH, bold, "right");
    });
  });
  const after = top + headH * 2 + (table.rows.length + 1) * rowH + 10;
  doc
    .font("serif")
    .fontSize(9)
    .text(
      "说明：调解成功率 = 调解成功 ÷ 调结（无调结案件时为“—”）；受理按受理日期，调结、调解成功和协议涉及金额按调结日期，防止激化按结案日期统计。",
      left,
      after,
      { width },
    );
  doc.end();
  return done;
}
