import { MOBILE } from "../messages/service.js";
import type { CaseMessage } from "./actions/types.js";
import type { CaseView } from "./views.js";

/**
 * The SMS inviting each party to read the rights-and-duties notice and say whether they agree to
 * mediation online (src/portal/consent.ts), sent when the case is accepted: one per mobile phone
 * of a party who has not answered yet (the party's own, else their agent's). A phone that opted
 * out gets none (MessageService.queue).
 */
export function consentInvitations(kase: CaseView, publicUrl: string): CaseMessage[] {
  const phones = kase.parties
    .filter((p) => p.consent === null)
    .map((p) => [p.phone, p.agent?.phone].find((x) => x && MOBILE.test(x)))
    .filter((x): x is string => !!x);
  const params = {
    committee: kase.organisationName,
    typeName: `${kase.typeName}纠纷`,
    url: `${publicUrl}/my`,
  };
  return [...new Set(phones)].map((to) => ({ to, template: "invitation", params }));
}
