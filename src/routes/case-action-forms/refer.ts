import { COMMITTEE_KINDS } from "../../places/kinds.js";
import type { FormPrep } from "./types.js";

/** The committees a case may be referred to: every other active one. */
const refer: FormPrep = async ({ services, kase, base }) => {
  const committees = (await services.organisations.list())
    .filter((o) => COMMITTEE_KINDS.includes(o.kind) && o.active && o.id !== kase.organisationId)
    .map((o) => ({ value: o.id, label: o.name }));
  return { ...base, committees, values: {} };
};
export default refer;
