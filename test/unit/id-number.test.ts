import { describe, expect, it } from "vitest";
import { checkResidentId, checkUnifiedCode } from "../../src/cases/id-number.js";

const TODAY = "2026-11-23";

/** GB 11643 check character, computed independently: weights 2^(17-i) mod 11, ISO 7064 MOD 11-2. */
function residentCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? "X" : String(value);
}

function residentId(region: string, birth: string, seq: string): string {
  const first17 = `${region}${birth}${seq}`;
  expect(first17).toMatch(/^\d{17}$/);
  return first17 + residentCheckChar(first17);
}

/** A different check char than the right one. */
function corruptLast(id: string): string {
  const last = id[17]!;
  return id.slice(0, 17) + (last === "1" ? "2" : "1");
}

const UNIFIED_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const UNIFIED_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function unifiedCode(first17: string): string {
  const sum = UNIFIED_WEIGHTS.reduce((s, w, i) => s + w * UNIFIED_CHARS.indexOf(first17[i]!), 0);
  return first17 + UNIFIED_CHARS[(31 - (sum % 31)) % 31];
}

describe("the test's own check-char helper", () => {
  it("agrees with the standard's published example 11010519491231002X", () => {
    expect(residentCheckChar("11010519491231002")).toBe("X");
  });
});

describe("checkResidentId", () => {
  it("accepts a valid number and reads a man's birth date (odd 17th digit)", () => {
    const id = residentId("430212", "19800115", "001"); // 17th digit 1: male
    expect(checkResidentId(id, TODAY)).toEqual({ ok: true, birthDate: "1980-01-15", gender: "male" });
  });

  it("accepts a valid number and reads a woman's birth date (even 17th digit)", () => {
    const id = residentId("430212", "19921231", "024"); // 17th digit 4: female
    expect(checkResidentId(id, TODAY)).toEqual({ ok: true, birthDate: "1992-12-31", gender: "female" });
  });

  it("accepts a leap-day birth date", () => {
    const id = residentId("110105", "20000229", "013");
    expect(checkResidentId(id, TODAY)).toEqual({ ok: true, birthDate: "2000-02-29", gender: "male" });
  });

  it("accepts the standard's example with X, in upper and lower case and with surrounding spaces", () => {
    expect(checkResidentId("11010519491231002X", TODAY)).toEqual({
      ok: true,
      birthDate: "1949-12-31",
      gender: "female",
    });
    expect(checkResidentId("11010519491231002x", TODAY)).toEqual({
      ok: true,
      birthDate: "1949-12-31",
      gender: "female",
    });
    expect(checkResidentId(" 11010519491231002x ", TODAY).ok).toBe(true);
  });

  it("accepts a birth date of today, refuses tomorrow", () => {
    expect(checkResidentId(residentId("430212", "20261123", "001"), TODAY)).toMatchObject({
      ok: true,
      birthDate: "2026-11-23",
    });
    expect(checkResidentId(residentId("430212", "20261124", "001"), TODAY)).toEqual({
      ok: false,
      reason: "其中的出生日期无效",
    });
  });

  it("refuses a number of the wrong length", () => {
    const id = residentId("430212", "19800115", "001");
    expect(checkResidentId(id.slice(0, 17), TODAY)).toEqual({
      ok: false,
      reason: "应为 18 位（最后一位可为 X）",
    });
    expect(checkResidentId(id + "1", TODAY)).toEqual({ ok: false, reason: "应为 18 位（最后一位可为 X）" });
    // An old 15-digit (first-generation) number is not accepted.
    expect(checkResidentId("430212800115001", TODAY)).toEqual({
      ok: false,
      reason: "应为 18 位（最后一位可为 X）",
    });
  });

  it("refuses letters other than a final X", () => {
    expect(checkResidentId("4302121980011500A1", TODAY)).toEqual({
      ok: false,
      reason: "应为 18 位（最后一位可为 X）",
    });
    expect(checkResidentId("43021219800115001Y", TODAY)).toEqual({
      ok: false,
      reason: "应为 18 位（最后一位可为 X）",
    });
  });

  it("refuses 30 February even with a correct check char", () => {
    expect(checkResidentId(residentId("430212", "19800230", "001"), TODAY)).toEqual({
      ok: false,
      reason: "其中的出生日期无效",
    });
  });

  it("refuses 29 February in a non-leap year", () => {
    expect(checkResidentId(residentId("430212", "19810229", "001"), TODAY)).toMatchObject({ ok: false });
  });

  it("refuses a future birth date even with a correct check char", () => {
    expect(checkResidentId(residentId("430212", "20300101", "001"), TODAY)).toEqual({
      ok: false,
      reason: "其中的出生日期无效",
    });
  });

  it("refuses a wrong check char", () => {
    const id = residentId("430212", "19800115", "001");
    expect(checkResidentId(corruptLast(id), TODAY)).toEqual({ ok: false, reason: "校验位不正确，请核对" });
  });

  it("refuses a single transposed or changed digit (the check catches it)", () => {
    const id = residentId("430212", "19800115", "001");
    const changed = id.slice(0, 3) + String((Number(id[3]) + 1) % 10) + id.slice(4);
    expect(checkResidentId(changed, TODAY)).toEqual({ ok: false, reason: "校验位不正确，请核对" });
  });

  it("gives three different reasons: format, birth date, check char", () => {
    const id = residentId("430212", "19800115", "001");
    const reasons = new Set(
      [id.slice(0, 17), residentId("430212", "19800230", "001"), corruptLast(id)].map((raw) => {
        const r = checkResidentId(raw, TODAY);
        return r.ok ? "ok" : r.reason;
      }),
    );
    expect(reasons.size).toBe(3);
    expect(reasons.has("ok")).toBe(false);
  });
});

