import { describe, expect, it } from "vitest";
import { percent, yuan, yuanShort } from "../../src/reports/format.js";
import { addMonths, lastDayOfMonth, splitRange } from "../../src/reports/periods.js";
import { addDays } from "../../src/shared/dates.js";

describe("statistics formats", () => {
  it("shows a rate with no denominator as a dash", () => {
    expect(percent(null)).toBe("—");
    expect(percent(0.8657)).toBe("86.6%");
  });

  it("writes yuan with separators and fen", () => {
    expect(yuan(127748300)).toBe("1,277,483.00");
    expect(yuan(-5)).toBe("-0.05");
  });

  it("writes a large amount for a card in 万, a small one as yuan", () => {
    expect(yuanShort(9_999_999)).toBe("99,999.99");
    expect(yuanShort(10_000_000)).toBe("10.00万");
    expect(yuanShort(127748300)).toBe("127.75万");
    expect(yuanShort(1_234_567_890_00)).toBe("123,456.79万");
  });
});

describe("splitRange: whole years, whole months and odd days", () => {
  it("reads a calendar year from the yearly aggregates alone", () => {
    expect(splitRange("2026-01-01", "2026-12-31")).toEqual({ years: ["2026", "2026"], months: [], days: [] });
  });

  it("splits a run across years into the pieces that cover it exactly once", () => {
    expect(splitRange("2024-11-15", "2026-02-10")).toEqual({
      years: ["2025", "2025"],
      months: [
        ["2024-12", "2024-12"],
        ["2026-01", "2026-01"],
      ],
      days: [
        ["2024-11-15", "2024-11-30"],
        ["2026-02-01", "2026-02-10"],
      ],
    });
  });

  it("keeps a quarter in months and a part of a month in days", () => {
    expect(splitRange("2026-04-01", "2026-06-30")).toEqual({
      years: null,
      months: [["2026-04", "2026-06"]],
      days: [],
    });
    expect(splitRange("2026-11-01", "2026-11-23")).toEqual({
      years: null,
      months: [],
      days: [["2026-11-01", "2026-11-23"]],
    });
    expect(splitRange("2026-12-01", "2026-11-01")).toEqual({ years: null, months: [], days: [] });
  });

  it("covers every day of random runs exactly once", () => {
    const monthDays = (m: string) => Number(lastDayOfMonth(m).slice(8));
    for (let i = 0; i < 200; i++) {
      const from = addDays("2023-01-01", (i * 37) % 900);
      const to = addDays(from, (i * 53) % 800);
      const s = splitRange(from, to);
      let days = 0;
      if (s.years)
        for (let y = Number(s.years[0]); y <= Number(s.years[1]); y++) days += y % 4 === 0 ? 366 : 365;
      for (const [a, b] of s.months) for (let m = a; m <= b; m = addMonths(m, 1)) days += monthDays(m);
      for (const [a, b] of s.days) days += (Date.parse(b) - Date.parse(a)) / 86_400_000 + 1;
      expect(days).toBe((Date.parse(to) - Date.parse(from)) / 86_400_000 + 1);
    }
  });
});
