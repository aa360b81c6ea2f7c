import chineseDays from "chinese-days";
import { KNOWN_NOTICES } from "./known-notices.js";
import type { Notice, NoticeDay } from "./notices.js";
import {
  assumedDaysOff,
  FIRST_STATUTE_YEAR,
  isWeekend,
  statutoryDays,
  type HolidayDay,
} from "./statutory.js";

/**
 * The working-day calendar, in memory so that period arithmetic stays synchronous.
 *   - before 2025: the data of chinese-days (the State Council notices under the 2013 rules);
 *   - a year whose notice is loaded: the notice's days, then statutory days and weekends;
 *   - a year whose notice is missing: statutory days, weekends and the assumed days off of
 *     statutory.ts (the later plausible end), and the day says which year's notice is missing.
 * The process holds one current calendar (`currentCalendar`); CalendarService replaces it when
 * the database's notices change.
 */
export type DaySource = "historic" | "notice" | "statute" | "assumed";

export interface DayInfo {
  date: string;
  working: boolean;
  source: DaySource;
  name: string | null;
  /** Years whose notice this answer would depend on but which are not loaded. */
  missingYears: number[];
}

export class Calendar {
  private readonly notices = new Map<number, Notice>();
  private readonly explicit = new Map<string, NoticeDay>();
  private readonly statutory = new Map<number, Map<string, string>>();
  private readonly assumed = new Map<number, Map<string, string>>();

  constructor(notices: Notice[]) {
    for (const n of [...notices].sort((a, b) => a.year - b.year)) {
      this.notices.set(n.year, n);
      for (const d of n.days) this.explicit.set(d.date, d);
    }
  }

  static builtIn(): Calendar {
    return new Calendar(
      KNOWN_NOTICES.map((n) => ({ ...n, days: n.days.map(([date, kind, name]) => ({ date, kind, name })) })),
    );
  }

  hasNotice(year: number): boolean {
    return year < FIRST_STATUTE_YEAR || this.notices.has(year);
  }

  notice(year: number): Notice | undefined {
    return this.notices.get(year);
  }

  loadedYears(): number[] {
    return [...this.notices.keys()];
  }

  private statutoryOf(year: number): Map<string, string> {
    let m = this.statutory.get(year);
    if (!m) this.statutory.set(year, (m = toMap(statutoryDays(year))));
    return m;
  }

  private assumedOf(year: number): Map<string, string> {
    let m = this.assumed.get(year);
    if (!m) this.assumed.set(year, (m = toMap(assumedDaysOff(year))));
    return m;
  }

  day(date: string): DayInfo {
    const year = Number(date.slice(0, 4));
    if (year < FIRST_STATUTE_YEAR) {
      return { date, working: chineseDays.isWorkday(date), source: "historic", name: null, missingYears: [] };
    }
    const missingYears: number[] = [];
    if (!this.hasNotice(year)) missingYears.push(year);
    // Late December may hold next year's 元旦 arrangement.
    const next = year + 1;
    const nextMissing = date.slice(5, 7) === "12" && !this.hasNotice(next);
    const info = (working: boolean, source: DaySource, name: string | null): DayInfo => ({
      date,
      working,
      source,
      name,
      missingYears,
    });
    const listed = this.explicit.get(date);
    if (listed) return info(listed.kind === "work", "notice", listed.name);
    const statutory = this.statutoryOf(year).get(date);
    if (statutory) return info(false, "statute", statutory);
    if (nextMissing) {
      const a = this.assumedOf(next).get(date);
      if (a) return { ...info(false, "assumed", a), missingYears: [...missingYears, next] };
    }
    if (!this.hasNotice(year)) {
      const a = this.assumedOf(year).get(date);
      if (a) return info(false, "assumed", a);
    }
    return info(!isWeekend(date), this.hasNotice(year) ? "notice" : "statute", null);
  }

  isWorkingDay(date: string): boolean {
    return this.day(date).working;
  }
}

function toMap(days: HolidayDay[]): Map<string, string> {
  return new Map(days.map((d) => [d.date, d.name]));
}

let current = Calendar.builtIn();

export function currentCalendar(): Calendar {
  return current;
}

export function setCurrentCalendar(calendar: Calendar): void {
  current = calendar;
}

/** "2027年放假安排尚未录入" (or "2027年、2028年…"), or undefined when every year is loaded. */
export function missingNoticeNote(years: number[]): string | undefined {
  const unique = [...new Set(years)].sort((a, b) => a - b);
  return unique.length ? `${unique.map((y) => `${y}年`).join("、")}放假安排尚未录入` : undefined;
}
