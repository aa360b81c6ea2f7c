import { z } from "zod";
import { chineseDate } from "../../documents/chinese-format.js";
import { ConflictError, type FieldError, ValidationError } from "../../errors.js";
import { beijingDate } from "../../shared/dates.js";
import { agreementText, textHash } from "../../signing/agreement-text.js";
import { pastDate, versionFields } from "../fields.js";
import { defineAction } from "./types.js";

const yes = (v: unknown) => {
  const last = Array.isArray(v) ? v.at(-1) : v;
  return last === undefined ? true : last === true || last === "yes" || last === "on" || last === "true";
};

/**
 * 调解员签名并加盖调委会印章 (RL29: a written agreement takes effect when every party has signed, the
 * mediator has signed and the committee's seal is applied). For an agreement signed on the phone:
 * allowed (lifecycle) only when every party has signed the current text; the lead mediator's
 * signature is their confirmation on the form (the API's call carries it, api.md); the agreement
 * takes effect on `sealedOn`, which every period counts from (the 30-day confirmation window,
 * obligations). The text is checked against the case once more: a party's particulars corrected
 * after it was sent change the text, and the parties must sign the new one.
 */
export default defineAction({
  schema: ({ today }) =>
    z.object({
      ...versionFields,
      sealedOn: pastDate("盖章（生效）日期", today),
      mediatorSigned: z.preprocess(yes, z.literal(true, { error: "请确认主持调解员已审阅并签署本协议" })),
    }),

  async effect({ kase, user, store }, input) {
    const s = kase.signing!;
    if (agreementText(kase, s.agreement) !== s.text || textHash(s.text) !== s.hash) {
      throw new ConflictError(
        "发出签署后当事人信息已更正，协议文本已经变化：请在“记录调解协议”中重新发送当事人签署",
      );
    }
    const signedOn = new Map(s.signatures.map((x) => [x.partyId, beijingDate(new Date(x.signedAt))]));
    const lastSigned = [...signedOn.values()].sort().at(-1)!;
    const errors: FieldError[] = [];
    if (input.sealedOn < lastSigned)
      errors.push({
        field: "sealedOn",
        message: `盖章日期不能早于当事人签署日期（${chineseDate(lastSigned)}）`,
      });
    const early = s.agreement.obligations.find((o) => o.dueOn < input.sealedOn);
    if (early)
      errors.push({
        field: "sealedOn",
        message: `第 ${early.index + 1} 项义务的履行期限早于生效日期，请重新拟定协议`,
      });
    if (errors.length) throw new ValidationError(errors);
    const lead = kase.assignments.find((a) => !a.endedAt && a.role === "lead")!;
    await store.signing().seal(kase.id, s.agreement.id, {
      sealedOn: input.sealedOn,
      sealedBy: user.id,
      signatures: kase.parties.map((p) => ({ partyId: p.id, signedOn: signedOn.get(p.id)! })),
    });
    return {
      to: "agreement",
      summary: `主持调解员${lead.mediatorName}签名，加盖调委会印章：网上签署的书面调解协议自 ${chineseDate(input.sealedOn)} 起生效，共 ${s.agreement.obligations.length} 项履行义务`,
      caseUpdate: { concluded_on: input.sealedOn, outcome: null },
      data: {
        agreementId: s.agreement.id,
        hash: s.hash,
        sealedOn: input.sealedOn,
        supersedes: kase.agreement?.id ?? null,
      },
    };
  },
});
