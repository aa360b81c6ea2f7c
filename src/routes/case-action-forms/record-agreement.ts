import type { FormPrep } from "./types.js";

/** A written agreement signed today, one copy per party and one for the committee, one empty obligation. */
const recordAgreement: FormPrep = ({ kase, base }) => ({
  ...base,
  values: {
    form: "written",
    signedOn: base.today,
    mediatorSignedOn: base.today,
    sealedOn: base.today,
    copies: kase.parties.length + 1,
    obligations: [{}],
    signatures: kase.parties.map((p) => ({ partyId: p.id, signedOn: "", method: "sign" })),
  },
});
export default recordAgreement;
