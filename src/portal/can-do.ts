import { mayAnswerOnline } from "../cases/consent.js";
import type { CaseView, PartyView } from "../cases/views.js";
import { isRateable } from "../ratings/rules.js";

/** What a party may do on their case now (`canDo`): each feature adds one rule here. */
export type PartyAbility = string;

export interface PartyFacts {
  kase: CaseView;
  me: PartyView;
  today: string;
  /** This party has rated the case (src/ratings/). */
  rated?: boolean;
}

/** One line per ability: the ability, and when the party has it. */
export const PARTY_ABILITIES: { ability: PartyAbility; when: (f: PartyFacts) => boolean }[] = [
  // Evidence (src/evidence/): photos and PDFs, on any of the party's cases.
  { ability: "upload-evidence", when: () => true },
  // Consent online (src/portal/consent.ts): in mediation, not answered yet.
  { ability: "consent", when: ({ kase, me }) => mayAnswerOnline(kase, me) },
  // Rating (src/ratings/): once, after the case concluded (RATEABLE_STATUSES).
  { ability: "rate", when: ({ kase, rated }) => isRateable(kase.status) && !rated },
];

export function partyCanDo(facts: PartyFacts): PartyAbility[] {
  return PARTY_ABILITIES.filter((a) => a.when(facts)).map((a) => a.ability);
}
