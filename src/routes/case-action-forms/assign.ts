import { assignFormData } from "../mediators/case-forms.js";
import type { FormPrep } from "./types.js";

/** The mediators in matching's order, the best first, and teams (src/routes/mediators/case-forms.ts). */
const assign: FormPrep = async ({ services, kase, query, posted, base }) => ({
  ...base,
  ...(await assignFormData(services, kase, query, posted)),
});
export default assign;
