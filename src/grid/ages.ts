import { addDays, beijingDate } from "../shared/dates.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long ago an instant was, in the unit a desk reads at a glance: "12 分钟", "3 小时", "2 天".
 * Under a minute reads "不到 1 分钟"; a time in the future (a clock set back) as no time at all.
 */
export function ageText(fromIso: string, now: Date): string {
  const ms = Math.max(0, now.getTime() - Date.parse(fromIso));
  if (ms < MINUTE) return "不到 1 分钟";
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} 分钟`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} 小时`;
  return `${Math.floor(ms / DAY)} 天`;
}

/** Whether a report has waited a whole day or more at the centre (the desk marks it). */
export function waitedADay(fromIso: string, now: Date): boolean {
  return now.getTime() - Date.parse(fromIso) >= DAY;
}

/**
 * A work order's due date against today (Beijing): overdue while open past its date; answered
 * late when done after it. `daysOver` is how many days past the date (today or the done date).
 */
export function dueState(
  order: { status: string; dueOn?: string | null; doneOn?: string | null },
  now: Date,
): { overdue: boolean; late: boolean; daysOver: number } {
  const none = { overdue: false, late: false, daysOver: 0 };
  if (!order.dueOn) return none;
  const days = (to: string) =>
    Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${order.dueOn}T00:00:00Z`)) / DAY);
  if (order.status === "dispatched") {
    const over = days(beijingDate(now));
    return over > 0 ? { overdue: true, late: false, daysOver: over } : none;
  }
  if (order.status === "done" && order.doneOn) {
    const over = days(order.doneOn);
    return over > 0 ? { overdue: false, late: true, daysOver: over } : none;
  }
  return none;
}

/** The due date a dispatch form proposes: a week for a department, a month (30 days) for a committee. */
export function defaultDueOn(targetKind: string, now: Date): string {
  return addDays(beijingDate(now), targetKind === "department" ? 7 : 30);
}
