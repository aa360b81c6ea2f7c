import { MOBILE } from "../messages/service.js";
import type { CaseMessage } from "./actions/types.js";
import type { CaseView } from "./views.js";

type Notice = Extract<
  CaseMessage,
  { template: "application_accepted" | "application_referred" | "application_declined" }
>;

/**
 * The SMS telling a party who applied online (channel online) what became of the application:
 * one per applicant with a mobile phone. None for a case registered at the counter — those
 * parties were told in person.
 */
export function toOnlineApplicants(kase: CaseView, notice: Omit<Notice, "to">): CaseMessage[] {
  if (kase.channel !== "online") return [];
  const phones = kase.parties
    .filter((p) => p.side === "applicant" && p.phone && MOBILE.test(p.phone))
    .map((p) => p.phone!);
  return [...new Set(phones)].map((to) => ({ ...notice, to }) as CaseMessage);
}
