import { afterEach, describe, expect, it } from "vitest";
import { Calendar, currentCalendar, setCurrentCalendar } from "../../src/calendar/calendar.js";
import { parseNotice, type Notice } from "../../src/calendar/notices.js";
import { assumedDaysOff, statutoryDays, weekendStatutoryDays } from "../../src/calendar/statutory.js";
import {
  deadline,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  periodEndDays,
  periodEndDaysDetail,
  periodEndMonths,
} from "../../src/cases/periods.js";
import { courtClock } from "../../src/confirmations/periods.js";
import { ValidationError } from "../../src/errors.js";

/**
 * Every expected date here was computed by hand. Weekday anchors: 2027-01-01 Friday, 2028-01-01
 * Saturday (2027 has 365 days), 2029-01-01 Monday (2028 is a leap year), 2030-01-01 Tuesday.
 * 春节 (正月初一): 2027-02-06 (Sat), 2028-01-26 (Wed), 2029-02-13 (Tue), 2030-02-03 (Sun) — from the
 * published almanac; 除夕 is the day before. No notice for 2027–2030 is loaded by default.
 */
const builtIn = currentCalendar();
afterEach(() => setCurrentCalendar(builtIn));

describe("statutory days (放假办法 2024, art. 2)", () => {
  it.each([
    [
      2027,
      [
        "01-01",
        "02-05",
        "02-06",
        "02-07",
        "02-08",
        "04-05",
        "05-01",
        "05-02",
        "06-09",
        "09-15",
        "10-01",
        "10-02",
        "10-03",
      ],
    ],
    [
      2028,
      [
        "01-01",
        "01-25",
        "01-26",
        "01-27",
        "01-28",
        "04-04",
        "05-01",
        "05-02",
        "05-28",
        "10-01",
        "10-02",
        "10-03",
        "10-03",
      ],
    ],
    [
      2029,
      [
        "01-01",
        "02-12",
        "02-13",
        "02-14",
        "02-15",
        "04-04",
        "05-01",
        "05-02",
        "06-16",
        "09-22",
        "10-01",
        "10-02",
        "10-03",
      ],
    ],
    [
      2030,
      [
        "01-01",
        "02-02",
        "02-03",
        "02-04",
        "02-05",
        "04-05",
        "05-01",
        "05-02",
        "06-05",
        "09-12",
        "10-01",
        "10-02",
        "10-03",
      ],
    ],
  ] as const)("%i: 13 days", (year, days) => {
    expect(statutoryDays(year).map((d) => d.date.slice(5))).toEqual(days);
  });

  it("names 除夕 and the solar-term day of 清明", () => {
    const y2027 = statutoryDays(2027);
    expect(y2027.find((d) => d.date === "2027-02-05")?.name).toBe("春节（除夕）");
    expect(y2027.find((d) => d.date === "2027-04-05")?.name).toBe("清明节");
  });

  it("lists the statutory days on a weekend, each owed a working day off (art. 6)", () => {
    // 2027: 除夕 Fri 2-05; 初一 Sat 2-06, 初二 Sun 2-07; 5-01 Sat, 5-02 Sun; 10-02 Sat, 10-03 Sun.
    expect(weekendStatutoryDays(2027).map((d) => d.date)).toEqual([
      "2027-02-06",
      "2027-02-07",
      "2027-05-01",
      "2027-05-02",
      "2027-10-02",
      "2027-10-03",
    ]);
    // 2028: 元旦 Sat; 端午 5-28 Sun; 10-01 Sun.
    expect(weekendStatutoryDays(2028).map((d) => d.date)).toEqual(["2028-01-01", "2028-05-28", "2028-10-01"]);
  });
});

