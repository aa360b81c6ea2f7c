import ExcelJS from "exceljs";
import { COLUMNS, type Column } from "./columns.js";
import type { Figures } from "./figures.js";
import { MINISTRY_SOURCES, type MinistryRow, type MinistryTable } from "./ministry.js";

/**
 * The statistics as files: the current view as Excel (.xlsx) and CSV, and the ministry's table as
 * Excel. Numbers stay numbers (rates as fractions formatted as percentages, amounts in yuan); a
 * rate without a denominator is the text "—". Headers are the Chinese column names of figures.ts.
 */
export interface ExportMeta {
  title: string;
  scope: string;
  period: string;
  groupBy: string;
  asOf: string;
}

export interface ExportRow {
  name: string;
  figures: Figures;
}

/** Where the header row is in the workbook (rows above it describe the table). */
export const HEADER_ROW = 6;
export const FIRST_HEADER = "分组";

/** A figure's value in a spreadsheet: yuan for amounts, null (written "—") for an unknown rate. */
export function sheetValue(f: Figures, c: Column): number | null {
  const v = f[c.key] as number | null;
  if (v === null) return null;
  return c.kind === "amount" ? v / 100 : v;
}

const NUM_FMT: Record<Column["kind"], string> = {
  count: "#,##0",
  rate: "0.0%",
  days: "0.0",
  amount: "#,##0.00",
};

function describe(sheet: ExcelJS.Worksheet, meta: ExportMeta, width: number): void {
  sheet.mergeCells(1, 1, 1, width);
  sheet.getCell(1, 1).value = meta.title;
  sheet.getCell(1, 1).font = { bold: true, size: 16 };
  sheet.getCell(1, 1).alignment = { horizontal: "center" };
  const lines: [string, string][] = [
    ["统计范围", meta.scope],
    ["统计期间", meta.period],
    ["分组", meta.groupBy],
    ["统计截至", meta.asOf],
  ];
  lines.forEach(([k, v], i) => {
    sheet.getCell(2 + i, 1).value = k;
    sheet.getCell(2 + i, 2).value = v;
  });
}

