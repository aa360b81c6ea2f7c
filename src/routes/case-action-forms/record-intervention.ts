import type { FormPrep } from "./types.js";

/** The people involved as the case registered them (or its parties), the report made today. */
const recordIntervention: FormPrep = ({ kase, base }) => ({
  ...base,
  values: { people: kase.peopleInvolved ?? kase.parties.length, referralOn: base.today },
});
export default recordIntervention;
