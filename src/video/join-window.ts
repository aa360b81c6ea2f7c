/** From how long before the start the 进入视频调解 button shows, and until how long after. */
export const JOIN_OPENS_BEFORE_MS = 30 * 60_000;
export const JOIN_CLOSES_AFTER_MS = 3 * 3600_000;

export type JoinWindow = "early" | "open" | "over";

/** Where now stands against a session's start: before the room opens, while it is open, after. */
export function joinWindow(startsAt: string, now: Date): JoinWindow {
  const start = new Date(startsAt).getTime();
  const t = now.getTime();
  if (t < start - JOIN_OPENS_BEFORE_MS) return "early";
  if (t > start + JOIN_CLOSES_AFTER_MS) return "over";
  return "open";
}
