import { z } from "zod";
import { chineseDate } from "../../documents/chinese-format.js";
import { LegalRuleError, ValidationError, type FieldError } from "../../errors.js";
import { asArray } from "../../validation.js";
import { idField, pastDate, versionFields } from "../fields.js";
import { MATERIAL_LABELS, MATERIALS } from "../labels.js";
import { CONFIRMATION_WINDOW_DAYS, periodEndDays } from "../periods.js";
import type { CaseView } from "../views.js";
import type { ActionStore } from "../store.js";
import { defineAction, fail, partyById, type Effect } from "./types.js";

/** The materials every application carries (SQ), and a power of attorney when an agent acts. */
const REQUIRED: (typeof MATERIALS)[number][] = ["application", "agreement", "identity", "service_addresses"];

/**
 * 司法确认申请: both parties apply together to the court within 30 days of the agreement taking
 * effect (RL33); from then on the application is the court's (src/confirmations/).
 */
export default defineAction({
  schema: ({ today }) =>
    z.object({
      ...versionFields,
      courtId: idField("受理法院"),
      appliedOn: pastDate("申请日期", today),
      applicantPartyIds: z.preprocess(
        (v) => asArray(v).map(Number),
        z.array(z.number().int().positive()).min(1, "请选择共同申请的当事人").max(60, "当事人不能超过 60 人"),
      ),
      materials: z.preprocess(
        asArray,
        z.array(z.enum(MATERIALS, { error: "材料类型无效" })).max(50, "材料类型过多"),
      ),
    }),

  effect: ({ kase, now, store }, input) => applyJointly(kase, store, now, { ...input, channel: "paper" }),
});

/** Why an application is refused after the 30 days (RL33). */
export const windowClosedMessage = (windowEndsOn: string) =>
  `申请司法确认的期限已于 ${chineseDate(windowEndsOn)} 届满（调解协议生效之日起 30 日内，人民调解法第三十三条）`;

/** The joint application as registered: by the committee on paper, or sent by the parties online. */
export interface JointApplication {
  courtId: number;
  appliedOn: string;
  applicantPartyIds: number[];
  materials: (typeof MATERIALS)[number][];
  channel: "paper" | "online";
}

/**
 * Checks the joint application against the law (an effective written agreement, within 30 days
 * of it taking effect, every party applying, the materials) and stores it for the court, in the
 * caller's transaction. The staff's action and the parties' online application
 * (src/online-confirmation/) both go through here; the caller moves the case.
 */
export async function applyJointly(
  kase: CaseView,
  store: ActionStore,
  now: string,
  input: JointApplication,
): Promise<Effect & { confirmationId: number }> {
  const agreement = kase.agreement;
  if (!agreement) throw new LegalRuleError("本案没有生效的调解协议");
  if (agreement.form !== "written")
    throw new LegalRuleError("口头协议不能申请司法确认，请先签订书面调解协议");
  const court = await store.activeCourt(input.courtId);
  if (!court) return fail("courtId", "请选择受理司法确认的人民法院");
  if (input.appliedOn < agreement.effectiveOn) fail("appliedOn", "申请日期不能早于协议生效日期");
  const windowEndsOn = periodEndDays(agreement.effectiveOn, CONFIRMATION_WINDOW_DAYS);
  if (input.appliedOn > windowEndsOn) {
    throw new LegalRuleError(windowClosedMessage(windowEndsOn), [
      { field: "appliedOn", message: `申请期限已于 ${windowEndsOn} 届满` },
    ]);
  }
  const errors: FieldError[] = [];
  for (const p of kase.parties) {
    if (!input.applicantPartyIds.includes(p.id)) {
      errors.push({
        field: "applicantPartyIds",
        message: `司法确认须由双方当事人共同申请：${p.name}未列为申请人`,
      });
    }
  }
  if (input.applicantPartyIds.some((id) => !partyById(kase, id))) {
    errors.push({ field: "applicantPartyIds", message: "申请人须是本案当事人" });
  }
  const required = kase.parties.some((p) => p.agent) ? [...REQUIRED, "power_of_attorney" as const] : REQUIRED;
  const lacking = required.filter((m) => !input.materials.includes(m));
  if (lacking.length) {
    errors.push({
      field: "materials",
      message: `缺少材料：${lacking.map((m) => MATERIAL_LABELS[m]).join("、")}`,
    });
  }
  if (errors.length) throw new ValidationError(errors);
  const confirmationId = await store.addConfirmation({
    case_id: kase.id,
    agreement_id: agreement.id,
    court_id: input.courtId,
    applied_on: input.appliedOn,
    window_ends_on: windowEndsOn,
    applicant_party_ids_json: JSON.stringify(input.applicantPartyIds),
    materials_json: JSON.stringify(input.materials),
    status: "pending",
    channel: input.channel,
    version: 1,
    created_at: now,
  });
  const online = input.channel === "online" ? "在网上" : "";
  return {
    to: "awaiting_confirmation",
    summary: `双方当事人于 ${chineseDate(input.appliedOn)} ${online}向${court.name}共同申请司法确认`,
    data: {
      courtId: input.courtId,
      appliedOn: input.appliedOn,
      windowEndsOn,
      ...(input.channel === "online" ? { channel: "online", materials: input.materials } : {}),
    },
    confirmationId,
  };
}
