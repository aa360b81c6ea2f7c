import { DateTime } from "luxon";
import { currentCalendar, missingNoticeNote } from "../calendar/calendar.js";
import { daysUntil, ZONE } from "../shared/dates.js";

/**
 * Periods as the Civil Procedure Law counts them: the day a period starts is not counted, and a
 * period whose last day is a rest day (a weekend or a public holiday, with China's 调休 make-up
 * working days respected) ends on the next working day. The calendar is src/calendar/: the State
 * Council's notices where loaded, else the statutory days and the later plausible end, in which
 * case `missingYears` names the years whose notice is missing.
 */
export function isWorkingDay(isoDate: string): boolean {
  return currentCalendar().isWorkingDay(isoDate);
}

/** A period's last day, and the years whose holiday notice is missing but was consulted. */
export interface PeriodEnd {
  due: string;
  missingYears: number[];
}

export function nextWorkingDayDetail(isoDate: string): PeriodEnd {
  const calendar = currentCalendar();
  const missing = new Set<number>();
  let d = DateTime.fromISO(isoDate, { zone: ZONE });
  for (let i = 0; i < 60; i++) {
    const day = calendar.day(d.toISODate()!);
    day.missingYears.forEach((y) => missing.add(y));
    if (day.working) break;
    d = d.plus({ days: 1 });
  }
  return { due: d.toISODate()!, missingYears: [...missing].sort((a, b) => a - b) };
}

export function nextWorkingDayOnOrAfter(isoDate: string): string {
  return nextWorkingDayDetail(isoDate).due;
}

export function periodEndDaysDetail(start: string, days: number): PeriodEnd {
  return nextWorkingDayDetail(DateTime.fromISO(start, { zone: ZONE }).plus({ days }).toISODate()!);
}

/** The last day of a period of `days` days starting on `start` (that day not counted). */
export function periodEndDays(start: string, days: number): string {
  return periodEndDaysDetail(start, days).due;
}

export function periodEndMonthsDetail(start: string, months: number): PeriodEnd {
  return nextWorkingDayDetail(DateTime.fromISO(start, { zone: ZONE }).plus({ months }).toISODate()!);
}

/** The last day of a period of `months` months: the same date in the later month (or its last day). */
export function periodEndMonths(start: string, months: number): string {
  return periodEndMonthsDetail(start, months).due;
}

/** For a period end computed earlier and stored: the years of its calendar still missing now. */
export function missingYearsAround(due: string): number[] {
  return nextWorkingDayDetail(due).missingYears;
}

/** "2027年放假安排尚未录入" beside a date, when its year's notice is missing. */
export const calendarNote = missingNoticeNote;

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
  /** "2027年放假安排尚未录入": the period end assumes the later plausible end (src/calendar/). */
  calendarNote?: string;
}

export function deadline(
  kind: Deadline["kind"],
  label: string,
  due: string,
  today: string,
  missingYears: number[] = [],
): Deadline {
  const daysLeft = daysUntil(today, due);
  const note = missingNoticeNote(missingYears);
  return { kind, label, due, overdue: daysLeft < 0, daysLeft, ...(note ? { calendarNote: note } : {}) };
}
