import { ValidationError, type FieldError } from "../errors.js";
import type { ActionStore } from "./store.js";
import type { CaseView } from "./views.js";

/** How a party's answer was given: on their phone (/my) or to staff, who recorded it. */
export type ConsentChannel = "online" | "in_person";

export interface ConsentAnswer {
  partyId: number;
  consented: boolean;
}

/** What a refusal means (RL17): mediation may not go on; the lifecycle then leaves only termination. */
export const REFUSAL_NOTE = "（调解不得继续，应终止调解）";

/** An answer for someone who is not a party of the case, by its row. */
export function strangers(kase: CaseView, answers: readonly ConsentAnswer[]): FieldError[] {
  return answers.flatMap((c, i) =>
    kase.parties.some((p) => p.id === c.partyId)
      ? []
      : [{ field: `consents.${i}.partyId`, message: "该当事人不属于本案" }],
  );
}

/**
 * Records parties' answers to the rights-and-duties notice (告知权利义务, RL17, RL23), whoever
 * records them: staff (record-consent, every party at once) or a party on their phone
 * (src/portal/consent.ts, their own answer). One code path, so a "no" is the same fact either
 * way: the party's consent is 'no', which the lifecycle reads as consentRefused (only termination
 * is offered). A staff record repeating a party's online answer keeps it marked online.
 * Returns the timeline's words for the answers and the case columns to change.
 */
export async function recordConsents(
  kase: CaseView,
  store: ActionStore,
  answers: readonly ConsentAnswer[],
  how: { channel: ConsentChannel; at: string; noticeOn: string },
): Promise<{ text: string; refused: boolean; caseUpdate: Record<string, unknown> }> {
  const errors = strangers(kase, answers);
  if (errors.length) throw new ValidationError(errors);
  const party = (id: number) => kase.parties.find((p) => p.id === id)!;
  await store.setConsents(
    kase.id,
    answers.map((c) => {
      const p = party(c.partyId);
      const unchangedOnline = !!p.consentOnlineAt && p.consent === (c.consented ? "yes" : "no");
      return unchangedOnline ? c : { ...c, how: { channel: how.channel, at: how.at } };
    }),
  );
  const names = (consented: boolean) =>
    answers.filter((c) => c.consented === consented).map((c) => party(c.partyId).name);
  const yes = names(true);
  const no = names(false);
  return {
    text:
      `同意调解：${yes.join("、") || "无"}` +
      (no.length ? `；拒绝调解：${no.join("、")}${REFUSAL_NOTE}` : ""),
    refused: no.length > 0,
    caseUpdate: { consent_notice_on: how.noticeOn },
  };
}

/** The states in which parties answer the notice (record-consent's, lifecycle.ts). */
export const CONSENT_STATUSES: readonly string[] = ["accepted", "in_mediation"];

/** Whether this party may still answer the notice online: the case in mediation, no answer yet. */
export const mayAnswerOnline = (kase: CaseView, party: { consent: string | null }) =>
  CONSENT_STATUSES.includes(kase.status) && party.consent === null;
