import { DateTime } from "luxon";
import type { CaseDetail } from "../../cases/service.js";
import type { AssignmentView } from "../../cases/views.js";
import { ZONE } from "../../shared/dates.js";

/** Query parameters of the 推荐调解员 panel's own form and its "显示全部" link. */
const MATCH_QUERY = ["dates", "languages", "allMatches"];

/**
 * What the case page needs to fit a phone (issue 16): the action buttons (update-party has its
 * links in the parties table, so alone it makes no "现在可以" block), whether the 推荐调解员
 * panel starts folded (once a lead mediator is on the case, unless the user just asked the panel
 * something), a tally of the obligations for their folded table, and the print date.
 */
export function phoneLayout(
  kase: CaseDetail,
  active: AssignmentView[],
  query: Record<string, unknown>,
  now: Date,
) {
  const obligations = kase.agreement?.obligations ?? [];
  return {
    // Corrections sit beside each party, cancelling a session beside it (已安排的调解).
    actionButtons: kase.allowedActions.filter((a) => a !== "update-party" && a !== "cancel-session"),
    matchCollapsed: active.some((a) => a.role === "lead") && !MATCH_QUERY.some((k) => k in query),
    obligationTally: {
      total: obligations.length,
      performed: obligations.filter((o) => o.performedOn).length,
      overdue: obligations.filter((o) => o.overdue).length,
    },
    printedAt: DateTime.fromJSDate(now, { zone: ZONE }).toFormat("yyyy年M月d日 HH:mm"),
  };
}
