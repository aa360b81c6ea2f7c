import type { FormPrep } from "./types.js";

/** The parties' consent, usually given the day it is recorded. */
const extendMediation: FormPrep = ({ base }) => ({ ...base, values: { consentedOn: base.today } });
export default extendMediation;
