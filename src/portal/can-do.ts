import { mayAnswerOnline } from "../cases/consent.js";
import type { CaseView, PartyView } from "../cases/views.js";
import { isRateable } from "../ratings/rules.js";
import { confirmationWindow } from "../online-confirmation/window.js";

/** What a party may do on their case now (`canDo`): each feature adds one rule here. */
export type PartyAbility = string;

export interface PartyFacts {
  kase: CaseView;
  me: PartyView;
  today: string;
  /** This party has rated the case (src/ratings/). */
  rated?: boolean;
  /** This party has agreed online to apply for judicial confirmation (src/online-confirmation/). */
  agreedToApply?: boolean;
}

/** One line per ability: the ability, and when the party has it. */
export const PARTY_ABILITIES: { ability: PartyAbility; when: (f: PartyFacts) => boolean }[] = [
  // Evidence (src/evidence/): photos and PDFs, on any of the party's cases.
  { ability: "upload-evidence", when: () => true },
  // Consent online (src/portal/consent.ts): in mediation, not answered yet.
  { ability: "consent", when: ({ kase, me }) => mayAnswerOnline(kase, me) },
  // Rating (src/ratings/): once, after the case concluded (RATEABLE_STATUSES).
  { ability: "rate", when: ({ kase, rated }) => isRateable(kase.status) && !rated },
  // 司法确认 online (src/online-confirmation/): within the 30 days, this party has not agreed yet.
  {
    ability: "apply-confirmation",
    when: ({ kase, today, agreedToApply }) =>
      confirmationWindow(kase, today).stage === "open" && !agreedToApply,
  },
  // Signing the agreement on the phone (src/signing/): out for signing, this party has not signed its text.
  {
    ability: "sign-agreement",
    when: ({ kase, me }) => !!kase.signing?.unsigned.some((u) => u.partyId === me.id),
  },
];

export function partyCanDo(facts: PartyFacts): PartyAbility[] {
  return PARTY_ABILITIES.filter((a) => a.when(facts)).map((a) => a.ability);
}
