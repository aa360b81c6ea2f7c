import { STATUS_LABELS, type Status } from "./lifecycle.js";
import type { CaseListRows } from "./list-repository.js";
import { daysUntil } from "../shared/dates.js";
import { DEADLINE_LABELS, isOverdue, nextDeadline, type DeadlineKind } from "./overdue.js";

/** The case list as the page and the API show it. */
export interface CaseFilter {
  status?: string;
  typeCode?: string;
  source?: string;
  region?: string;
  from?: string;
  to?: string;
  overdue?: boolean;
  q?: string;
  mine?: boolean;
  page?: number;
  pageSize?: number;
}

export interface CaseListItem {
  id: number;
  number: string;
  status: Status;
  statusLabel: string;
  typeName: string;
  summary: string;
  organisationName: string;
  regionName: string;
  registeredOn: string;
  mediationDueOn: string | null;
  nextDue: string | null;
  /** Which deadline `nextDue` is, and its name (调解期限, 履行期限). */
  nextDueKind: DeadlineKind | null;
  nextDueLabel: string | null;
  /** Days from today to `nextDue`: negative when overdue, 0 on the day (今日到期). */
  daysLeft: number | null;
  overdue: boolean;
  parties: string;
  version: number;
  /** "online": a party's own application (the lists tag it 网上申请). */
  channel?: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  /** True when counting stopped at the caller's limit: there are more than `total`. */
  totalCapped?: boolean;
}

/**
 * One row of the list. The next due date is the one the case is waiting on (`nextDeadline`,
 * src/cases/overdue.ts): the mediation period while mediating, the earliest unperformed
 * obligation while performing, none otherwise.
 */
export function toListItem(r: Record<string, unknown>, found: CaseListRows, today: string): CaseListItem {
  const id = Number(r.id);
  const status = r.status as Status;
  const mine = found.parties.filter((p) => Number(p.case_id) === id);
  const side = (s: string) =>
    mine
      .filter((p) => p.side === s)
      .map((p) => p.name)
      .join("、");
  const obligationDue = found.dues.find((d) => Number(d.case_id) === id)?.due ?? null;
  const mediationDueOn = (r.mediation_due_on as string | null) ?? null;
  const next = nextDeadline({ status, mediationDueOn, obligationDue });
  const nextDue = next?.due ?? null;
  return {
    id,
    number: String(r.number),
    status,
    statusLabel: STATUS_LABELS[status],
    typeName: String(r.type_name),
    summary: String(r.summary).slice(0, 120),
    organisationName: String(r.organisation_name),
    regionName: String(r.region_name),
    registeredOn: String(r.registered_on),
    mediationDueOn,
    nextDue,
    nextDueKind: next?.kind ?? null,
    nextDueLabel: next ? DEADLINE_LABELS[next.kind] : null,
    daysLeft: nextDue ? daysUntil(today, nextDue) : null,
    overdue: isOverdue(nextDue, today),
    parties: `${side("applicant")} 与 ${side("respondent")}`,
    version: Number(r.version),
    channel: String(r.channel ?? "counter"),
  };
}
