import { z } from "zod";
import { addDays } from "../shared/dates.js";
import "../validation-messages.js";
import { codesOf } from "../shared/codes.js";

/**
 * Statistics periods: whole months, quarters and years, or any run of days. Dates are the
 * 'YYYY-MM-DD' strings the cases carry (Beijing dates); arithmetic is on the calendar only.
 */

/** 'YYYY-MM' → its last day. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
}

/** Every month from one to another, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 1200; m = nextMonth(m)) out.push(m);
  return out;
}

/**
 * A run of days as whole years (read from the yearly aggregates), the whole months left over at
 * either end (monthly aggregates) and the days left over beyond those (daily facts). The pieces
 * do not overlap and together cover exactly the run.
 */
export function splitRange(
  from: string,
  to: string,
): { years: [string, string] | null; months: [string, string][]; days: [string, string][] } {
  if (from > to) return { years: null, months: [], days: [] };
  const firstFull = from.endsWith("-01") ? from.slice(0, 7) : nextMonth(from.slice(0, 7));
  const lastFull = to === lastDayOfMonth(to.slice(0, 7)) ? to.slice(0, 7) : addMonths(to.slice(0, 7), -1);
  if (firstFull > lastFull) return { years: null, months: [], days: [[from, to]] };
  const days: [string, string][] = [];
  if (`${firstFull}-01` > from) days.push([from, addDays(`${firstFull}-01`, -1)]);
  const afterLast = `${nextMonth(lastFull)}-01`;
  if (afterLast <= to) days.push([afterLast, to]);
  const firstYear = Number(firstFull.slice(0, 4)) + (firstFull.endsWith("-01") ? 0 : 1);
  const lastYear = Number(lastFull.slice(0, 4)) - (lastFull.endsWith("-12") ? 0 : 1);
  if (firstYear > lastYear) return { years: null, months: [[firstFull, lastFull]], days };
  const months: [string, string][] = [];
  // Four digits, as the keys are stored ('0001', not '1').
  const y4 = (y: number) => String(y).padStart(4, "0");
  if (firstFull < `${y4(firstYear)}-01`) months.push([firstFull, `${y4(firstYear - 1)}-12`]);
  if (lastFull > `${y4(lastYear)}-12`) months.push([`${y4(lastYear + 1)}-01`, lastFull]);
  return { years: [y4(firstYear), y4(lastYear)], months, days };
}

export const PERIOD_KIND_LABELS = {
  month: "按月",
  quarter: "按季度",
  year: "按年",
  custom: "自定义",
};
export type PeriodKind = keyof typeof PERIOD_KIND_LABELS;
export const PERIOD_KINDS = codesOf(PERIOD_KIND_LABELS);

export interface Period {
  kind: PeriodKind;
  from: string;
  to: string;
  year: number;
  month: number;
  quarter: number;
  label: string;
}

const QUARTER_NAMES = ["一", "二", "三", "四"];

function chineseDay(d: string): string {
  const [y, m, day] = d.split("-").map(Number);
  return `${y}年${m}月${day}日`;
}

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "应为日期，如 2026-09-04")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && addDays(v, 0) === v, "不是有效日期");

export const periodQuery = z
  .object({
    period: z.enum(PERIOD_KINDS, { error: "统计期间类型无效" }).optional(),
    year: z.coerce
      .number({ error: "年份无效" })
      .int("年份无效")
      .min(2000, "年份无效")
      .max(2100, "年份无效")
      .optional(),
    month: z.coerce
      .number({ error: "月份无效" })
      .int("月份无效")
      .min(1, "月份无效")
      .max(12, "月份无效")
      .optional(),
    quarter: z.coerce
      .number({ error: "季度无效" })
      .int("季度无效")
      .min(1, "季度无效")
      .max(4, "季度无效")
      .optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "结束日期不能早于开始日期" });
    if (q.from && q.to && q.to > addDays(q.from, 366 * 10)) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "统计期间不能超过十年" });
    }
  });
export type PeriodQuery = z.output<typeof periodQuery>;

/**
 * The period a query names. With `from`/`to` (and no other kind) it is those days; otherwise a
 * month, quarter or year (this year by default), whole, including days still to come.
 */
export function resolvePeriod(q: PeriodQuery, today: string): Period {
  const year = q.year ?? Number(today.slice(0, 4));
  const month = q.month ?? Number(today.slice(5, 7));
  const quarter = q.quarter ?? Math.ceil(month / 3);
  const kind: PeriodKind = q.period ?? (q.from || q.to ? "custom" : "year");
  const pad = (n: number) => String(n).padStart(2, "0");
  switch (kind) {
    case "month": {
      const m = `${year}-${pad(month)}`;
      return {
        kind,
        from: `${m}-01`,
        to: lastDayOfMonth(m),
        year,
        month,
        quarter,
        label: `${year}年${month}月`,
      };
    }
    case "quarter": {
      const first = `${year}-${pad(quarter * 3 - 2)}`;
      return {
        kind,
        from: `${first}-01`,
        to: lastDayOfMonth(`${year}-${pad(quarter * 3)}`),
        year,
        month,
        quarter,
        label: `${year}年第${QUARTER_NAMES[quarter - 1]}季度`,
      };
    }
    case "year":
      return { kind, from: `${year}-01-01`, to: `${year}-12-31`, year, month, quarter, label: `${year}年` };
    case "custom": {
      const from = q.from ?? `${year}-01-01`;
      const to = q.to ?? (from > today ? from : today);
      return { kind, from, to, year, month, quarter, label: `${chineseDay(from)}至${chineseDay(to)}` };
    }
  }
}
