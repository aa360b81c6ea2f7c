import type { Knex } from "knex";
import { MOBILE } from "../messages/service.js";
import { regionPrefix } from "../places/kinds.js";
import { partiesOf } from "./case-link.js";
import type { GridRepository, Org, ReportRow } from "./repository.js";
import type { ReportDetail, ReportListItem } from "./types.js";

/**
 * The governance centre serving a place: the township centre whose township covers it, else the
 * county centre of its county.
 */
export async function centreFor(
  db: Knex | Knex.Transaction,
  repo: GridRepository,
  regionCode: string,
): Promise<Org | null> {
  const centres = await repo.organisationsUnder(db, ["governance_center"], [regionCode.slice(0, 6)]);
  const township = centres.find(
    (c) => c.regionLevel === "township" && regionPrefix(c.regionCode, "township") === regionCode.slice(0, 9),
  );
  return township ?? centres.find((c) => c.regionLevel === "county") ?? null;
}

/** A work order (sent to a department) still open after its due date. */
function overdue(r: ReportRow, today: string): boolean {
  return r.dispatchedKind === "department" && r.status === "dispatched" && !!r.dueOn && r.dueOn < today;
}

export function listItemOf(r: ReportRow, today: string, reopenedComment: string | null): ReportListItem {
  return {
    id: r.id,
    version: r.version,
    category: r.category,
    summary: r.summary,
    regionCode: r.regionCode,
    status: r.status,
    reportedAt: r.reportedAt,
    dueOn: r.dueOn,
    caseId: r.caseId,
    regionName: r.regionName,
    riskLevel: r.riskLevel,
    threats: r.threats,
    people: r.people,
    centreId: r.centreId,
    dispatchedTo:
      r.dispatchedTo && r.dispatchedName && r.dispatchedKind
        ? { id: r.dispatchedTo, name: r.dispatchedName, kind: r.dispatchedKind }
        : null,
    doneOn: r.doneOn,
    overdue: overdue(r, today),
    answeredLate:
      r.dispatchedKind === "department" &&
      !!r.doneOn &&
      !!r.dueOn &&
      r.status !== "new" &&
      r.doneOn > r.dueOn,
    reopenedComment: r.status === "new" ? reopenedComment : null,
    reporterName: r.reporterKind === "party" ? "当事人" : r.reporterName,
  };
}

export async function detailOf(
  repo: GridRepository,
  r: ReportRow,
  o: { today: string; reopenedComment: string | null; can: ReportDetail["can"] },
): Promise<ReportDetail> {
  const [timeline, photos, rating] = await Promise.all([
    repo.events(r.id),
    repo.photos(r.id),
    repo.latestRating(r.id),
  ]);
  return {
    ...listItemOf(r, o.today, o.reopenedComment),
    occurredOn: r.occurredOn,
    parties: partiesOf(r),
    reporterKind: r.reporterKind,
    reporterPhone: r.reporterPhone,
    centre: { id: r.centreId, name: r.centreName },
    dispatchedAt: r.dispatchedAt,
    dispatchNote: r.dispatchNote,
    caseNumber: r.caseNumber,
    outcome: r.status === "done" || r.result ? r.result : null,
    closedReason: r.closedReason,
    timeline,
    rating,
    photos,
    can: o.can,
  };
}

/** Where the reporter's SMS goes: the party's phone, or the grid worker's users.phone; a mobile only. */
export async function reporterMobile(
  trx: Knex.Transaction,
  repo: GridRepository,
  r: ReportRow,
): Promise<string | null> {
  const raw =
    r.reporterKind === "party"
      ? r.reporterPhone
      : r.reporterUserId
        ? await repo.userPhone(trx, r.reporterUserId)
        : null;
  const digits = raw?.replace(/[\s-]/g, "").replace(/^(\+86|0086)/, "") ?? "";
  return MOBILE.test(digits) ? digits : null;
}
