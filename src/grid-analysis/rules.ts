import { addMonths, lastDayOfMonth } from "../reports/periods.js";
import { addDays, daysUntil } from "../shared/dates.js";

/**
 * The 研判 and 管控 rules, pure: periods compared with the one before, rates with their
 * numerators, repeat disputes, why a dispute is watched, and when a check-in is overdue.
 */

export interface Range {
  from: string;
  to: string;
}

/**
 * The period before: the month, quarter or year before a whole one; otherwise as many days just
 * before `from`. "Whole" is read off the dates, so 2026-10-01..2026-12-31 is the previous quarter
 * of 2027's first whichever way it was asked for.
 */
export function previousPeriod({ from, to }: Range): Range {
  const firstMonth = from.slice(0, 7);
  const lastMonth = to.slice(0, 7);
  const wholeMonths = from.endsWith("-01") && to === lastDayOfMonth(lastMonth);
  if (wholeMonths) {
    const months =
      (Number(lastMonth.slice(0, 4)) - Number(firstMonth.slice(0, 4))) * 12 +
      Number(lastMonth.slice(5, 7)) -
      Number(firstMonth.slice(5, 7)) +
      1;
    const start = addMonths(firstMonth, -months);
    return { from: `${start}-01`, to: addDays(from, -1) };
  }
  const days = daysUntil(from, to) + 1;
  return { from: addDays(from, -days), to: addDays(from, -1) };
}

export type Trend = "up" | "down" | "same";

/** This period against the last: the change and its arrow, said in words for screen readers too. */
export function compare(current: number, previous: number): { delta: number; trend: Trend; text: string } {
  const delta = current - previous;
  if (delta > 0) return { delta, trend: "up", text: `↑ 比上期多 ${delta}` };
  if (delta < 0) return { delta, trend: "down", text: `↓ 比上期少 ${-delta}` };
  return { delta, trend: "same", text: "与上期持平" };
}

/** A rate with what it is made of; `null` when nothing was counted (unknown, not 0 %). */
export interface Rate {
  numerator: number;
  denominator: number;
  rate: number | null;
}

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, rate: denominator > 0 ? numerator / denominator : null };
}

/**
 * 98.7% (one decimal, rounded down as the seeds write it: 8805 ÷ 8912 = 98.799…%, so a rate
 * never reads higher than it is, and 100.0% means all), or — when nothing was counted.
 */
export function percent(r: Rate): string {
  if (r.rate === null) return "—";
  const n = r.numerator * 1000;
  return `${(Math.floor(n / r.denominator) / 10).toFixed(1)}%`;
}

/** 上报 8912 件，办结 8805 件，办结率 98.7% */
export function figuresLine(reported: number, finished: number): string {
  return `上报 ${reported} 件，办结 ${finished} 件，办结率 ${percent(rate(finished, reported))}`;
}

/** Whole days from `due` to `today` (positive when late). */
export const daysLate = (due: string, today: string): number => -daysUntil(today, due);

/** A check-in is missed when its date has passed (today is the Beijing date); on the day it is due. */
export const checkInOverdue = (nextCheckOn: string, today: string): boolean => nextCheckOn < today;

/** Colour band of a tile (0 none … 4 most), scaled to the busiest village; the number is always printed too. */
export function heatBand(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((count / max) * 4)));
}

export const WATCH_REASON_LABELS = {
  risk_serious: "风险等级较大",
  risk_major: "风险等级重大",
  threats: "有扬言、威胁等激化苗头",
  group: "群体性（5 人以上）",
  repeat: "重复纠纷",
};
export type WatchReason = keyof typeof WATCH_REASON_LABELS;
export const WATCH_REASONS = Object.keys(WATCH_REASON_LABELS) as WatchReason[];

/** Group of people: five or more involved, as 大事不出镇 counts it (src/cases/case-notes.ts). */
export const GROUP_SIZE = 5;

/** Why a dispute should be watched (empty: it need not be). */
export function watchReasons(d: {
  riskLevel: string;
  threats: boolean;
  people: number | null;
  repeat: boolean;
}): WatchReason[] {
  const out: WatchReason[] = [];
  if (d.riskLevel === "serious") out.push("risk_serious");
  if (d.riskLevel === "major") out.push("risk_major");
  if (d.threats) out.push("threats");
  if ((d.people ?? 0) >= GROUP_SIZE) out.push("group");
  if (d.repeat) out.push("repeat");
  return out;
}
