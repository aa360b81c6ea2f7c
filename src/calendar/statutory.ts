import { LunarDay, SolarTerm } from "tyme4ts";
import { DateTime } from "luxon";

/**
 * What the law fixes for any year: the statutory days of 全国年节及纪念日放假办法 (2024 revision,
 * art. 2), the art. 6 rule that a statutory day on a Saturday or Sunday is made up on a working
 * day, and — for a year whose State Council notice is not loaded — the days off we assume the
 * notice will add (see README.md, "When a year's notice is missing"). Lunar dates and solar
 * terms come from tyme4ts.
 */

export interface HolidayDay {
  date: string;
  name: string;
}

/** The first year counted under the 2024 revision (in force 2025-01-01). */
export const FIRST_STATUTE_YEAR = 2025;

const iso = (y: number, m: number, d: number) => DateTime.utc(y, m, d).toISODate()!;
const shift = (date: string, days: number) =>
  DateTime.fromISO(date, { zone: "utc" }).plus({ days }).toISODate()!;
/** 1 = Monday … 7 = Sunday. */
export const weekday = (date: string) => DateTime.fromISO(date, { zone: "utc" }).weekday;
export const isWeekend = (date: string) => weekday(date) >= 6;

function solar(lunar: LunarDay): string {
  const s = lunar.getSolarDay();
  return iso(s.getYear(), s.getMonth(), s.getDay());
}

/** 正月初一 of the lunar year that begins in `year` (always in January or February). */
export function springFestival(year: number): string {
  return solar(LunarDay.fromYmd(year, 1, 1));
}

export function qingming(year: number): string {
  const s = SolarTerm.fromName(year, "清明").getJulianDay().getSolarDay();
  return iso(s.getYear(), s.getMonth(), s.getDay());
}

export const dragonBoat = (year: number) => solar(LunarDay.fromYmd(year, 5, 5));
export const midAutumn = (year: number) => solar(LunarDay.fromYmd(year, 8, 15));

/** Art. 2: the days off for all citizens (全体公民放假的节日), 13 days a year. */
export function statutoryDays(year: number): HolidayDay[] {
  const chuyi = springFestival(year);
  return [
    { date: iso(year, 1, 1), name: "元旦" },
    { date: shift(chuyi, -1), name: "春节（除夕）" },
    { date: chuyi, name: "春节（正月初一）" },
    { date: shift(chuyi, 1), name: "春节（正月初二）" },
    { date: shift(chuyi, 2), name: "春节（正月初三）" },
    { date: qingming(year), name: "清明节" },
    { date: iso(year, 5, 1), name: "劳动节" },
    { date: iso(year, 5, 2), name: "劳动节" },
    { date: dragonBoat(year), name: "端午节" },
    { date: midAutumn(year), name: "中秋节" },
    { date: iso(year, 10, 1), name: "国庆节" },
    { date: iso(year, 10, 2), name: "国庆节" },
    { date: iso(year, 10, 3), name: "国庆节" },
  ].sort((a, b) => a.date.localeCompare(b.date));
}

/** Art. 6: statutory days that fall on a Saturday or Sunday, each owed a working day off (补休). */
export function weekendStatutoryDays(year: number): HolidayDay[] {
  return statutoryDays(year).filter((d) => isWeekend(d.date));
}

/**
 * The days a missing notice is assumed to add, so that a period never ends earlier than the
 * notice could make it end (README.md lists the rules). Weekdays only; statutory days and
 * weekends are off anyway. May include late December of the year before (元旦 补休).
 */
export function assumedDaysOff(year: number): HolidayDay[] {
  const statutory = statutoryDays(year);
  const off = new Map<string, string>();
  const add = (date: string, name: string) => {
    if (!isWeekend(date) && !statutory.some((s) => s.date === date) && !off.has(date)) off.set(date, name);
  };
  const range = (from: string, to: string, name: string) => {
    for (let d = from; d <= to; d = shift(d, 1)) add(d, name);
  };
  // 春节: the usual 8–9 day break, from 腊月二十八 (初一 − 2) to 初七 (初一 + 7) at the widest.
  const chuyi = springFestival(year);
  range(shift(chuyi, -2), shift(chuyi, 7), "春节（假定调休）");
  // 劳动节: 5 days, 5/1–5/5.
  range(iso(year, 5, 1), iso(year, 5, 5), "劳动节（假定调休）");
  // 国庆: 10/1–10/7; with 中秋 next to it (9/28–10/8), also 10/8 and the days from 中秋 to 10/1.
  range(iso(year, 10, 1), iso(year, 10, 7), "国庆节（假定调休）");
  const zhongqiu = midAutumn(year);
  if (zhongqiu >= iso(year, 9, 28) && zhongqiu <= iso(year, 10, 8)) {
    range(
      zhongqiu < iso(year, 10, 1) ? zhongqiu : iso(year, 10, 1),
      iso(year, 10, 8),
      "国庆节、中秋节（假定调休）",
    );
  }
  // Art. 6 补休 for a one-day holiday on a weekend: the Monday after; for a Saturday also the Friday before.
  for (const s of [statutory[0]!, ...statutory.filter((d) => /清明|端午|中秋/.test(d.name))]) {
    if (s.name.startsWith("中秋") && off.has(s.date)) continue;
    const w = weekday(s.date);
    if (w === 6) add(shift(s.date, -1), `${s.name}（假定补休）`);
    if (w >= 6) add(shift(s.date, 8 - w), `${s.name}（假定补休）`);
  }
  // A single weekday between a day off and a weekend day (e.g. the Monday before a Tuesday holiday).
  const isOff = (d: string) => isWeekend(d) || off.has(d) || statutory.some((s) => s.date === d);
  const seeds = [...statutory.map((s) => s.date), ...off.keys()];
  for (const d of seeds) {
    for (const n of [shift(d, -1), shift(d, 1)]) {
      if (!isWeekend(n) && !isOff(n) && isOff(shift(n, -1)) && isOff(shift(n, 1))) {
        add(n, "节假日与周末之间（假定调休）");
      }
    }
  }
  return [...off].map(([date, name]) => ({ date, name })).sort((a, b) => a.date.localeCompare(b.date));
}
