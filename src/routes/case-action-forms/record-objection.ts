import { objectionFormData } from "../mediators/case-forms.js";
import type { FormPrep } from "./types.js";

/** The mediators a party may object to (src/routes/mediators/case-forms.ts). */
const recordObjection: FormPrep = async ({ services, kase, query, base }) => ({
  ...base,
  ...(await objectionFormData(services, kase, query)),
});
export default recordObjection;