describe("the issue's examples: 2027 without its notice", () => {
  it("2026-12-02 + 30 days is 元旦 2027 (Friday); the period ends on Monday 2027-01-04", () => {
    expect(periodEndDaysDetail("2026-12-02", 30)).toEqual({ due: "2027-01-04", missingYears: [2027] });
  });

  it("2027-01-06 + 30 days is 除夕; the whole assumed 春节 break (2-04..2-13) and Sunday 2-14 pass", () => {
    expect(periodEndDays("2027-01-06", 30)).toBe("2027-02-15");
    expect(periodEndMonths("2027-01-05", 1)).toBe("2027-02-15");
  });

  it("2027-09-01 + 30 days is 国庆; 10-01..10-07, Friday 10-08 between them and the weekend, then Monday", () => {
    expect(periodEndDays("2027-09-01", 30)).toBe("2027-10-11");
  });
});

describe("元旦", () => {
  it("2028-01-01 is a Saturday: 补休 assumed on Friday 2027-12-31 and Monday 2028-01-03", () => {
    // 2027-12-02 + 30 = Saturday 2028-01-01 → Sun 01-02 → Mon 01-03 (补休) → Tuesday.
    expect(periodEndDaysDetail("2027-12-02", 30)).toEqual({ due: "2028-01-04", missingYears: [2028] });
    // 2027-12-01 + 30 = Friday 2027-12-31, the possible 补休 day before.
    expect(periodEndDaysDetail("2027-12-01", 30)).toEqual({ due: "2028-01-04", missingYears: [2027, 2028] });
  });

  it("2029-01-01 is a Monday: the period ends on Tuesday", () => {
    expect(periodEndDays("2028-12-02", 30)).toBe("2029-01-02");
  });

  it("2030-01-01 is a Tuesday: Monday 2029-12-31 is assumed off as well", () => {
    expect(isWorkingDay("2029-12-31")).toBe(false);
    expect(periodEndDaysDetail("2029-12-01", 30)).toEqual({ due: "2030-01-02", missingYears: [2029, 2030] });
  });
});

describe("春节", () => {
  it.each([
    // [first assumed day off, the day before it (a working day), the first working day after]
    ["2027-02-04", "2027-02-03", "2027-02-15"], // 初一 Sat 2-06: 2-04 Thu .. 2-13 Sat, Sun 2-14
    ["2028-01-24", "2028-01-21", "2028-02-03"], // 初一 Wed 1-26: (Sat 1-22, Sun 1-23) 1-24 Mon .. 2-02 Wed
    ["2029-02-11", "2029-02-09", "2029-02-21"], // 初一 Tue 2-13: (Sat 2-10) 2-11 Sun .. 2-20 Tue
    ["2030-02-01", "2030-01-31", "2030-02-11"], // 初一 Sun 2-03: 2-01 Fri .. 2-10 Sun
  ])("from %s off; %s working; back to work on %s", (firstOff, before, back) => {
    expect(isWorkingDay(firstOff)).toBe(false);
    expect(isWorkingDay(before)).toBe(true);
    expect(nextWorkingDayOnOrAfter(firstOff)).toBe(back);
  });
});

describe("清明", () => {
  it.each([
    ["2027-03-06", "2027-04-06"], // 清明 Mon 4-05 → Tuesday
    ["2028-03-04", "2028-04-05"], // ends Mon 4-03, between Sunday and 清明 Tue 4-04 → Wednesday
    ["2029-03-05", "2029-04-05"], // 清明 Wed 4-04 → Thursday
    ["2030-03-06", "2030-04-08"], // 清明 Fri 4-05 → Monday
  ])("%s + 30 days ends on %s", (start, end) => {
    expect(periodEndDays(start, 30)).toBe(end);
  });
});

describe("劳动节 (assumed 5-01..5-05)", () => {
  it.each([
    ["2027-04-01", "2027-05-06"], // 5-01 Sat .. 5-05 Wed → Thursday
    ["2028-04-01", "2028-05-08"], // 5-01 Mon .. 5-05 Fri, weekend → Monday
    ["2029-04-01", "2029-05-07"], // 5-01 Tue .. 5-05 Sat, Sun 5-06 → Monday
    ["2030-04-01", "2030-05-06"], // 5-01 Wed .. 5-05 Sun → Monday
  ])("%s + 30 days (5-01) ends on %s", (start, end) => {
    expect(periodEndDays(start, 30)).toBe(end);
  });

  it("takes Monday 2029-04-30, between Sunday and Tuesday 5-01, as off", () => {
    expect(isWorkingDay("2029-04-30")).toBe(false);
    expect(isWorkingDay("2029-04-27")).toBe(true);
  });
});

