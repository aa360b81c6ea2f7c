import { describe, expect, it } from "vitest";
import { beijingDate, daysUntil } from "../../src/shared/dates.js";
import {
  CONFIRMATION_WINDOW_DAYS,
  deadline,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  periodEndDays,
  periodEndMonths,
} from "../../src/cases/periods.js";

/**
 * The 2026 calendar as published by the State Council (and as carried by chinese-days 1.5.7):
 * 春节 2-15..2-23 off, make-up working days Sat 2-14 and Sat 2-28; 中秋 9-25..9-27 off;
 * 国庆 10-01..10-07 off, make-up working days Sun 9-20 and Sat 10-10.
 */
describe("the calendar data", () => {
  it.each([
    ["2026-10-01", false],
    ["2026-10-02", false],
    ["2026-10-07", false],
    ["2026-10-08", true], // Thursday after National Day
    ["2026-10-10", true], // Saturday, 调休 make-up working day
    ["2026-10-11", false], // plain Sunday
    ["2026-09-20", true], // Sunday, 调休 make-up working day
    ["2026-09-25", false], // Friday, Mid-Autumn Festival
    ["2026-02-14", true], // Saturday, make-up working day
    ["2026-02-16", false], // Monday, Spring Festival
    ["2026-02-23", false], // Monday, Spring Festival
    ["2026-02-24", true],
    ["2026-02-28", true], // Saturday, make-up working day
    ["2026-03-07", false], // plain Saturday
    ["2026-03-09", true], // plain Monday
  ] as const)("%s working day: %s", (date, working) => {
    expect(isWorkingDay(date)).toBe(working);
  });
});

describe("periodEndDays", () => {
  it("moves a 30-day confirmation window that ends in the National Day holiday to 2026-10-08", () => {
    // 2026-09-02 + 30 days = 2026-10-02 (holiday); 10-03..10-07 are holidays too.
    expect(CONFIRMATION_WINDOW_DAYS).toBe(30);
    expect(periodEndDays("2026-09-02", CONFIRMATION_WINDOW_DAYS)).toBe("2026-10-08");
  });

  it("does not count the start day", () => {
    // 2026-03-02 (Mon) + 1 day = 2026-03-03 (Tue), a working day.
    expect(periodEndDays("2026-03-02", 1)).toBe("2026-03-03");
    expect(periodEndDays("2026-03-02", 3)).toBe("2026-03-05");
  });

  it("moves a period ending on a plain Saturday to the Monday", () => {
    // 2026-02-05 + 30 days = 2026-03-07, a Saturday.
    expect(periodEndDays("2026-02-05", 30)).toBe("2026-03-09");
  });

  it("moves a period ending on a plain Sunday to the Monday", () => {
    // 2026-03-08 is a Sunday.
    expect(periodEndDays("2026-03-01", 7)).toBe("2026-03-09");
  });

  it("does not move a period ending on a weekend make-up working day (Saturday 2026-10-10)", () => {
    expect(periodEndDays("2026-09-10", 30)).toBe("2026-10-10");
  });

  it("does not move a period ending on a Sunday make-up working day (2026-09-20)", () => {
    expect(periodEndDays("2026-09-10", 10)).toBe("2026-09-20");
  });

  it("moves past a Friday holiday and the weekend after it (Mid-Autumn 2026-09-25 → Monday 09-28)", () => {
    expect(periodEndDays("2026-08-26", 30)).toBe("2026-09-28");
  });
});

describe("periodEndMonths", () => {
  it("ends one month from 31 January on 28 February, a make-up working day, so it stays", () => {
    expect(periodEndMonths("2026-01-31", 1)).toBe("2026-02-28");
  });

  it("moves one month from 15 January (Sunday 2-15, in Spring Festival) to 2026-02-24", () => {
    expect(periodEndMonths("2026-01-15", 1)).toBe("2026-02-24");
  });

  it("keeps the same date in the later month when it is a working day", () => {
    expect(periodEndMonths("2026-03-10", 1)).toBe("2026-04-10");
  });

  it("moves one month ending on a plain Sunday to the Monday", () => {
    // 2026-11-22 is a Sunday.
    expect(periodEndMonths("2026-10-22", 1)).toBe("2026-11-23");
  });
});

describe("nextWorkingDayOnOrAfter", () => {
  it("returns a working day unchanged", () => {
    expect(nextWorkingDayOnOrAfter("2026-10-09")).toBe("2026-10-09");
  });

  it("skips the whole National Day holiday", () => {
    expect(nextWorkingDayOnOrAfter("2026-10-01")).toBe("2026-10-08");
  });

  it("skips the Spring Festival holiday from its first day", () => {
    expect(nextWorkingDayOnOrAfter("2026-02-15")).toBe("2026-02-24");
  });
});

describe("beijingDate", () => {
  it("is already the next day in Beijing at 17:00 UTC", () => {
    expect(beijingDate(new Date("2026-09-30T17:00:00Z"))).toBe("2026-10-01");
  });

  it("is still the same day at 15:59 UTC", () => {
    expect(beijingDate(new Date("2026-09-30T15:59:59Z"))).toBe("2026-09-30");
    expect(beijingDate(new Date("2026-09-30T16:00:00Z"))).toBe("2026-10-01");
  });
});

describe("daysUntil and deadline", () => {
  it("counts whole days, negative when overdue", () => {
    expect(daysUntil("2026-11-23", "2026-11-30")).toBe(7);
    expect(daysUntil("2026-11-23", "2026-11-23")).toBe(0);
    expect(daysUntil("2026-11-23", "2026-11-20")).toBe(-3);
    expect(daysUntil("2026-02-20", "2026-03-02")).toBe(10);
  });

  it("is not overdue on the due day itself", () => {
    expect(deadline("confirmation_window", "申请司法确认", "2026-11-23", "2026-11-23")).toEqual({
      kind: "confirmation_window",
      label: "申请司法确认",
      due: "2026-11-23",
      overdue: false,
      daysLeft: 0,
    });
  });

  it("is overdue the day after", () => {
    expect(deadline("mediation", "调解期限", "2026-11-22", "2026-11-23")).toEqual({
      kind: "mediation",
      label: "调解期限",
      due: "2026-11-22",
      overdue: true,
      daysLeft: -1,
    });
  });

  it("reports days left before the due date", () => {
    expect(deadline("obligation", "支付赔偿款", "2026-12-08", "2026-11-23")).toMatchObject({
      overdue: false,
      daysLeft: 15,
    });
  });
});