function definitions(workbook: ExcelJS.Workbook): void {
  const sheet = workbook.addWorksheet("指标说明");
  sheet.columns = [
    { header: "指标", width: 22 },
    { header: "口径", width: 90 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const c of COLUMNS) sheet.addRow([c.label, c.definition]);
}

/** The current view: one row per group and a total row, every figure. */
export async function viewXlsx(meta: ExportMeta, rows: ExportRow[], total: ExportRow): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "枫桥人民调解系统";
  const sheet = workbook.addWorksheet("统计表", {
    views: [{ state: "frozen", xSplit: 1, ySplit: HEADER_ROW }],
  });
  describe(sheet, meta, COLUMNS.length + 1);
  const header = sheet.getRow(HEADER_ROW);
  header.values = [FIRST_HEADER, ...COLUMNS.map((c) => c.label)];
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "middle", horizontal: "center" };
  header.height = 36;
  sheet.getColumn(1).width = 26;
  COLUMNS.forEach((c, i) => {
    sheet.getColumn(i + 2).width = c.kind === "amount" ? 16 : 12;
  });
  [...rows, total].forEach((r, i) => {
    const row = sheet.getRow(HEADER_ROW + 1 + i);
    row.getCell(1).value = r.name;
    COLUMNS.forEach((c, j) => {
      const cell = row.getCell(j + 2);
      const v = sheetValue(r.figures, c);
      cell.value = v === null ? "—" : v;
      if (v === null) cell.alignment = { horizontal: "center" };
      else cell.numFmt = NUM_FMT[c.kind];
    });
    if (r === total) row.font = { bold: true };
  });
  definitions(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * One CSV cell. A cell that a spreadsheet would read as a formula (= + - @, or a tab or carriage
 * return before one) gets a leading apostrophe, so a committee named =HYPERLINK(…) stays text.
 */
export function csvField(raw: string): string {
  const v = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV header of a column: rates in percent, amounts in yuan. */
export function csvHeader(c: Column): string {
  return c.kind === "rate" ? `${c.label}（%）` : c.label;
}

/** CSV value of a figure: rates as percentages with one decimal, "—" when unknown. */
export function csvValue(f: Figures, c: Column): string {
  const v = sheetValue(f, c);
  if (v === null) return "—";
  if (c.kind === "rate") return (Math.round(v * 1000) / 10).toFixed(1);
  if (c.kind === "days") return (Math.round(v * 10) / 10).toFixed(1);
  if (c.kind === "amount") return v.toFixed(2);
  return String(v);
}

/** UTF-8 with a byte-order mark, so Excel opens the Chinese correctly; CRLF line ends. */
export function viewCsv(rows: ExportRow[], total: ExportRow): Buffer {
  const lines = [[FIRST_HEADER, ...COLUMNS.map(csvHeader)]];
  for (const r of [...rows, total]) lines.push([r.name, ...COLUMNS.map((c) => csvValue(r.figures, c))]);
  const text = lines.map((l) => l.map(csvField).join(",")).join("\r\n") + "\r\n";
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
}

/* ------------------------------------------------------------------ the ministry's table */

export interface MinistryColumn {
  group: string | null;
  label: string;
  kind: Column["kind"];
  value(r: MinistryRow): number | null;
}

export const MINISTRY_COLUMNS: MinistryColumn[] = [
  { group: null, label: "受理（件）", kind: "count", value: (r) => r.figures.accepted },
  ...MINISTRY_SOURCES.map((s, i): MinistryColumn => ({
    group: "其中",
    label: s.label,
    kind: "count",
    value: (r) => r.acceptedBySource[i] ?? 0,
  })),
  { group: null, label: "调结（件）", kind: "count", value: (r) => r.figures.concluded },
  { group: null, label: "调解成功（件）", kind: "count", value: (r) => r.figures.successful },
  { group: null, label: "调解成功率", kind: "rate", value: (r) => r.figures.successRate },
  { group: null, label: "协议涉及金额（元）", kind: "amount", value: (r) => r.figures.amountAgreedFen / 100 },
  { group: "防止民转刑", label: "件", kind: "count", value: (r) => r.figures.preventedCriminalCases },
  { group: "防止民转刑", label: "人", kind: "count", value: (r) => r.figures.preventedCriminalPeople },
  { group: "防止群体性上访", label: "件", kind: "count", value: (r) => r.figures.preventedPetitionCases },
  { group: "防止群体性上访", label: "人", kind: "count", value: (r) => r.figures.preventedPetitionPeople },
];

export const MINISTRY_HEADER_ROW = 5;

export async function ministryXlsx(meta: ExportMeta, table: MinistryTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "枫桥人民调解系统";
  const sheet = workbook.addWorksheet("人民调解案件统计表", {
    pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const width = MINISTRY_COLUMNS.length + 1;
  sheet.mergeCells(1, 1, 1, width);
  sheet.getCell(1, 1).value = meta.title;
  sheet.getCell(1, 1).font = { bold: true, size: 16 };
  sheet.getCell(1, 1).alignment = { horizontal: "center" };
  sheet.getCell(2, 1).value = `填报范围：${meta.scope}`;
  sheet.getCell(3, 1).value = `统计期间：${meta.period}　　统计截至：${meta.asOf}`;
  // Two header rows: a group heading over its sub-columns, or one heading spanning both rows.
  const top = MINISTRY_HEADER_ROW - 1;
  sheet.mergeCells(top, 1, MINISTRY_HEADER_ROW, 1);
  sheet.getCell(top, 1).value = "纠纷类型";
  for (let i = 0; i < MINISTRY_COLUMNS.length;) {
    const c = MINISTRY_COLUMNS[i]!;
    const col = i + 2;
    if (c.group === null) {
      sheet.mergeCells(top, col, MINISTRY_HEADER_ROW, col);
      sheet.getCell(top, col).value = c.label;
      i += 1;
      continue;
    }
    let end = i;
    while (MINISTRY_COLUMNS[end]?.group === c.group) end += 1;
    if (end - i > 1) sheet.mergeCells(top, col, top, end + 1);
    sheet.getCell(top, col).value = c.group;
    for (let k = i; k < end; k++)
      sheet.getCell(MINISTRY_HEADER_ROW, k + 2).value = MINISTRY_COLUMNS[k]!.label;
    i = end;
  }
  for (const r of [top, MINISTRY_HEADER_ROW]) {
    sheet.getRow(r).font = { bold: true };
    sheet.getRow(r).alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  }
  sheet.getColumn(1).width = 16;
  MINISTRY_COLUMNS.forEach((c, i) => (sheet.getColumn(i + 2).width = c.kind === "amount" ? 18 : 11));
  [...table.rows, table.total].forEach((r, i) => {
    const row = sheet.getRow(MINISTRY_HEADER_ROW + 1 + i);
    row.getCell(1).value = r.name;
    MINISTRY_COLUMNS.forEach((c, j) => {
      const v = c.value(r);
      const cell = row.getCell(j + 2);
      cell.value = v === null ? "—" : v;
      if (v === null) cell.alignment = { horizontal: "center" };
      else cell.numFmt = NUM_FMT[c.kind];
    });
    if (r === table.total) row.font = { bold: true };
  });
  const last = MINISTRY_HEADER_ROW + table.rows.length + 1;
  for (let r = top; r <= last; r++) {
    for (let c = 1; c <= width; c++) {
      sheet.getCell(r, c).border = {
        top: { style: "thin" },
        left: { style: "thin" },
        bottom: { style: "thin" },
        right: { style: "thin" },
      };
    }
  }
  sheet.getCell(last + 2, 1).value =
    "说明：调解成功率 = 调解成功 ÷ 调结；受理按受理日期，调结、调解成功和协议金额按调结日期，防止激化按结案日期统计。";
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
