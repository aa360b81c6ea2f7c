import { assignFormData } from "../mediators/case-forms.js";
import type { FormPrep } from "./types.js";

/** The committee's mediators, the best candidates from elsewhere, and teams (src/routes/mediators/case-forms.ts). */
const assign: FormPrep = async ({ services, kase, query, base }) => ({
  ...base,
  ...(await assignFormData(services, kase, query)),
});
export default assign;
