import { OPEN_STATUSES } from "./lifecycle.js";
import {
  CONFIRMATION_WINDOW_DAYS,
  deadline,
  missingYearsAround,
  periodEndDaysDetail,
  type Deadline,
} from "./periods.js";
import type { CaseView, Warning } from "./views.js";

/**
 * What the case page shows beside the case: its running deadlines, and warnings for the
 * committee. Pure: the service loads the case and the parties' other open cases.
 */

/** Agreements about identity, adoption or marital status are not confirmable (SQ4): words that suggest them. */
const IDENTITY_MATTERS = /离婚|解除婚姻|婚姻关系|收养|解除收养|亲子关系|确认父子|确认母子|身份关系/;

/** The mediation period, the window to apply for confirmation, each unperformed obligation: soonest first. */
export function caseDeadlines(kase: CaseView, today: string): Deadline[] {
  const out: Deadline[] = [];
  if ((kase.status === "accepted" || kase.status === "in_mediation") && kase.mediationDueOn) {
    out.push(
      deadline(
        "mediation",
        kase.extensionReason ? "调解期限（经当事人同意延长）" : "调解期限（受理之日起一个月）",
        kase.mediationDueOn,
        today,
        missingYearsAround(kase.mediationDueOn),
      ),
    );
  }
  const a = kase.agreement;
  if (a && a.form === "written" && kase.status === "agreement") {
    const end = periodEndDaysDetail(a.effectiveOn, CONFIRMATION_WINDOW_DAYS);
    out.push(
      deadline(
        "confirmation_window",
        "申请司法确认期限（协议生效之日起 30 日）",
        end.due,
        today,
        end.missingYears,
      ),
    );
  }
  if (a && kase.status !== "closed") {
    for (const o of a.obligations) {
      if (o.performedOn) continue;
      const d = deadline("obligation", `${o.obligor}履行：${o.content}`, o.dueOn, today);
      o.overdue = d.overdue;
      out.push(d);
    }
  }
  return out.sort((x, y) => x.due.localeCompare(y.due));
}

/**
 * A party with another open case (outside the caller's scope: only that such a case exists, never
 * whose or where, issue 14 M1); an agreement the court would not confirm; a dispute big enough
 * for the township (大事不出镇).
 */
export function caseWarnings(
  kase: CaseView,
  others: readonly { id: number; number: string; name: string }[],
  visible: ReadonlySet<number>,
): Warning[] {
  const out: Warning[] = [];
  if (!OPEN_STATUSES.includes(kase.status) || kase.status === "terminated") return out;
  for (const r of others.filter((o) => visible.has(o.id))) {
    out.push({
      kind: "open_case",
      message: `当事人${r.name}另有未结案件 ${r.number}`,
      caseId: r.id,
      caseNumber: r.number,
    });
  }
  if (others.some((o) => !visible.has(o.id))) {
    out.push({ kind: "open_case", message: "有当事人在其他调解组织另有未结案件" });
  }
  const a = kase.agreement;
  if (
    a &&
    a.form === "written" &&
    kase.status === "agreement" &&
    IDENTITY_MATTERS.test(`${a.terms}${a.disputedMatters ?? ""}`)
  ) {
    out.push({
      kind: "not_confirmable",
      message:
        "协议内容可能涉及身份关系（婚姻、收养、亲子关系等），人民法院对此不予司法确认；其中的财产分割、抚养费等内容可以单独达成协议后申请确认",
    });
  }
  const big = kase.riskLevel !== "ordinary" || (kase.peopleInvolved ?? 0) >= 5;
  if (kase.status === "intake" && kase.organisationKind === "village_committee" && big) {
    out.push({
      kind: "escalate",
      action: "record-intervention",
      message: `${kase.riskLevel === "major" ? "风险等级重大" : kase.riskLevel === "serious" ? "风险等级较大" : `涉及 ${kase.peopleInvolved} 人`}，建议移送乡镇（街道）人民调解委员会调解（小事不出村，大事不出镇）`,
    });
  }
  return out;
}
