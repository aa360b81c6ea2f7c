import { ValidationError, type FieldError } from "../errors.js";
import { MOBILE } from "../messages/service.js";
import { agreementText, textHash } from "../signing/agreement-text.js";
import { VOID_REASON } from "../signing/service.js";
import type { ActionContext, CaseMessage, Effect } from "./actions/types.js";
import { completeParticulars, type ParticularsRow } from "./agreement-particulars.js";
import type { CaseView } from "./views.js";
import { writtenAgreementTakesEffect } from "./written-agreement.js";

/** What record-agreement passes on when it drafts for signing on the phone (its parsed input). */
export interface SigningDraftInput {
  facts: string | null;
  disputedMatters: string | null;
  responsibilities: string | null;
  terms: string;
  copies?: number;
  obligations: {
    obligor: number;
    obligee: number;
    content: string;
    amountFen: number | null;
    place: string | null;
    manner: string | null;
    dueOn: string;
  }[];
  particulars?: ParticularsRow[];
}

/**
 * record-agreement without a date or signatures (api.md; the form's 发送当事人网上签署): the written
 * agreement is checked as complete as RL29 requires, stored out for signing (not in force: the
 * case stays 调解中) with the exact text and its SHA-256 (src/signing/agreement-text.ts), and each
 * party is sent an `agreement_ready` SMS. A changed text voids the signatures given on the earlier
 * one (kept, with the reason); the same text keeps them. It takes effect by seal-agreement.
 */
export async function draftForSigning(ctx: ActionContext, input: SigningDraftInput): Promise<Effect> {
  const { kase: registered, user, today, now, store, publicUrl } = ctx;
  const completed = completeParticulars(registered.parties, input.particulars ?? [], today);
  const kase: CaseView = { ...registered, parties: completed.parties };
  const errors: FieldError[] = [...completed.errors];
  const name = (id: number) => kase.parties.find((p) => p.id === id)?.name;
  input.obligations.forEach((o, i) => {
    if (!name(o.obligor)) errors.push({ field: `obligations.${i}.obligor`, message: "义务人须是本案当事人" });
    if (!name(o.obligee)) errors.push({ field: `obligations.${i}.obligee`, message: "权利人须是本案当事人" });
    if (o.obligor === o.obligee)
      errors.push({ field: `obligations.${i}.obligee`, message: "义务人和权利人不能是同一人" });
    if (o.dueOn < today) errors.push({ field: `obligations.${i}.dueOn`, message: "履行期限不能早于今天" });
  });
  const copiesAtLeast = kase.parties.length + 1;
  if (input.copies !== undefined && input.copies < copiesAtLeast) {
    errors.push({
      field: "copies",
      message: `协议份数至少为 ${copiesAtLeast} 份（当事人各执一份，调解委员会留存一份）`,
    });
  }
  if (errors.length) throw new ValidationError(errors);
  // Everything RL29 asks the text to state; the signatures will come from the parties' phones.
  writtenAgreementTakesEffect(kase, {
    ...input,
    signedOn: today,
    mediatorSignedOn: today,
    sealedOn: today,
    signatures: kase.parties.map((p) => ({ partyId: p.id, signedOn: today, method: "sign" as const })),
  });

  for (const c of completed.corrections) await store.updateParty(kase.id, c.partyId, c.columns);
  await store.deleteAgreementDraft(kase.id);
  const copies = input.copies ?? copiesAtLeast;
  const text = agreementText(kase, {
    ...input,
    copies,
    obligations: input.obligations.map((o) => ({
      ...o,
      obligor: name(o.obligor)!,
      obligee: name(o.obligee)!,
    })),
  });
  const hash = textHash(text);
  const { agreementId, voided } = await store.signing().draft(
    kase.id,
    {
      form: "written",
      facts: input.facts,
      disputed_matters: input.disputedMatters,
      responsibilities: input.responsibilities,
      terms: input.terms,
      mediator_signed_on: null,
      sealed_on: null,
      copies,
      created_by: user.id,
      created_at: now,
      signing_text: text,
      signing_hash: hash,
      sent_for_signing_at: now,
    },
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
    VOID_REASON,
    now,
  );
  const kept = kase.signing?.hash === hash ? kase.signing.signatures.length : 0;
  const tail = voided
    ? `；${VOID_REASON}（${voided} 个签名作废）`
    : kept
      ? `；文本未变，已有的 ${kept} 个签名继续有效`
      : "";
  return {
    to: null,
    summary: `拟定书面调解协议，发送各方当事人网上签署（文本 SHA-256 ${hash.slice(0, 12)}…）${tail}`,
    data: { agreementId, hash, voided, signing: true },
    events: completed.corrections.map((c) => ({
      action: "update-party" as const,
      summary: `${c.summary}（拟定调解协议时补充）`,
      data: c.data,
    })),
    messages: readyMessages(kase, publicUrl),
  };
}

/** One `agreement_ready` SMS per mobile of a party (theirs, else their agent's). */
function readyMessages(kase: CaseView, publicUrl: string): CaseMessage[] {
  const phones = kase.parties
    .map((p) => [p.phone, p.agent?.phone].find((x) => x && MOBILE.test(x)))
    .filter((x): x is string => !!x);
  const params = { number: kase.number, url: `${publicUrl}/my/cases/${kase.id}` };
  return [...new Set(phones)].map((to) => ({ to, template: "agreement_ready", params }));
}
