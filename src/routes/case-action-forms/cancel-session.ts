import type { FormPrep } from "./types.js";

/** The sessions still scheduled, to pick the one called off (the case page's link preselects it). */
const cancelSession: FormPrep = async ({ services, kase, query, base }) => {
  const sessions = await services.video.schedule.forCase(kase.id);
  const sessionOptions = sessions.map((s) => ({
    value: String(s.id),
    label: `${s.timeText} · ${s.placeText}`,
  }));
  const chosen = typeof query.session === "string" ? query.session : String(sessions[0]?.id ?? "");
  return { ...base, sessionOptions, values: { sessionId: chosen } };
};
export default cancelSession;
