import { z } from "zod";
import { asArray, optionalText, requiredText } from "../../validation.js";
import { blankToUndefined, optionalPastDate, pastInstant, versionFields } from "../fields.js";
import {
  INTERVENTION_RISK_LABELS,
  INTERVENTION_RISKS,
  REFERRAL_BODIES,
  REFERRAL_BODY_LABELS,
} from "../labels.js";
import { defineAction } from "./types.js";

/** Risks RL25 says must be reported to the police or another department. */
const MUST_REPORT: readonly string[] = ["public_security", "criminal"];

const people = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : blankToUndefined(v)),
  z
    .number({ error: (iss) => (iss.input === undefined ? "请填写涉及人数" : "涉及人数应为正整数") })
    .int("涉及人数应为正整数")
    .min(1, "涉及人数应为正整数")
    .max(100000, "涉及人数过大"),
);

/**
 * 防激化措施 (人民调解法第二十五条, 若干规定第二十四条): a dispute that may turn violent is met with
 * measures aimed at it, and one that may lead to a public-order or criminal case is reported to the
 * police or another department at once. Recorded on the case; closure proposes the prevented
 * escalation it stands for (src/cases/interventions.ts).
 */
export default defineAction({
  schema: ({ today, now }) =>
    z
      .object({
        ...versionFields,
        takenAt: pastInstant("采取措施时间", now),
        measures: requiredText("采取的预防措施", 4000),
        risks: z.preprocess(
          asArray,
          z
            .array(z.enum(INTERVENTION_RISKS, { error: "激化风险类型无效" }))
            .min(1, "请至少选择一项激化风险")
            .max(INTERVENTION_RISKS.length, "激化风险类型过多"),
        ),
        riskDetail: optionalText("风险情况说明", 2000),
        people,
        referralBody: z.preprocess(
          blankToUndefined,
          z.enum(REFERRAL_BODIES, { error: "请选择报告对象" }).optional(),
        ),
        referralUnit: optionalText("接受报告的单位名称", 200),
        referralOn: optionalPastDate("报告日期", today),
        referralReceipt: optionalText("回执编号或联系人", 300),
      })
      .superRefine((v, ctx) => {
        const issue = (field: string, message: string) =>
          ctx.addIssue({ code: "custom", path: [field], message });
        if (v.risks.includes("other") && !v.riskDetail)
          issue("riskDetail", "选择“其他激化风险”时请说明风险情况");
        if (v.referralBody) {
          if (!v.referralUnit) issue("referralUnit", "请填写接受报告的单位名称");
          if (!v.referralOn) issue("referralOn", "请填写报告日期");
        } else if (v.referralUnit || v.referralOn || v.referralReceipt) {
          issue("referralBody", "请选择报告对象（公安机关、乡镇（街道）、综治中心或其他有关部门）");
        } else if (v.risks.some((r) => MUST_REPORT.includes(r))) {
          issue(
            "referralBody",
            "可能引发治安案件、刑事案件的纠纷，应当及时向当地公安机关或者其他有关部门报告（人民调解法第二十五条），请填写报告情况",
          );
        }
      }),

  async effect({ kase, user, now, store }, input) {
    const referral = input.referralBody
      ? { body: input.referralBody, unit: input.referralUnit!, on: input.referralOn! }
      : null;
    await store.addIntervention({
      case_id: kase.id,
      taken_at: input.takenAt,
      measures: input.measures,
      risks: input.risks,
      risk_detail: input.riskDetail,
      people: input.people,
      referral_body: referral?.body ?? null,
      referral_unit: referral?.unit ?? null,
      referral_on: referral?.on ?? null,
      referral_receipt: referral ? input.referralReceipt : null,
      recorded_by: user.id,
      created_at: now,
    });
    const risks = input.risks.map((r) => INTERVENTION_RISK_LABELS[r]).join("、");
    const reported = referral
      ? `；已于 ${referral.on} 向${referral.unit}（${REFERRAL_BODY_LABELS[referral.body]}）报告`
      : "";
    return {
      to: null,
      summary: `防激化措施（${risks}，涉及 ${input.people} 人）：${input.measures}${reported}`,
    };
  },
});