describe("国庆", () => {
  it.each([
    ["2028-09-01", "2028-10-09"], // 10-01 Sun, 中秋 Tue 10-03 inside: 10-01..10-08 → Monday 10-09
    ["2029-09-01", "2029-10-08"], // 10-01 Mon .. 10-07 Sun → Monday
    ["2030-09-01", "2030-10-08"], // 10-01 Tue .. 10-07 Mon → Tuesday
  ])("%s + 30 days (10-01) ends on %s", (start, end) => {
    expect(periodEndDays(start, 30)).toBe(end);
  });

  it("takes Monday 2030-09-30, between Sunday and 10-01, as off", () => {
    expect(isWorkingDay("2030-09-30")).toBe(false);
  });
});

describe("a period ending on a statutory day that falls on a weekend", () => {
  it("端午 2029-06-16 is a Saturday: 补休 assumed on Friday 6-15 and Monday 6-18", () => {
    // 2029-05-17 + 30 = 2029-06-16.
    expect(periodEndDays("2029-05-17", 30)).toBe("2029-06-19");
    expect(periodEndDays("2029-05-16", 30)).toBe("2029-06-19"); // ends on Friday 6-15
    expect(isWorkingDay("2029-06-14")).toBe(true);
  });

  it("中秋 2029-09-22 is a Saturday: 补休 assumed on 9-21 and 9-24", () => {
    expect(periodEndDays("2029-08-23", 30)).toBe("2029-09-25");
  });

  it("端午 2028-05-28 is a Sunday: 补休 assumed on Monday 5-29", () => {
    // 2028-04-28 + 30 = 2028-05-28.
    expect(periodEndDays("2028-04-28", 30)).toBe("2028-05-30");
  });

  it("with a loaded notice the notice decides: 清明 2026-04-05 (Sunday) is made up on Monday 4-06", () => {
    // 2026-03-06 + 30 = 2026-04-05.
    expect(periodEndDaysDetail("2026-03-06", 30)).toEqual({ due: "2026-04-07", missingYears: [] });
  });
});

describe("a loaded notice replaces the assumptions", () => {
  const notice2027: Notice = {
    year: 2027,
    number: "国办发明电〔2026〕99号",
    issuedOn: "2026-11-20",
    days: [
      ...["02-05", "02-06", "02-07", "02-08", "02-09", "02-10", "02-11", "02-12", "02-13"].map((d) => ({
        date: `2027-${d}`,
        kind: "off" as const,
        name: "春节",
      })),
      { date: "2027-02-14", kind: "work", name: "春节" },
    ],
  };

  it("ends on Sunday 2027-02-14, a make-up working day, and no longer notes a missing year", () => {
    setCurrentCalendar(new Calendar([...builtIn.loadedYears().map((y) => builtIn.notice(y)!), notice2027]));
    expect(periodEndDaysDetail("2027-01-06", 30)).toEqual({ due: "2027-02-14", missingYears: [] });
    // 2-04 is not in this notice: a plain Thursday.
    expect(isWorkingDay("2027-02-04")).toBe(true);
    // 元旦 still statutory although the notice does not list it.
    expect(periodEndDays("2026-12-02", 30)).toBe("2027-01-04");
  });
});

describe("deadlines carry the note", () => {
  it("says which year's arrangement is missing", () => {
    const end = periodEndDaysDetail("2026-12-02", 30);
    expect(
      deadline("confirmation_window", "申请司法确认", end.due, "2026-12-02", end.missingYears),
    ).toMatchObject({
      due: "2027-01-04",
      calendarNote: "2027年放假安排尚未录入",
    });
    expect(deadline("mediation", "调解期限", "2027-01-04", "2026-12-02", [2027, 2028]).calendarNote).toBe(
      "2027年、2028年放假安排尚未录入",
    );
    expect(deadline("mediation", "调解期限", "2026-12-30", "2026-12-02", [])).not.toHaveProperty(
      "calendarNote",
    );
  });
});

