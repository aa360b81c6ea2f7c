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

/**
 * Why a party may not enter the room now (before the window opens or after it closes), in the
 * words the refusal page shows; null while the window is open. Staff may enter early.
 */
export function partyJoinRefusal(startsAt: string, timeText: string, now: Date): string | null {
  const w = joinWindow(startsAt, now);
  if (w === "early") return `视频调解将于${timeText}开始，请在开始前30分钟内进入`;
  if (w === "over")
    return `视频调解原定于${timeText}开始，进入时间（开始后3小时内）已过。如需继续调解，请联系调解员另行安排`;
  return null;
}
