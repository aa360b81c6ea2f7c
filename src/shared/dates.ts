import { DateTime, FixedOffsetZone } from "luxon";

/**
 * Every date the office sees is a Beijing date, whatever zone the server runs in. China has kept
 * UTC+8 without summer time since 1991, so a fixed offset gives the same dates and times as the
 * "Asia/Shanghai" zone without asking Intl for the offset on every conversion (13–14 % of a case
 * page's CPU when it did: bench/results/2026-11-30-case-page-profile.md).
 */
export const ZONE = FixedOffsetZone.instance(480);

/** Today's date in Beijing for an instant. */
export function beijingDate(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: ZONE }).toISODate()!;
}

/** Days from `today` until `due` (negative when overdue). */
export function daysUntil(today: string, due: string): number {
  return Math.round(DateTime.fromISO(due).diff(DateTime.fromISO(today), "days").days);
}

const DAY = 86_400_000;

/** A 'YYYY-MM-DD' date `n` days later (earlier for negative `n`): calendar arithmetic, no zone. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}
