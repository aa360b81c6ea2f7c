import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { actionSchemas } from "../../src/cases/actions/index.js";
import { intakeSchema } from "../../src/cases/intake-schema.js";

const TODAY = "2026-11-23";
const NOW = new Date("2026-11-23T02:00:00Z"); // 10:00 in Beijing

/** A resident ID with its GB 11643 check char. */
function residentId(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const value = (12 - (sum % 11)) % 11;
  return first17 + (value === 10 ? "X" : String(value));
}

const LIU_SHUN_ID = residentId("43021219800115001"); // born 1980-01-15, male

function applicant(over: Record<string, unknown> = {}) {
  return {
    side: "applicant",
    kind: "person",
    name: "刘顺",
    idNumber: LIU_SHUN_ID,
    phone: "13800000000",
    ...over,
  };
}

function respondent(over: Record<string, unknown> = {}) {
  return { side: "respondent", kind: "person", name: "王五", ...over };
}

function body(over: Record<string, unknown> = {}) {
  return {
    source: "application",
    typeCode: "neighbour",
    summary: "宅基地边界纠纷，双方因院墙位置发生争执。",
    occurredOn: "2026-11-01",
    regionCode: "430212101201",
    amountYuan: "1300.50",
    parties: [applicant(), respondent()],
    ...over,
  };
}

function issues(result: { success: boolean; error?: z.ZodError }): { path: string; message: string }[] {
  expect(result.success).toBe(false);
  return result.error!.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

describe("intakeSchema", () => {
  const schema = intakeSchema(TODAY);

  it("accepts a valid intake and turns yuan into fen", () => {
    const result = schema.safeParse(body());
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.amountFen).toBe(130050);
    expect(result.data).not.toHaveProperty("amountYuan");
    expect(result.data.riskLevel).toBe("ordinary");
    expect(result.data.parties).toHaveLength(2);
  });

  it("fills a person's birth date and gender from the ID number when absent", () => {
    const result = schema.safeParse(body());
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.parties[0]).toMatchObject({
      side: "applicant",
      name: "刘顺",
      idNumber: LIU_SHUN_ID,
      birthDate: "1980-01-15",
      gender: "male",
    });
    expect(result.data.parties[1]).toMatchObject({
      name: "王五",
      idNumber: null,
      birthDate: null,
      gender: null,
    });
  });

  it("upper-cases a final x and keeps a typed gender", () => {
    const id = "11010519491231002X";
    const result = schema.safeParse(
      body({ parties: [applicant({ idNumber: id.toLowerCase() }), respondent()] }),
    );
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.parties[0]).toMatchObject({ idNumber: id, birthDate: "1949-12-31", gender: "female" });
  });

  it("converts yuan without or with one decimal", () => {
    const whole = schema.safeParse(body({ amountYuan: "1300" }));
    const tenth = schema.safeParse(body({ amountYuan: "0.5" }));
    expect(whole.success && whole.data.amountFen).toBe(130000);
    expect(tenth.success && tenth.data.amountFen).toBe(50);
  });

  it("prefers amountFen and leaves the amount null when neither is given", () => {
    const fen = schema.safeParse(body({ amountYuan: undefined, amountFen: 2500 }));
    const none = schema.safeParse(body({ amountYuan: "" }));
    expect(fen.success && fen.data.amountFen).toBe(2500);
    expect(none.success && none.data.amountFen).toBe(null);
  });

  it("requires a respondent", () => {
    const found = issues(schema.safeParse(body({ parties: [applicant()] })));
    expect(found).toHaveLength(1);
    expect(found[0]!.path).toBe("parties");
    expect(found[0]!.message).toContain("被申请人");
  });

  it("requires an applicant", () => {
    const found = issues(schema.safeParse(body({ parties: [respondent()] })));
    expect(found).toEqual([{ path: "parties", message: "至少需要一名申请人（一方当事人）" }]);
  });

  it("refuses an ID number with a wrong check digit, on the party's idNumber", () => {
    const last = LIU_SHUN_ID[17]!;
    const wrong = LIU_SHUN_ID.slice(0, 17) + (last === "1" ? "2" : "1");
    const found = issues(schema.safeParse(body({ parties: [applicant({ idNumber: wrong }), respondent()] })));
    expect(found).toEqual([{ path: "parties.0.idNumber", message: "身份证号校验位不正确，请核对" }]);
  });

  it("refuses a birth date that contradicts the ID number", () => {
    const found = issues(
      schema.safeParse(body({ parties: [applicant({ birthDate: "1980-01-16" }), respondent()] })),
    );
    expect(found).toEqual([{ path: "parties.0.birthDate", message: "出生日期与身份证号不一致" }]);
  });

  it("refuses a negative amountFen", () => {
    const found = issues(schema.safeParse(body({ amountYuan: undefined, amountFen: -1 })));
    expect(found).toEqual([{ path: "amountFen", message: "涉及金额应为不小于 0 的整数（单位：分）" }]);
  });

  it("refuses a fractional amountFen", () => {
    const found = issues(schema.safeParse(body({ amountYuan: undefined, amountFen: 10.5 })));
    expect(found.map((i) => i.path)).toEqual(["amountFen"]);
  });

  it("refuses yuan with three decimals", () => {
    const found = issues(schema.safeParse(body({ amountYuan: "12.345" })));
    expect(found).toEqual([
      { path: "amountYuan", message: "涉及金额应为不小于 0 的数字（元），最多两位小数" },
    ]);
  });

  it("refuses negative yuan", () => {
    const found = issues(schema.safeParse(body({ amountYuan: "-5" })));
    expect(found.map((i) => i.path)).toEqual(["amountYuan"]);
  });

  it("refuses an occurrence date in the future, accepts today", () => {
    const found = issues(schema.safeParse(body({ occurredOn: "2026-11-24" })));
    expect(found).toHaveLength(1);
    expect(found[0]!.path).toBe("occurredOn");
    expect(found[0]!.message).toContain("不能晚于今天");
    expect(found[0]!.message).toContain("纠纷发生日期");
    expect(schema.safeParse(body({ occurredOn: TODAY })).success).toBe(true);
  });

  it("refuses markup in the summary", () => {
    const found = issues(schema.safeParse(body({ summary: "双方争执<script>alert(1)</script>" })));
    expect(found).toHaveLength(1);
    expect(found[0]!.path).toBe("summary");
    expect(found[0]!.message).toContain("HTML");
    expect(found[0]!.message).toContain("纠纷概要");
  });

  it("refuses a missing summary, naming the field", () => {
    const found = issues(schema.safeParse(body({ summary: "   " })));
    expect(found).toEqual([{ path: "summary", message: "请填写纠纷概要" }]);
  });

  it("orders 22 form rows sent as an object keyed by index", () => {
    const parties: Record<string, unknown> = {};
    // Inserted out of order. (JS already enumerates integer-like keys in ascending order; what this
    // checks is that an object of rows, as qs sends past 20 rows, becomes the array in index order.)
    const order = [21, 3, 0, 10, 1, 2, 20, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19];
    for (const i of order) {
      parties[String(i)] = i === 0 ? applicant() : respondent({ name: `被申请人${i}` });
    }
    expect(Object.keys(parties)).toHaveLength(22);
    const result = schema.safeParse(body({ parties }));
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.parties.map((p) => p.name)).toEqual([
      "刘顺",
      ...Array.from({ length: 21 }, (_, k) => `被申请人${k + 1}`),
    ]);
  });

  it("reports an error in a keyed row at its index", () => {
    const parties: Record<string, unknown> = {};
    for (let i = 0; i < 22; i++)
      parties[String(i)] = i === 0 ? applicant() : respondent({ name: `被申请人${i}` });
    parties["15"] = respondent({ name: "" });
    const found = issues(schema.safeParse(body({ parties })));
    expect(found).toEqual([{ path: "parties.15.name", message: "请填写当事人姓名或名称" }]);
  });
});

