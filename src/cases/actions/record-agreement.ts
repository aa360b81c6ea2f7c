import { z } from "zod";
import { chineseDate } from "../../documents/chinese-format.js";
import { ValidationError, type FieldError } from "../../errors.js";
import { optionalText, requiredText } from "../../validation.js";
import { blankToUndefined, idField, obligationsField, pastDate, rows, versionFields } from "../fields.js";
import { SIGN_METHODS } from "../labels.js";
import { completeParticulars } from "../agreement-particulars.js";
import { writtenAgreementTakesEffect, type Signature } from "../written-agreement.js";
import { draftForSigning } from "../agreement-signing.js";
import { defineAction, fail, partyById } from "./types.js";

/** 调解协议: written or oral, with each obligation (who owes whom what, by when). */
export default defineAction({
  schema: ({ today }) =>
    z.object({
      ...versionFields,
      form: z.enum(["written", "oral"], { error: "请选择协议形式（书面或口头）" }),
      facts: optionalText("纠纷主要事实", 20000),
      disputedMatters: optionalText("争议事项", 20000),
      responsibilities: optionalText("各方责任", 20000),
      terms: requiredText("协议内容", 20000),
      obligations: obligationsField(),
      // Absent with no signatures: drafted for signing on the phone (src/cases/agreement-signing.ts).
      signedOn: z.preprocess(blankToUndefined, pastDate("协议达成（签署）日期", today).optional()),
      // The form's 发送当事人网上签署 button: draft for signing whatever the date fields hold.
      sendForSigning: z.preprocess((v) => v === "1" || v === true || v === "true", z.boolean()).optional(),
      // Absent: everyone signed on signedOn (the API's shortcut). Given: only rows with a date count,
      // so a form row left blank is a party who has not signed yet.
      signatures: z.preprocess(
        (v) =>
          v === undefined
            ? undefined
            : rows(v).filter((s) => s && typeof s === "object" && (s as { signedOn?: string }).signedOn),
        z
          .array(
            z.object({
              partyId: idField("当事人"),
              signedOn: pastDate("签名日期", today),
              method: z.enum(SIGN_METHODS, { error: "请选择签署方式" }),
            }),
          )
          .optional(),
      ),
      mediatorSignedOn: z.preprocess(blankToUndefined, pastDate("调解员签名日期", today).optional()),
      sealedOn: z.preprocess(blankToUndefined, pastDate("调委会盖章日期", today).optional()),
      copies: z.preprocess(
        blankToUndefined,
        z.coerce.number().int().min(1, "份数至少为 1").max(100).optional(),
      ),
      // Optional: particulars intake left blank, completed on this form (src/cases/agreement-particulars.ts).
      particulars: z.preprocess(
        (v) => (v === undefined ? undefined : rows(v)),
        z.array(z.looseObject({ partyId: idField("当事人") }, { error: "当事人信息格式不正确" })).optional(),
      ),
    }),

  async effect(ctx, raw) {
    if (raw.sendForSigning || (!raw.signedOn && raw.signatures === undefined)) {
      if (raw.form === "oral") fail("signedOn", "口头协议请填写达成日期");
      return draftForSigning(ctx, raw);
    }
    if (!raw.signedOn) fail("signedOn", "请填写协议达成（签署）日期；网上签署请点击“发送当事人网上签署”");
    const input = { ...raw, signedOn: raw.signedOn! };
    const { kase: registered, user, today, now, store } = ctx;
    // The particulars typed on the form complete the parties before the agreement's rules read them.
    const completed = completeParticulars(registered.parties, input.particulars ?? [], today);
    const kase = { ...registered, parties: completed.parties };
    const errors: FieldError[] = [...completed.errors];
    input.obligations.forEach((o, i) => {
      if (!partyById(kase, o.obligor))
        errors.push({ field: `obligations.${i}.obligor`, message: "义务人须是本案当事人" });
      if (!partyById(kase, o.obligee))
        errors.push({ field: `obligations.${i}.obligee`, message: "权利人须是本案当事人" });
      if (o.obligor === o.obligee)
        errors.push({ field: `obligations.${i}.obligee`, message: "义务人和权利人不能是同一人" });
      if (o.dueOn < input.signedOn)
        errors.push({ field: `obligations.${i}.dueOn`, message: "履行期限不能早于协议日期" });
    });
    if (kase.acceptedOn && input.signedOn < kase.acceptedOn) {
      errors.push({ field: "signedOn", message: "协议日期不能早于受理日期" });
    }
    const copiesAtLeast = kase.parties.length + 1;
    if (input.form === "written" && input.copies !== undefined && input.copies < copiesAtLeast) {
      errors.push({
        field: "copies",
        message: `协议份数至少为 ${copiesAtLeast} 份（当事人各执一份，调解委员会留存一份）`,
      });
    }
    if (errors.length) throw new ValidationError(errors);

    const written = input.form === "written";
    const mediatorSignedOn = input.mediatorSignedOn ?? input.signedOn;
    const sealedOn = input.sealedOn ?? input.signedOn;
    // A written agreement takes effect only when complete and signed by all (src/cases/written-agreement.ts).
    const { signatures, effectiveOn }: { signatures: Signature[]; effectiveOn: string } = written
      ? writtenAgreementTakesEffect(kase, { ...input, mediatorSignedOn, sealedOn })
      : { signatures: [], effectiveOn: input.signedOn };

    for (const c of completed.corrections) await store.updateParty(kase.id, c.partyId, c.columns);
    await store.deleteAgreementDraft(kase.id);
    // Recorded on paper instead: a text out for signing on the phone is withdrawn, its signatures void.
    if (kase.signing) await store.signing().voidAll(kase.id, "协议改为纸质签署，网上签名作废", now);
    const agreementId = await store.replaceAgreement(
      kase.id,
      {
        form: input.form,
        facts: input.facts,
        disputed_matters: input.disputedMatters,
        responsibilities: input.responsibilities,
        terms: input.terms,
        effective_on: effectiveOn,
        mediator_signed_on: written ? mediatorSignedOn : null,
        sealed_on: written ? sealedOn : null,
        copies: written ? (input.copies ?? copiesAtLeast) : null,
        created_by: user.id,
        created_at: now,
      },
      signatures.map((s) => ({ party_id: s.partyId, signed_on: s.signedOn, method: s.method })),
      input.obligations.map((o, idx) => ({
        idx,
        obligor_party_id: o.obligor,
        obligee_party_id: o.obligee,
        content: o.content,
        amount_fen: o.amountFen,
        place: o.place,
        manner: o.manner,
        due_on: o.dueOn,
      })),
    );
    return {
      to: "agreement",
      summary: `达成${written ? "书面" : "口头"}调解协议，共 ${input.obligations.length} 项履行义务，自 ${chineseDate(effectiveOn)} 起生效`,
      caseUpdate: { concluded_on: effectiveOn, outcome: null },
      data: { agreementId, supersedes: kase.agreement?.id ?? null },
      events: completed.corrections.map((c) => ({
        action: "update-party" as const,
        summary: `${c.summary}（记录调解协议时补充）`,
        data: c.data,
      })),
    };
  },
});
