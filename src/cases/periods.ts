import chineseDays from "chinese-days";
import { DateTime } from "luxon";

export const ZONE = "Asia/Shanghai";

/**
 * Periods as the Civil Procedure Law counts them: the day a period starts is not counted, and a
 * period whose last day is a rest day (a weekend or a public holiday, with China's 调休 make-up
 * working days respected: the calendar is data from `chinese-days`) ends on the next working day.
 */
export function isWorkingDay(isoDate: string): boolean {
  return chineseDays.isWorkday(isoDate);
}

export function nextWorkingDayOnOrAfter(isoDate: string): string {
  let d = DateTime.fromISO(isoDate, { zone: ZONE });
  for (let i = 0; i < 60 && !isWorkingDay(d.toISODate()!); i++) d = d.plus({ days: 1 });
  return d.toISODate()!;
}

/** The last day of a period of `days` days starting on `start` (that day not counted). */
export function periodEndDays(start: string, days: number): string {
  return nextWorkingDayOnOrAfter(DateTime.fromISO(start, { zone: ZONE }).plus({ days }).toISODate()!);
}

/** The last day of a period of `months` months: the same date in the later month (or its last day). */
export function periodEndMonths(start: string, months: number): string {
  return nextWorkingDayOnOrAfter(DateTime.fromISO(start, { zone: ZONE }).plus({ months }).toISODate()!);
}

/** Today's date in Beijing for an instant. */
export function beijingDate(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: ZONE }).toISODate()!;
}

/** Days from `today` until `due` (negative when overdue). */
export function daysUntil(today: string, due: string): number {
  return Math.round(DateTime.fromISO(due).diff(DateTime.fromISO(today), "days").days);
}

/** The mediation target: concluded within one month of acceptance (GD33), unless extended by consent. */
export const MEDIATION_MONTHS = 1;
/** Judicial confirmation: the parties apply within 30 days of the agreement taking effect (RL33). */
export const CONFIRMATION_WINDOW_DAYS = 30;

export interface Deadline {
  kind: "mediation" | "confirmation_window" | "obligation";
  label: string;
  due: string;
  overdue: boolean;
  daysLeft: number;
}

export function deadline(kind: Deadline["kind"], label: string, due: string, today: string): Deadline {
  const daysLeft = daysUntil(today, due);
  return { kind, label, due, overdue: daysLeft < 0, daysLeft };
}
