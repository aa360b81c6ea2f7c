import ExcelJS from "exceljs";
import type { GridFigures } from "./figures.js";
import type { Rate } from "./rules.js";
import type { DepartmentOverdue } from "./work-orders.js";
import type { HotSpot } from "./hot-spots.js";

/**
 * The 研判 page as Excel (like /stats/export.xlsx): the grid's figures with each rate's numerator
 * and denominator (rates as fractions formatted 0.0 %, "—" without a denominator), hot spots
 * and overdue work orders, each on a sheet, the scope and period above.
 */
export interface GridExportMeta {
  scope: string;
  period: string;
  asOf: string;
}

function head(sheet: ExcelJS.Worksheet, title: string, meta: GridExportMeta): void {
  sheet.getCell(1, 1).value = title;
  sheet.getCell(1, 1).font = { bold: true, size: 16 };
  [
    ["统计范围", meta.scope],
    ["统计期间", meta.period],
    ["统计截至", meta.asOf],
  ].forEach(([k, v], i) => {
    sheet.getCell(2 + i, 1).value = k;
    sheet.getCell(2 + i, 2).value = v;
  });
}

function table(
  sheet: ExcelJS.Worksheet,
  headers: string[],
  rows: (string | number | null)[][],
  formats: (string | null)[],
): void {
  const header = sheet.getRow(6);
  header.values = headers;
  header.font = { bold: true };
  rows.forEach((values, i) => {
    const row = sheet.getRow(7 + i);
    values.forEach((v, j) => {
      const cell = row.getCell(j + 1);
      cell.value = v === null ? "—" : v;
      if (v !== null && formats[j]) cell.numFmt = formats[j]!;
    });
  });
  headers.forEach((_, j) => (sheet.getColumn(j + 1).width = j === 0 ? 28 : 14));
}

const rateRow = (label: string, r: Rate) => [label, r.rate, r.numerator, r.denominator];

export async function gridXlsx(
  meta: GridExportMeta,
  f: GridFigures,
  spots: HotSpot[],
  orders: DepartmentOverdue[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "枫桥人民调解系统";
  const figures = wb.addWorksheet("网格工作统计");
  head(figures, "网格事件统计表", meta);
  const counts: (string | number | null)[][] = [
    // Counts have no numerator or denominator: those cells stay empty ("—" means unknown).
    ["上报", f.reported],
    ["办结", f.finished],
    ...f.byCategory.map((c) => [`按类别：${c.label}`, c.n]),
    ...f.bySource.map((c) => [`按来源：${c.label}`, c.n]),
  ];
  const rates = [
    rateRow("办结率", f.finishRate),
    rateRow("一日内分流率", f.dispatchedWithinDay),
    rateRow("按期办结率", f.closedOnTime),
    rateRow("满意率", f.satisfaction),
  ];
  table(
    figures,
    ["指标", "数值", "分子", "分母"],
    [...counts, ...rates],
    ["#,##0", "#,##0", "#,##0", "#,##0"],
  );
  rates.forEach((_, i) => (figures.getRow(7 + counts.length + i).getCell(2).numFmt = "0.0%"));
  figures.getCell(5, 1).value = f.line;

  const hot = wb.addWorksheet("热点");
  head(hot, "矛盾纠纷热点（村 × 类型）", meta);
  table(
    hot,
    ["村（社区）", "类型", "本期", "上期", "增减"],
    spots.map((s) => [s.place, s.typeName, s.n, s.previous, s.n - s.previous]),
    [null, null, "#,##0", "#,##0", "+#,##0;-#,##0;0"],
  );

  const wo = wb.addWorksheet("工单逾期");
  head(wo, "职能部门工单逾期情况", meta);
  table(
    wo,
    ["职能部门", "当前逾期", "最久逾期（天）", "平均逾期（天）", "本期办复", "其中逾期办复"],
    orders.map((d) => [
      d.department,
      d.overdue,
      d.oldestDaysLate,
      d.averageDaysLate,
      d.answered,
      d.answeredLate,
    ]),
    [null, "#,##0", "#,##0", "0.0", "#,##0", "#,##0"],
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
