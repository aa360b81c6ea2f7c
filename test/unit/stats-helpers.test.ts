import { describe, expect, it } from "vitest";
import { emptySums, figures } from "../../src/reports/figures.js";
import { percent, yuan, yuanShort } from "../../src/reports/format.js";
import { conclusionRateNote, keyFigures } from "../../src/reports/page-summary.js";
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

describe("the page's key figures and the conclusion rate's note", () => {
  const withCounts = (accepted: number, concluded: number, successful: number, village: number) => {
    const sums = emptySums();
    Object.assign(sums.period, { accepted, concluded, successful });
    sums.villageConcluded = village;
    return figures(sums);
  };

  it("explains a conclusion rate above 100 % in the reader's numbers, and only then", () => {
    expect(conclusionRateNote(withCounts(218, 222, 192, 148))).toBe(
      "调结率 101.8% 超过 100%：本期调结 222 件，多于本期受理 218 件，多出的是以前受理、本期才调结的案件（消化积案），并非计算错误。",
    );
    expect(conclusionRateNote(withCounts(9, 9, 5, 5))).toBeNull();
    expect(conclusionRateNote(withCounts(9, 7, 5, 5))).toBeNull();
    expect(conclusionRateNote(withCounts(0, 3, 1, 0))).toBeNull();
  });

  it("gives accepted, concluded with its rate, successful with its rate and the village share", () => {
    const [accepted, concluded, successful, village] = keyFigures(
      withCounts(9, 7, 5, 5),
      "/stats?groupBy=committee",
    );
    expect([accepted!.value, concluded!.value, successful!.value, village!.value]).toEqual([
      "9",
      "7",
      "5",
      "71.4%",
    ]);
    expect([concluded!.sub, successful!.sub, village!.sub]).toEqual([
      "调结率 77.8%",
      "成功率 71.4%",
      "调结 5/7 件",
    ]);
    expect(village!.link!.href).toBe("/stats?groupBy=committee");
    const none = keyFigures(withCounts(0, 0, 0, 0), "/x");
    expect([none[1]!.sub, none[3]!.value, none[3]!.missing]).toEqual(["调结率 —", "—", true]);
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

  it("names years in four digits, as stored, for 'every day before today' (overdue)", () => {
    expect(splitRange("0001-01-01", "2026-11-30")).toEqual({
      years: ["0001", "2025"],
      months: [["2026-01", "2026-11"]],
      days: [],
    });
    expect(splitRange("0001-01-01", "2026-12-14").days).toEqual([["2026-12-01", "2026-12-14"]]);
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
