import { describe, expect, it } from "vitest";
import { actionSchemas } from "../../src/cases/actions/index.js";
import { proposedEscalation } from "../../src/cases/interventions.js";
import type { InterventionView } from "../../src/cases/views.js";

/** 防激化措施 (RL25, GD24): the schema's Chinese messages, and what a closure proposes from it. */

const TODAY = "2026-11-23";
const NOW = new Date("2026-11-23T02:00:00Z"); // 10:00 in Beijing
const schema = actionSchemas(TODAY, NOW)["record-intervention"];

const good = {
  version: 3,
  takenAt: "2026-11-23T09:30",
  measures: "将双方分开，稳定情绪，通知村干部到场。",
  risks: ["criminal"],
  people: "4",
  referralBody: "police",
  referralUnit: "南洲镇派出所",
  referralOn: "2026-11-23",
  referralReceipt: "民警李强 13900000000",
};

/** The field → message pairs a refused input names. */
function problems(input: Record<string, unknown>): Record<string, string> {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("record-intervention schema", () => {
  it("takes a form post: local time as Beijing, people as a number, one checkbox as a list", () => {
    const r = schema.parse({ ...good, risks: "criminal" });
    expect(r).toMatchObject({
      takenAt: "2026-11-23T01:30:00.000Z",
      people: 4,
      risks: ["criminal"],
      referralBody: "police",
      referralUnit: "南洲镇派出所",
      referralOn: "2026-11-23",
      riskDetail: null,
    });
  });

  it("names every missing field in Chinese", () => {
    expect(problems({ version: 3 })).toEqual({
      takenAt: "请填写采取措施时间",
      measures: "请填写采取的预防措施",
      risks: "请至少选择一项激化风险",
      people: "请填写涉及人数",
    });
  });

  it("refuses bad values with the field's name", () => {
    expect(
      problems({
        ...good,
        takenAt: "2026-11-23T11:00",
        risks: ["riot"],
        people: "0",
        referralBody: "army",
        referralOn: "2026-11-24",
      }),
    ).toEqual({
      takenAt: "采取措施时间不能晚于现在",
      "risks.0": "激化风险类型无效",
      people: "涉及人数应为正整数",
      referralBody: "请选择报告对象",
      referralOn: "报告日期不能晚于今天",
    });
  });

  it("requires a report for a possible public-order or criminal case (RL25)", () => {
    const none = { ...good, referralBody: "", referralUnit: "", referralOn: "", referralReceipt: "" };
    for (const risk of ["criminal", "public_security"]) {
      expect(problems({ ...none, risks: [risk] })).toEqual({
        referralBody: expect.stringContaining("人民调解法第二十五条") as string,
      });
    }
    expect(schema.safeParse({ ...none, risks: ["self_harm"] }).success).toBe(true);
  });

  it("asks for the unit and the date of a report, the body of a unit, and the words of an 'other' risk", () => {
    expect(problems({ ...good, referralUnit: "", referralOn: "" })).toEqual({
      referralUnit: "请填写接受报告的单位名称",
      referralOn: "请填写报告日期",
    });
    expect(problems({ ...good, risks: ["self_harm"], referralBody: "" })).toEqual({
      referralBody: "请选择报告对象（公安机关、乡镇（街道）、综治中心或其他有关部门）",
    });
    expect(problems({ ...good, risks: ["other", "criminal"] })).toEqual({
      riskDetail: "选择“其他激化风险”时请说明风险情况",
    });
  });
});

const intervention = (id: number, risks: string[], people: number): InterventionView => ({
  id,
  takenAt: "2026-11-23T01:30:00.000Z",
  measures: "劝解",
  risks,
  riskDetail: null,
  people,
  referral: null,
  recordedBy: "王德明",
});

describe("proposedEscalation", () => {
  it("proposes nothing without a criminal or group risk", () => {
    expect(proposedEscalation([])).toBeNull();
    expect(proposedEscalation([intervention(1, ["public_security", "self_harm"], 2)])).toBeNull();
  });

  it("proposes 防止民转刑 for a possible criminal case and 防止群体性上访 for a group incident, with the most people", () => {
    expect(
      proposedEscalation([
        intervention(1, ["criminal"], 2),
        intervention(2, ["criminal", "public_security"], 3),
        intervention(3, ["self_harm"], 9),
      ]),
    ).toEqual({
      preventedCriminal: true,
      preventedCriminalPeople: 3,
      preventedPetition: false,
      interventionIds: [1, 2],
    });
    expect(
      proposedEscalation([intervention(4, ["mass_incident"], 30), intervention(5, ["criminal"], 2)]),
    ).toEqual({
      preventedCriminal: true,
      preventedCriminalPeople: 2,
      preventedPetition: true,
      preventedPetitionPeople: 30,
      interventionIds: [4, 5],
    });
  });
});
