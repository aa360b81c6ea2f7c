import type { FormPrep } from "./types.js";

/** A visit today, the usual way. */
const followUp: FormPrep = ({ base }) => ({ ...base, values: { visitedOn: base.today, method: "visit" } });
export default followUp;
