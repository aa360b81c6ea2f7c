import { beijingDate } from "../shared/dates.js";
import { figuresLine, rate, type Range, type Rate } from "./rules.js";

/**
 * The grid's figures for a period (pure): over the reports reported in the period and the ratings
 * given in it. See README.md for each definition.
 */

export const CATEGORY_LABELS = { dispute: "矛盾纠纷", hazard: "安全隐患", request: "群众诉求" };
export const SOURCE_LABELS = { grid_worker: "网格员上报", party: "群众自报" };

export interface ReportFactRow {
  category: string;
  reporterKind: string;
  status: string;
  reportedAt: string;
  dispatchedAt: string | null;
  dueOn: string | null;
  doneOn: string | null;
}

export interface GridFigures {
  reported: number;
  /** 办结: of the period's reports, those done (replied or case concluded) or closed by the centre. */
  finished: number;
  finishRate: Rate;
  byCategory: { code: string; label: string; n: number }[];
  bySource: { code: string; label: string; n: number }[];
  /** Dispatched within 24 hours of the report ÷ reported. */
  dispatchedWithinDay: Rate;
  /** Done on or before the due date ÷ those with a due date that are done or past due. */
  closedOnTime: Rate;
  /** (满意 + 基本满意) ÷ ratings given in the period. */
  satisfaction: Rate;
  line: string;
}

const DAY_MS = 86_400_000;

export function gridFigures(
  rows: readonly ReportFactRow[],
  ratings: readonly { satisfaction: string }[],
  today: string,
): GridFigures {
  const count = (codes: Record<string, string>, key: (r: ReportFactRow) => string) =>
    Object.entries(codes).map(([code, label]) => ({
      code,
      label,
      n: rows.filter((r) => key(r) === code).length,
    }));
  const finished = rows.filter((r) => r.status === "done" || r.status === "closed").length;
  const quick = rows.filter(
    (r) => r.dispatchedAt && Date.parse(r.dispatchedAt) - Date.parse(r.reportedAt) <= DAY_MS,
  ).length;
  const due = rows.filter((r) => r.dueOn && (r.doneOn || r.dueOn < today));
  const onTime = due.filter((r) => r.doneOn && r.doneOn <= r.dueOn!).length;
  const satisfied = ratings.filter(
    (r) => r.satisfaction === "satisfied" || r.satisfaction === "basically_satisfied",
  );
  return {
    reported: rows.length,
    finished,
    finishRate: rate(finished, rows.length),
    byCategory: count(CATEGORY_LABELS, (r) => r.category),
    bySource: count(SOURCE_LABELS, (r) => r.reporterKind),
    dispatchedWithinDay: rate(quick, rows.length),
    closedOnTime: rate(onTime, due.length),
    satisfaction: rate(satisfied.length, ratings.length),
    line: figuresLine(rows.length, finished),
  };
}

/** The UTC instants bounding a run of Beijing days (`to` included): [start, end). */
export function instantBounds({ from, to }: Range): { start: string; end: string } {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(Date.parse(`${to}T00:00:00+08:00`) + DAY_MS);
  return { start: start.toISOString(), end: end.toISOString() };
}

export const reportedOn = (reportedAt: string) => beijingDate(new Date(reportedAt));
