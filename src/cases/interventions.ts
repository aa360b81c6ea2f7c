import type { InterventionView } from "./views.js";

/** The prevented escalations a closure proposes (the close and resolve-on-spot forms pre-fill them). */
export interface EscalationProposal {
  preventedCriminal: boolean;
  preventedCriminalPeople?: number;
  preventedPetition: boolean;
  preventedPetitionPeople?: number;
  /** The 防激化措施 the proposal comes from. */
  interventionIds: number[];
}

/**
 * What the case's 防激化措施 (RL25, GD24) say a closure prevented: a risk of a criminal case
 * (`criminal`) proposes 防止民转刑, a risk of a group incident (`mass_incident`) proposes
 * 防止群体性上访, each with the most people any such intervention involved (the same people
 * recorded twice are not two groups). Public-order cases, self-harm and other risks are recorded
 * but count for neither figure. Null when no intervention proposes anything.
 */
export function proposedEscalation(interventions: readonly InterventionView[]): EscalationProposal | null {
  const peopleFor = (risk: string) => {
    const found = interventions.filter((i) => i.risks.includes(risk));
    return found.length
      ? { people: Math.max(...found.map((i) => i.people)), ids: found.map((i) => i.id) }
      : null;
  };
  const criminal = peopleFor("criminal");
  const petition = peopleFor("mass_incident");
  if (!criminal && !petition) return null;
  return {
    preventedCriminal: !!criminal,
    ...(criminal ? { preventedCriminalPeople: criminal.people } : {}),
    preventedPetition: !!petition,
    ...(petition ? { preventedPetitionPeople: petition.people } : {}),
    interventionIds: [...new Set([...(criminal?.ids ?? []), ...(petition?.ids ?? [])])].sort((a, b) => a - b),
  };
}
