import { z } from "zod";
import type { Status } from "../cases/lifecycle.js";
import { optionalText } from "../validation.js";

/** A party's answer (api.md: satisfied | basically_satisfied | dissatisfied). */
export const RATING_SATISFACTION = ["satisfied", "basically_satisfied", "dissatisfied"] as const;
export type RatingSatisfaction = (typeof RATING_SATISFACTION)[number];
export const RATING_LABELS: Record<RatingSatisfaction, string> = {
  satisfied: "满意",
  basically_satisfied: "基本满意",
  dissatisfied: "不满意",
};
/** The answers the statistics count as satisfied (满意、基本满意), as for follow-up visits. */
export const RATED_SATISFIED: readonly RatingSatisfaction[] = ["satisfied", "basically_satisfied"];

/**
 * The statuses in which the committee's work on a case is over, so a party may rate it: an
 * agreement took effect (agreement, awaiting_confirmation, confirmed, performed), mediation was
 * terminated, the application was declined, or the case was closed. Not confirmation_rejected:
 * the director may reopen mediation from there, so the case is not over yet.
 */
export const RATEABLE_STATUSES: readonly Status[] = [
  "agreement",
  "awaiting_confirmation",
  "confirmed",
  "performed",
  "terminated",
  "declined",
  "closed",
];

export const NOT_CONCLUDED_MESSAGE = "本案尚未办结，调解结束后才能评价";
export const ALREADY_RATED_MESSAGE = "您已评价过本案";

export function isRateable(status: string): boolean {
  return (RATEABLE_STATUSES as readonly string[]).includes(status);
}

export const ratingSchema = z.object({
  satisfaction: z.enum(RATING_SATISFACTION, { error: "请选择满意度：满意、基本满意或不满意" }),
  comment: optionalText("评价内容", 500),
});
export type RatingInput = z.output<typeof ratingSchema>;