describe("actionSchemas: record-session", () => {
  const schema = actionSchemas(TODAY, NOW)["record-session"];

  function session(over: Record<string, unknown> = {}) {
    return {
      version: "3",
      heldAt: "2026-11-20T09:30",
      placeKind: "courtyard",
      place: "北洲村刘顺家院落",
      attendees: "刘顺，申请人\n王五，被申请人",
      record: "调解员向双方释明相关法律规定，双方各自陈述意见。",
      outcome: "continue",
      ...over,
    };
  }

  it("reads a local date-time as Beijing time", () => {
    const result = schema.safeParse(session());
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.heldAt).toBe("2026-11-20T01:30:00.000Z");
    expect(result.data.version).toBe(3);
    // Absent means public (api.md's record-session body has no isPublic); the form's radio says "no".
    expect(result.data.isPublic).toBe(true);
    const closed = schema.safeParse(session({ isPublic: "no", closedReason: "涉及隐私" }));
    expect(closed.success && closed.data.isPublic).toBe(false);
  });

  it("keeps an instant that carries its own offset", () => {
    const result = schema.safeParse(session({ heldAt: "2026-11-20T09:30:00+08:00" }));
    expect(result.success && result.data.heldAt).toBe("2026-11-20T01:30:00.000Z");
  });

  it("refuses a time in the future", () => {
    const found = issues(schema.safeParse(session({ heldAt: "2026-11-23T11:00" })));
    expect(found).toEqual([{ path: "heldAt", message: "调解时间不能晚于现在" }]);
  });

  it("refuses a date-time that is not one", () => {
    const found = issues(schema.safeParse(session({ heldAt: "昨天上午" })));
    expect(found.map((i) => i.path)).toEqual(["heldAt"]);
    expect(found[0]!.message).toContain("调解时间应为日期和时间");
  });

  it("splits textarea attendees into name and role", () => {
    const result = schema.safeParse(session());
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.attendees).toEqual([
      { name: "刘顺", role: "申请人" },
      { name: "王五", role: "被申请人" },
    ]);
  });

  it("accepts CRLF, ASCII commas and a line without a role", () => {
    const result = schema.safeParse(session({ attendees: "刘顺,申请人\r\n\r\n李四\r\n" }));
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.attendees).toEqual([
      { name: "刘顺", role: "申请人" },
      { name: "李四", role: "参加人" },
    ]);
  });

  it("requires attendees", () => {
    const found = issues(schema.safeParse(session({ attendees: "  \n " })));
    expect(found).toEqual([{ path: "attendees", message: "请填写参加调解的人员" }]);
  });
});
