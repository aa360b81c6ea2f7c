import type { FormPrep } from "./types.js";

/** The attendees pre-filled: every party with their side, and the presiding mediator. */
const recordSession: FormPrep = ({ kase, base }) => {
  const lead = kase.assignments.find((a) => !a.endedAt && a.role === "lead");
  const attendees = [
    ...kase.parties.map((p) => `${p.name}，${p.side === "applicant" ? "申请人" : "被申请人"}`),
    ...(lead ? [`${lead.mediatorName}，主持调解员`] : []),
  ].join("\n");
  return { ...base, values: { placeKind: "office", isPublic: "yes", outcome: "continue", attendees } };
};
export default recordSession;