describe("checkUnifiedCode", () => {
  const valid = unifiedCode("91430212MA4L00012");

  it("accepts a code with the GB 32100 check char", () => {
    expect(valid).toHaveLength(18);
    expect(checkUnifiedCode(valid)).toBe(true);
  });

  it("accepts a committee's code (category 5, social organisation) and lower case", () => {
    const code = unifiedCode("51430212MJ0000013");
    expect(checkUnifiedCode(code)).toBe(true);
    expect(checkUnifiedCode(code.toLowerCase())).toBe(true);
  });

  it("accepts a code whose check char is 0 (weighted sum divisible by 31)", () => {
    const body = Array.from({ length: 31 }, (_, i) => `91430212MA4L0001${UNIFIED_CHARS[i]}`).find((b) =>
      unifiedCode(b).endsWith("0"),
    );
    expect(body).toBeDefined();
    expect(checkUnifiedCode(unifiedCode(body!))).toBe(true);
  });

  it("refuses a corrupted check char", () => {
    const last = valid[17]!;
    const other = UNIFIED_CHARS[(UNIFIED_CHARS.indexOf(last) + 1) % 31]!;
    expect(checkUnifiedCode(valid.slice(0, 17) + other)).toBe(false);
  });

  it("refuses a changed body character", () => {
    // Position 11 is "4"; 31 is prime, so any single substitution changes the weighted sum mod 31.
    expect(valid[10]).toBe("4");
    expect(checkUnifiedCode(valid.slice(0, 10) + "B" + valid.slice(11))).toBe(false);
  });

  it("refuses letters the standard excludes (I, O, S, V, Z), the wrong length and a letter in the region", () => {
    expect(checkUnifiedCode(valid.slice(0, 9) + "I" + valid.slice(10))).toBe(false);
    expect(checkUnifiedCode(valid.slice(0, 9) + "O" + valid.slice(10))).toBe(false);
    expect(checkUnifiedCode(valid.slice(0, 17))).toBe(false);
    expect(checkUnifiedCode(unifiedCode("914302A2MA4L00012"))).toBe(false);
  });
});
