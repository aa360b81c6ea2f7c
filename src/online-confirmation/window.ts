import { windowClosedMessage } from "../cases/actions/apply-confirmation.js";
import { CONFIRMATION_WINDOW_DAYS, periodEndDays } from "../cases/periods.js";
import type { CaseView } from "../cases/views.js";

/** Where a case stands for an online joint application (RL33). */
export type WindowStage =
  /** No effective written agreement: nothing to apply for (none yet, an oral one, one out for signing). */
  | "none"
  /** Within the 30 days: the parties may agree to apply. */
  | "open"
  /** The 30 days are over: no application any more. */
  | "closed"
  /** Applied already (online or on paper): the court has it, or has ruled. */
  | "applied";

export interface ConfirmationWindow {
  stage: WindowStage;
  effectiveOn: string | null;
  /** The last day to apply: 30 days after the agreement took effect, moved past a rest day. */
  endsOn: string | null;
  /** Why the parties cannot apply now, in plain words (absent while open). */
  reason?: string;
}

const APPLIED_STATUSES = ["awaiting_confirmation", "confirmed", "confirmation_rejected"];

/**
 * The 30-day window (人民调解法第三十三条): from the day the written agreement took effect
 * (`effectiveOn`, the seal's date for one signed on the phone) to the 30th day after it, the last
 * day moved to the next working day as the Civil Procedure Law counts periods. Pure: the case and
 * today (YYYY-MM-DD, Beijing).
 */
export function confirmationWindow(
  kase: Pick<CaseView, "status" | "agreement">,
  today: string,
): ConfirmationWindow {
  const a = kase.agreement;
  if (APPLIED_STATUSES.includes(kase.status)) {
    const endsOn = a ? periodEndDays(a.effectiveOn, CONFIRMATION_WINDOW_DAYS) : null;
    return { stage: "applied", effectiveOn: a?.effectiveOn ?? null, endsOn, reason: "已经申请司法确认" };
  }
  if (!a || a.status !== "effective" || kase.status !== "agreement") {
    return { stage: "none", effectiveOn: null, endsOn: null, reason: "本案没有生效的书面调解协议" };
  }
  if (a.form !== "written") {
    return {
      stage: "none",
      effectiveOn: a.effectiveOn,
      endsOn: null,
      reason: "口头协议不能申请司法确认，请先签订书面调解协议",
    };
  }
  const endsOn = periodEndDays(a.effectiveOn, CONFIRMATION_WINDOW_DAYS);
  if (today > endsOn)
    return { stage: "closed", effectiveOn: a.effectiveOn, endsOn, reason: windowClosedMessage(endsOn) };
  return { stage: "open", effectiveOn: a.effectiveOn, endsOn };
}
