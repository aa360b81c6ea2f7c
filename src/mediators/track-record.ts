import { OPEN_STATUSES, STATUS_LABELS, type Status } from "../cases/lifecycle.js";

/** What a mediator has done (their page and GET /mediators/{id}/record). */
export interface MediatorRecord {
  currentCases: {
    id: number;
    number: string;
    typeName: string;
    status: Status;
    statusLabel: string;
    role: string;
  }[];
  /** Open cases the user may not see, counted only. */
  hiddenCurrent: number;
  byType: {
    typeCode: string;
    typeName: string;
    total: number;
    concluded: number;
    successful: number;
    failed: number;
    successRate: number | null;
    avgDays: number | null;
  }[];
  concluded: number;
  successful: number;
  avgDays: number | null;
  satisfaction: {
    satisfied: number;
    basically: number;
    dissatisfied: number;
    total: number;
    rate: number | null;
  };
}

/** A case the mediator led or co-mediated, as the repository reads it. */
export interface RecordCase {
  id: number;
  number: string;
  typeCode: string;
  typeName: string;
  status: Status;
  outcome: string | null;
  acceptedOn: string | null;
  concludedOn: string | null;
  /** Their role while still on the case; null once their assignment ended. */
  currentRole: string | null;
}

const SUCCESS = new Set(["agreement", "awaiting_confirmation", "confirmed", "performed"]);

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** Cases still open with the mediator on them: the page lists them (the visible ones). */
export const openCases = (cases: RecordCase[]) =>
  cases.filter((c) => c.currentRole && OPEN_STATUSES.includes(c.status) && c.status !== "terminated");

/**
 * The record from the mediator's cases, which of the open ones the viewer may see, and the
 * follow-up ratings on their cases. Pure: an outcome not yet written counts as success once the
 * case reached an agreement, as the statistics count it.
 */
export function trackRecord(
  cases: RecordCase[],
  visible: ReadonlySet<number>,
  ratings: { satisfied: number; basically: number; dissatisfied: number },
): MediatorRecord {
  const open = openCases(cases);
  const byType = new Map<string, MediatorRecord["byType"][number] & { daysSum: number; daysN: number }>();
  let daysSum = 0;
  let daysN = 0;
  for (const c of cases) {
    const e = byType.get(c.typeCode) ?? {
      typeCode: c.typeCode,
      typeName: c.typeName,
      total: 0,
      concluded: 0,
      successful: 0,
      failed: 0,
      successRate: null,
      avgDays: null,
      daysSum: 0,
      daysN: 0,
    };
    e.total++;
    const ok = c.outcome === "success" || (c.outcome === null && SUCCESS.has(c.status));
    const failed = c.outcome === "failure";
    if (ok) e.successful++;
    if (failed) e.failed++;
    if (ok || failed) {
      e.concluded++;
      if (c.acceptedOn && c.concludedOn) {
        const d = days(c.acceptedOn, c.concludedOn);
        e.daysSum += d;
        e.daysN++;
        daysSum += d;
        daysN++;
      }
    }
    byType.set(c.typeCode, e);
  }
  const { satisfied, basically, dissatisfied } = ratings;
  const total = satisfied + basically + dissatisfied;
  const rows = [...byType.values()].map(({ daysSum: s, daysN: n, ...e }) => ({
    ...e,
    successRate: e.concluded ? e.successful / e.concluded : null,
    avgDays: n ? Math.round((s / n) * 10) / 10 : null,
  }));
  return {
    currentCases: open
      .filter((c) => visible.has(c.id))
      .map((c) => ({
        id: c.id,
        number: c.number,
        typeName: c.typeName,
        status: c.status,
        statusLabel: STATUS_LABELS[c.status],
        role: String(c.currentRole),
      })),
    hiddenCurrent: open.filter((c) => !visible.has(c.id)).length,
    byType: rows,
    concluded: rows.reduce((s, r) => s + r.concluded, 0),
    successful: rows.reduce((s, r) => s + r.successful, 0),
    avgDays: daysN ? Math.round((daysSum / daysN) * 10) / 10 : null,
    satisfaction: {
      satisfied,
      basically,
      dissatisfied,
      total,
      rate: total ? (satisfied + basically) / total : null,
    },
  };
}
