import { describe, expect, it } from "vitest";
import {
  amountInCapitals,
  amountInFigures,
  amountPhrase,
  chineseDate,
  smallNumber,
} from "../../src/documents/chinese-format.js";

describe("amountInCapitals", () => {
  it.each([
    [0, "人民币零元整"],
    [5, "人民币伍分"],
    [1000, "人民币壹拾元整"],
    [1050, "人民币壹拾元伍角"],
    [100100, "人民币壹仟零壹元整"],
    [150000, "人民币壹仟伍佰元整"],
    [130050, "人民币壹仟叁佰元伍角"],
    [10000000, "人民币壹拾万元整"],
    [10010000, "人民币壹拾万零壹佰元整"],
    [100000100, "人民币壹佰万零壹元整"],
    [10000000000, "人民币壹亿元整"],
    [10001000000, "人民币壹亿零壹万元整"],
    [100000000099, "人民币壹拾亿元玖角玖分"],
    [10203, "人民币壹佰零贰元零叁分"],
  ])("%d fen → %s", (fen, expected) => {
    expect(amountInCapitals(fen)).toBe(expected);
  });

  it("refuses negative amounts", () => {
    expect(() => amountInCapitals(-1)).toThrow(RangeError);
  });
});

describe("amountInFigures and chineseDate", () => {
  it("writes figures with separators", () => {
    expect(amountInFigures(130050)).toBe("¥1,300.50");
    expect(amountInFigures(5)).toBe("¥0.05");
  });

  it("writes dates the Chinese way in Beijing time", () => {
    expect(chineseDate("2026-09-04")).toBe("2026年9月4日");
    // 2026-09-30T17:00Z is already 1 October in Beijing.
    expect(chineseDate("2026-09-30T17:00:00.000Z")).toBe("2026年10月1日");
  });
});

describe("amountPhrase and smallNumber", () => {
  it("writes 人民币 once, figures then capitals", () => {
    expect(amountPhrase(130000)).toBe("人民币1,300.00元（大写：壹仟叁佰元整）");
    expect(amountPhrase(130050)).toBe("人民币1,300.50元（大写：壹仟叁佰元伍角）");
    expect(amountPhrase(5)).toBe("人民币0.05元（大写：伍分）");
  });

  it("writes small counts in Chinese numerals", () => {
    expect([1, 3, 10, 12, 20, 22, 99].map(smallNumber)).toEqual([
      "一",
      "三",
      "十",
      "十二",
      "二十",
      "二十二",
      "九十九",
    ]);
  });
});
