import { describe, expect, it } from "vitest";
import { z } from "zod";
import { actionSchemas } from "../../src/cases/actions/index.js";
import { money, normaliseYuan, toFen } from "../../src/cases/fields.js";
import { phoneField } from "../../src/validation.js";

/** Issue 16, items 8: amounts as people type them, and mobile numbers of the right length. */

const amount = z.object(money("涉及金额")).transform((v) => toFen(v));

const parsed = (amountYuan: string) => amount.safeParse({ amountYuan });

describe("amounts typed in yuan", () => {
  it.each([
    ["2000", 200000],
    ["2000元", 200000],
    ["2000 元", 200000],
    ["2,000", 200000],
    ["2,000.50", 200050],
    ["1,234,567.8", 123456780],
    ["２０００", 200000],
    ["２，０００．５０", 200050],
    ["¥2000", 200000],
    ["￥ 2,000 元", 200000],
    ["人民币2000元", 200000],
    [" 1300.50 ", 130050],
    ["0", 0],
  ])("reads %j as %i fen", (typed, fen) => {
    const result = parsed(typed);
    expect(result.success).toBe(true);
    expect(result.data).toBe(fen);
  });

  it.each(["abc", "两千", "2,00", "20,00.5", "12.345", "-5", "元", "2000美元", "1e5", "2.000,50"])(
    "refuses %j naming the field",
    (typed) => {
      const result = parsed(typed);
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.message).toContain("涉及金额");
    },
  );

  it("leaves a blank amount blank", () => {
    expect(parsed("").data).toBeNull();
    expect(normaliseYuan(undefined)).toBeUndefined();
  });

  it("reads the agreement's obligation amounts the same way", () => {
    const schema = actionSchemas("2026-11-23", new Date("2026-11-23T02:00:00Z"))["record-agreement"];
    const result = schema.safeParse({
      version: 1,
      form: "written",
      facts: "事实",
      disputedMatters: "争议事项",
      terms: "协议内容",
      signedOn: "2026-11-23",
      obligations: [{ obligor: 1, obligee: 2, content: "赔偿", amountYuan: "2,000元", dueOn: "2026-12-01" }],
    });
    expect(result.error?.issues ?? []).toEqual([]);
    expect((result.data as { obligations: { amountFen: number }[] }).obligations[0]!.amountFen).toBe(200000);
  });
});

describe("telephone numbers", () => {
  const phone = phoneField("联系电话");
  const ok = (v: string) => phone.safeParse(v).success;
  const message = (v: string) => phone.safeParse(v).error?.issues[0]?.message ?? "";

  it.each([
    "13907330011",
    "139 0733 0011",
    "139-0733-0011",
    "+86 139-1234-5678",
    "+8613907330011",
    "19912345678",
  ])("accepts the mobile number %j", (v) => expect(ok(v)).toBe(true));

  it.each(["0731-22334455", "0731 2233 4455", "073122334455", "010-12345678", "95588"])(
    "accepts the landline or service number %j",
    (v) => expect(ok(v)).toBe(true),
  );

  it.each(["1390733001", "139073300111", "12907330011", "10086", "+86 1390733001"])(
    "refuses %j, which starts like a mobile number but is not one",
    (v) => {
      expect(ok(v)).toBe(false);
      expect(message(v)).toContain("联系电话");
      expect(message(v)).toContain("11 位");
    },
  );

  it("still refuses letters and too few digits, naming the field", () => {
    expect(message("abc")).toBe("联系电话只能包含数字、空格、连字符和开头的 +86");
    expect(message("0731")).toBe("联系电话位数不正确");
  });
});
