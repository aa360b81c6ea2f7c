import { proposedEscalation } from "../../cases/interventions.js";
import type { FormPrep } from "./types.js";

/**
 * The prevented escalations the case's 防激化措施 stand for (src/cases/interventions.ts),
 * pre-checked with their people, for the user to confirm that the dispute ended without violence
 * or to uncheck. resolve-on-spot's form is the same.
 */
const close: FormPrep = ({ kase, base }) => {
  const proposal = proposedEscalation(kase.interventions);
  if (!proposal) return { ...base, values: {} };
  const { interventionIds, ...values } = proposal;
  return { ...base, values, proposedFrom: interventionIds.length };
};
export default close;
