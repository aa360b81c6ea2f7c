import { chineseDate } from "../documents/chinese-format.js";
import { currentGround, OUTCOME_LABELS } from "./periods.js";

export interface Ending {
  outcome: string | null;
  withdrawalKind?: string | null;
  grounds: string[];
  windowEndsOn: string;
}

/** How the application ended, in the words the queue and the case page use. */
export function outcomeLabel(c: Pick<Ending, "outcome" | "withdrawalKind">): string | null {
  if (!c.outcome) return null;
  if (c.outcome === "withdrawn" && c.withdrawalKind === "deemed") return "按撤回申请处理";
  return OUTCOME_LABELS[c.outcome] ?? c.outcome;
}

/** 已裁定调解协议有效 / 已裁定驳回申请 / 已裁定不予受理 / 已裁定准许撤回 / 已裁定按撤回申请处理. */
export function rulingPhrase(c: Pick<Ending, "outcome" | "withdrawalKind">): string | null {
  if (!c.outcome) return null;
  return c.outcome === "confirmed" ? "已裁定调解协议有效" : `已裁定${outcomeLabel(c)}`;
}

const BINDING = "依法达成的调解协议具有法律约束力，当事人应当按照约定履行（人民调解法第三十一条）。";
const CHANGE_OR_SUE =
  "当事人可以向调解组织申请变更原调解协议或者达成新的调解协议，也可以就调解协议的履行或者内容发生的争议向人民法院提起诉讼（人民调解法第三十二条）。";

/** What the parties may do once the court has ended the application (CPL art. 206; RL31–33); `court`: as its ruling says it. */
export function nextSteps(c: Ending, court = false): string[] {
  // The court's ruling states the parties' options, not the committee's view of the agreement.
  if (court) return nextSteps(c).filter((s) => s !== BINDING);
  const window = `调解协议生效之日起三十日内（至${chineseDate(c.windowEndsOn)}）`;
  switch (c.outcome) {
    case "confirmed":
      return [
        "调解协议经人民法院确认有效。一方当事人拒绝履行或者未全部履行的，对方当事人可以向作出确认裁定的人民法院申请执行（民事诉讼法第二百零六条）。",
      ];
    case "rejected":
      return [
        "当事人可以通过调解方式变更原调解协议或者达成新的调解协议，也可以向人民法院提起诉讼（民事诉讼法第二百零六条）。",
      ];
    case "refused": {
      const steps = [BINDING];
      if ((c.grounds ?? []).map(currentGround).includes("no_jurisdiction"))
        steps.push(`当事人可以在${window}向有管辖权的人民法院共同申请司法确认（民事诉讼法第二百零五条）。`);
      steps.push(CHANGE_OR_SUE);
      return steps;
    }
    case "withdrawn":
      return [BINDING, `当事人可以在${window}重新共同申请司法确认。`, CHANGE_OR_SUE];
    default:
      return [];
  }
}
