import { homeCourt } from "../../confirmations/court-choice.js";
import type { FormPrep } from "./types.js";

/** The courts, the delegating or local basic court first chosen, every party applying, the usual materials. */
const applyConfirmation: FormPrep = async ({ services, kase, base }) => {
  const courts = (await services.organisations.list({ kind: "court" })).filter((c) => c.active);
  // Default: the delegating court for a court referral, otherwise the basic court whose area holds the committee.
  const home = homeCourt(courts, kase);
  return {
    ...base,
    courts: courts.map((c) => ({ value: c.id, label: c.name })),
    values: {
      courtId: home?.id ?? "",
      appliedOn: base.today,
      applicantPartyIds: kase.parties.map((p) => String(p.id)),
      materials: ["application", "agreement", "identity", "service_addresses"],
    },
  };
};
export default applyConfirmation;
