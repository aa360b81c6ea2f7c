import type { FormPrep } from "./types.js";

/**
 * The attendees pre-filled: every party with their side, and the presiding mediator. After an
 * online session (视频调解) not yet recorded: its time, 线上视频, and who was in the room and when.
 */
const recordSession: FormPrep = async ({ services, kase, base }) => {
  const online = await services.video.schedule.recordPrefill(kase.id);
  if (online) {
    const { scheduledSessionId, heldAt, attendees } = online;
    const values = { placeKind: "online", place: "视频调解", isPublic: "yes", outcome: "continue" };
    return { ...base, values: { ...values, scheduledSessionId, heldAt, attendees } };
  }
  const lead = kase.assignments.find((a) => !a.endedAt && a.role === "lead");
  const attendees = [
    ...kase.parties.map((p) => `${p.name}，${p.side === "applicant" ? "申请人" : "被申请人"}`),
    ...(lead ? [`${lead.mediatorName}，主持调解员`] : []),
  ].join("\n");
  return { ...base, values: { placeKind: "office", isPublic: "yes", outcome: "continue", attendees } };
};
export default recordSession;