describe("the court's clock carries the note", () => {
  const dates = { status: "pending", filedOn: null, dueOn: null, extendedOn: null };
  const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

  it("files within 3 days: 2027-12-29 + 3 is Saturday 元旦 2028, 补休 Monday assumed → Tuesday", () => {
    expect(courtClock({ ...dates, appliedOn: "2027-12-29" }, "2027-12-29", days)).toEqual({
      state: "new",
      due: "2028-01-04",
      daysLeft: 6,
      overdue: false,
      calendarNote: "2028年放假安排尚未录入",
    });
  });

  it("has no note in a year whose notice is loaded", () => {
    // 2026-09-28 + 3 = 2026-10-01 (国庆) → 10-08 by the 2026 notice.
    expect(courtClock({ ...dates, appliedOn: "2026-09-28" }, "2026-09-28", days)).toEqual({
      state: "new",
      due: "2026-10-08",
      daysLeft: 10,
      overdue: false,
    });
  });
});

describe("the assumptions are weekdays only", () => {
  it("never lists a weekend or a statutory day", () => {
    for (const year of [2027, 2028, 2029, 2030]) {
      const statutory = new Set(statutoryDays(year).map((d) => d.date));
      for (const d of assumedDaysOff(year)) {
        expect(statutory.has(d.date)).toBe(false);
        expect([6, 0]).not.toContain(new Date(`${d.date}T00:00:00Z`).getUTCDay());
      }
    }
  });
});

describe("parseNotice", () => {
  const base = { year: "2027", number: "国办发明电〔2026〕99号", issuedOn: "2026-11-20" };
  const fail = (input: unknown) => {
    try {
      parseNotice(input);
    } catch (err) {
      if (err instanceof ValidationError) return err.errors;
      throw err;
    }
    throw new Error("accepted");
  };

  it("reads the admin form's lines", () => {
    const n = parseNotice({
      ...base,
      days: "2027-02-14 班 春节\n\n2027-02-05 休 春节\r\n2027-10-08，放假，国庆节",
    });
    expect(n.year).toBe(2027);
    expect(n.days).toEqual([
      { date: "2027-02-05", kind: "off", name: "春节" },
      { date: "2027-02-14", kind: "work", name: "春节" },
      { date: "2027-10-08", kind: "off", name: "国庆节" },
    ]);
  });

  it("refuses a weekday as a make-up working day, naming the line", () => {
    expect(fail({ ...base, days: "2027-02-05 休 春节\n2027-02-15 班 春节" })).toEqual([
      { field: "days", message: "2027-02-15 不是周末，无需列为调休上班" },
    ]);
  });

  it("refuses a statutory day as a working day", () => {
    expect(fail({ ...base, days: "2027-02-06 班 春节" })[0]!.message).toBe(
      "2027-02-06 是法定节假日，不能调为上班",
    );
  });

  it("refuses a malformed line and an impossible date", () => {
    expect(fail({ ...base, days: "2027-02-05 休 春节\n明年春节" })[0]!.message).toMatch(
      /^第 2 行“明年春节”格式不正确/,
    );
    expect(fail({ ...base, days: "\n2027-02-30 休 春节" })[0]).toEqual({
      field: "days",
      message: "第 2 行：日期不是有效日期",
    });
  });

  it("refuses a date outside the year, a repeated date, a missing number and an early year", () => {
    expect(fail({ ...base, days: "2028-01-03 休 元旦" })[0]!.message).toContain("不在 2027 年内");
    expect(fail({ ...base, days: "2027-02-05 休 春节\n2027-02-05 休 春节" })[0]!.message).toBe(
      "2027-02-05 重复列出",
    );
    expect(fail({ ...base, number: " ", days: "2027-02-05 休 春节" })).toEqual([
      { field: "number", message: "请填写通知文号" },
    ]);
    expect(fail({ ...base, year: "2024", days: "2024-02-05 休 春节" })[0]!.field).toBe("year");
  });
});
