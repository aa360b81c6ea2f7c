import type { FormPrep } from "./types.js";

/** Each party's answer so far; the notice date defaults to an earlier notice, else today. */
const recordConsent: FormPrep = ({ kase, base }) => ({
  ...base,
  values: {
    noticeGivenOn: kase.consentNoticeOn ?? base.today,
    consents: kase.parties.map((p) => ({ partyId: p.id, consented: p.consent ?? "" })),
  },
});
export default recordConsent;
