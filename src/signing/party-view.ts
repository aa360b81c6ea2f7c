import type { CaseView } from "../cases/views.js";
import { textHash } from "./agreement-text.js";

/** The agreement on a party's case (api.md `GET /portal/cases/{id}` `agreement`). */
export interface PartyAgreement {
  text: string;
  hash: string;
  effective: boolean;
  signatures: { partyId: number; signedAt: string }[];
}

/**
 * What a party is shown of the agreement: the text out for signing (not effective, the signatures
 * on its current text), or the agreement in force — its signed text and electronic signatures,
 * or for paper its terms with the days each party signed. None otherwise.
 */
export function partyAgreement(kase: CaseView): { agreement?: PartyAgreement } {
  const s = kase.signing;
  if (s) {
    const signatures = s.signatures.map((x) => ({ partyId: x.partyId, signedAt: x.signedAt }));
    return { agreement: { text: s.text, hash: s.hash, effective: false, signatures } };
  }
  const a = kase.agreement;
  if (!a) return {};
  if (a.eSigned) {
    const signatures = a.eSigned.signatures.map((x) => ({ partyId: x.partyId, signedAt: x.signedAt }));
    return { agreement: { text: a.eSigned.text, hash: a.eSigned.hash, effective: true, signatures } };
  }
  // On paper: the agreed terms, as this field has always said (api.md); the hash is of them.
  const text = a.terms;
  return {
    agreement: {
      text,
      hash: textHash(text),
      effective: a.status === "effective",
      signatures: a.signatures.map((x) => ({ partyId: x.partyId, signedAt: x.signedOn })),
    },
  };
}
