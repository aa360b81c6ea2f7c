import type { CaseView, ConfirmationView } from "../cases/views.js";
import { outcomeLabel } from "../confirmations/next-steps.js";

/** The latest application for judicial confirmation, as the parties see it (`/my`, the API). */
export interface ApplicationView {
  court: string;
  appliedOn: string;
  channel: "paper" | "online";
  status: "pending" | "filed" | "decided";
  /** The court's 民特 number once filed. */
  number: string | null;
  filedOn: string | null;
  /** The court asked for more material (the committee answers it). */
  materialRequest: { on: string; text: string; answeredOn: string | null } | null;
  outcome: string | null;
  outcomeText: string | null;
  decidedOn: string | null;
  /** The court's steps so far, oldest first, in plain words. */
  steps: { on: string; text: string }[];
}

/** What the court has done with the case's latest application, in plain words; null when none. */
export function describeApplication(kase: Pick<CaseView, "confirmations">): ApplicationView | null {
  const c: ConfirmationView | undefined = kase.confirmations.at(-1);
  if (!c) return null;
  const steps: { on: string; text: string }[] = [
    {
      on: c.appliedOn,
      text: `${c.channel === "online" ? "各方当事人在网上" : "调委会代当事人"}向${c.courtName}提交了司法确认申请`,
    },
  ];
  if (c.filedOn) steps.push({ on: c.filedOn, text: `${c.courtName}立案审查，案号${c.number}` });
  if (c.materialRequestedOn && c.materialRequest) {
    steps.push({
      on: c.materialRequestedOn,
      text: `法院要求补充材料：${c.materialRequest}（调委会将与您联系）`,
    });
  }
  if (c.materialAnsweredOn) steps.push({ on: c.materialAnsweredOn, text: "调委会已向法院补充材料" });
  const outcomeText = outcomeLabel({ outcome: c.outcome, withdrawalKind: c.withdrawalKind ?? null });
  if (c.decidedOn && outcomeText) {
    steps.push({ on: c.decidedOn, text: `${c.courtName}作出裁定：${outcomeText}` });
  }
  return {
    court: c.courtName,
    appliedOn: c.appliedOn,
    channel: c.channel ?? "paper",
    status: c.status as ApplicationView["status"],
    number: c.number,
    filedOn: c.filedOn,
    materialRequest:
      c.materialRequest && c.materialRequestedOn
        ? { on: c.materialRequestedOn, text: c.materialRequest, answeredOn: c.materialAnsweredOn }
        : null,
    outcome: c.outcome,
    outcomeText,
    decidedOn: c.decidedOn,
    steps,
  };
}
