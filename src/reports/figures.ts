/**
 * The statistics the justice bureaus watch, defined once. Everything else (the maintained
 * aggregates, the API, the page, the charts and the exports) sums what `caseFacts` says a case
 * counts for and derives the rates with `figures`; src/reports/README.md explains each choice.
 *
 * A case counts for each figure on one day, that figure's own date: a dispute registered in
 * March and concluded in April is "found" in March and "concluded" in April. A period's figure is
 * the sum over the days of the period.
 */
import { nextDeadline } from "../cases/overdue.js";

/** What one case contributes, per day. Column names of stats_facts and stats_monthly. */
export const MEASURES = [
  "found",
  "prevented",
  "accepted",
  "concluded",
  "successful",
  "days_sum",
  "agreed_fen",
  "open_due",
  "conf_applied",
  "conf_confirmed",
  "conf_rejected",
  "oblig_due",
  "oblig_performed",
  "follow_ups",
  "satisfied",
  "criminal_cases",
  "criminal_people",
  "petition_cases",
  "petition_people",
  "ratings",
  "rated_satisfied",
] as const;
export type Measure = (typeof MEASURES)[number];
export type Measures = Record<Measure, number>;

export function zeroMeasures(): Measures {
  return Object.fromEntries(MEASURES.map((m) => [m, 0])) as Measures;
}

export function addMeasures(into: Measures, from: Measures, sign = 1): Measures {
  for (const m of MEASURES) into[m] += sign * from[m];
  return into;
}

/** Statuses in which the agreement reached stands (a closed case counts when closed as a success). */
export const AGREEMENT_STANDS = ["agreement", "awaiting_confirmation", "confirmed", "performed"] as const;
/** Mediation is under way: the one-month target (GD33) is running. */
export const MEDIATING = ["accepted", "in_mediation"] as const;
/** Follow-up answers that count as satisfied. */
export const SATISFIED = ["satisfied", "basically"] as const;
/** A party's own rating (src/ratings/) that counts as satisfied: 满意 or 基本满意. */
export const RATED_SATISFIED = ["satisfied", "basically_satisfied"] as const;
/** The case has no active lead mediator. */
export const NO_MEDIATOR = "none";

/** A case as the statistics read it: its row, its active lead mediator's kind, and its children. */
export interface CaseSnapshot {
  id: number;
  organisationId: number;
  regionCode: string;
  typeCode: string;
  source: string;
  status: string;
  outcome: string | null;
  registeredOn: string;
  acceptedOn: string | null;
  concludedOn: string | null;
  closedOn: string | null;
  mediationDueOn: string | null;
  preventedCriminal: boolean;
  preventedCriminalPeople: number | null;
  preventedPetition: boolean;
  preventedPetitionPeople: number | null;
  /** Kind of the active lead mediator (case_assignments role lead, not ended); null if none. */
  leadMediatorKind: string | null;
  /** Obligations of the case's effective agreement. */
  obligations: { dueOn: string; performedOn: string | null; amountFen: number | null }[];
  confirmations: { appliedOn: string; decidedOn: string | null; outcome: string | null }[];
  followUps: { visitedOn: string; satisfaction: string }[];
  /** The parties' own ratings (群众评单), on the Beijing day they were given. */
  ratings: { ratedOn: string; satisfaction: string }[];
}

export interface Fact {
  caseId: number;
  day: string;
  organisationId: number;
  regionCode: string;
  typeCode: string;
  source: string;
  mediatorKind: string;
  m: Measures;
}

/** Days from one ISO date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Mediation concluded: accepted, then an agreement took effect or mediation was terminated. */
export function isConcluded(s: Pick<CaseSnapshot, "acceptedOn" | "concludedOn">): boolean {
  return s.acceptedOn !== null && s.concludedOn !== null;
}

/** Concluded with an agreement that stands. */
export function isSuccessful(
  s: Pick<CaseSnapshot, "acceptedOn" | "concludedOn" | "status" | "outcome">,
): boolean {
  return (
    isConcluded(s) &&
    ((AGREEMENT_STANDS as readonly string[]).includes(s.status) ||
      (s.status === "closed" && s.outcome === "success"))
  );
}

/** What a case counts for, and on which day. The single definition of every figure. */
export function caseFacts(s: CaseSnapshot): Fact[] {
  const byDay = new Map<string, Measures>();
  const add = (day: string | null, measure: Measure, value = 1) => {
    if (!day || value === 0) return;
    let m = byDay.get(day);
    if (!m) byDay.set(day, (m = zeroMeasures()));
    m[measure] += value;
  };

  // Found: every dispute registered. Prevented: of those, the ones resolved on the spot.
  add(s.registeredOn, "found");
  if (s.outcome === "prevented") add(s.registeredOn, "prevented");
  // Accepted: on the day of acceptance.
  add(s.acceptedOn, "accepted");
  // Concluded (agreement took effect, or mediation terminated) and successful, on concluded_on.
  if (isConcluded(s)) {
    add(s.concludedOn, "concluded");
    add(s.concludedOn, "days_sum", daysBetween(s.acceptedOn!, s.concludedOn!));
    if (isSuccessful(s)) {
      add(s.concludedOn, "successful");
      add(
        s.concludedOn,
        "agreed_fen",
        s.obligations.reduce((sum, o) => sum + (o.amountFen ?? 0), 0),
      );
      // The obligations of an agreement that stands, on their due date; performed ones also count
      // as performed on that due date (late performance counts as performance).
      for (const o of s.obligations) {
        add(o.dueOn, "oblig_due");
        if (o.performedOn) add(o.dueOn, "oblig_performed");
      }
    }
  }
  // Overdue (当前逾期) once the deadline the case waits on is before today: one definition with
  // the case list and the desks (src/cases/overdue.ts), the mediation deadline or the earliest
  // unperformed obligation.
  const unperformed = s.obligations.filter((o) => !o.performedOn).map((o) => o.dueOn);
  const deadline = nextDeadline({
    status: s.status,
    mediationDueOn: s.mediationDueOn,
    obligationDue: unperformed.length ? unperformed.reduce((a, b) => (b < a ? b : a)) : null,
  });
  if (deadline) add(deadline.due, "open_due");
  // Judicial confirmation: applications on the day applied, rulings on the day decided.
  for (const c of s.confirmations) {
    add(c.appliedOn, "conf_applied");
    if (c.decidedOn && c.outcome === "confirmed") add(c.decidedOn, "conf_confirmed");
    if (c.decidedOn && c.outcome === "rejected") add(c.decidedOn, "conf_rejected");
  }
  // Follow-up visits, each on its day.
  for (const f of s.followUps) {
    add(f.visitedOn, "follow_ups");
    if ((SATISFIED as readonly string[]).includes(f.satisfaction)) add(f.visitedOn, "satisfied");
  }
  // The parties' own ratings, each on its day; pooled with the follow-ups in satisfactionRate.
  for (const r of s.ratings) {
    add(r.ratedOn, "ratings");
    if ((RATED_SATISFIED as readonly string[]).includes(r.satisfaction)) add(r.ratedOn, "rated_satisfied");
  }
  // Prevented escalations, recorded when the case was closed (on the spot or at closure).
  if (s.status === "closed" && s.closedOn) {
    if (s.preventedCriminal) {
      add(s.closedOn, "criminal_cases");
      add(s.closedOn, "criminal_people", s.preventedCriminalPeople ?? 0);
    }
    if (s.preventedPetition) {
      add(s.closedOn, "petition_cases");
      add(s.closedOn, "petition_people", s.preventedPetitionPeople ?? 0);
    }
  }

  return [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, m]) => ({
      caseId: s.id,
      day,
      organisationId: s.organisationId,
      regionCode: s.regionCode,
      typeCode: s.typeCode,
      source: s.source,
      mediatorKind: s.leadMediatorKind ?? NO_MEDIATOR,
      m,
    }));
}

/* ------------------------------------------------------------------ figures from sums */

/** The sums a set of cases adds up to, plus the counts that need "today" or the committee kind. */
export interface Sums {
  /** Period measures summed over the period (obligations only up to today). */
  period: Measures;
  /** Concluded by village (community) committees, in the period. */
  villageConcluded: number;
  /** Mediation under way whose deadline is before today, whatever the period. */
  overdue: number;
  /** Days to conclude of the cases concluded in the period: days → number of cases. */
  days: Map<number, number>;
}

export function emptySums(): Sums {
  return { period: zeroMeasures(), villageConcluded: 0, overdue: 0, days: new Map() };
}

export function addSums(into: Sums, from: Sums): Sums {
  addMeasures(into.period, from.period);
  into.villageConcluded += from.villageConcluded;
  into.overdue += from.overdue;
  for (const [d, n] of from.days) into.days.set(d, (into.days.get(d) ?? 0) + n);
  return into;
}

/** The figures of the API (`GET /api/v1/stats`), the page and the exports. */
export interface Figures {
  found: number;
  prevented: number;
  accepted: number;
  concluded: number;
  successful: number;
  successRate: number | null;
  conclusionRate: number | null;
  villageConcluded: number;
  villageShare: number | null;
  daysToConcludeTotal: number;
  avgDaysToConclude: number | null;
  medianDaysToConclude: number | null;
  overdue: number;
  confirmationsApplied: number;
  confirmed: number;
  rejected: number;
  obligationsDue: number;
  obligationsPerformed: number;
  performanceRate: number | null;
  followUps: number;
  satisfiedFollowUps: number;
  ratings: number;
  satisfiedRatings: number;
  satisfactionAnswers: number;
  satisfiedAnswers: number;
  satisfactionRate: number | null;
  amountAgreedFen: number;
  preventedCriminalCases: number;
  preventedCriminalPeople: number;
  preventedPetitionCases: number;
  preventedPetitionPeople: number;
}

/** A rate with no denominator is not 0 and not 100 %: it is unknown (null, shown "—"). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** The middle value (the mean of the two middle values for an even count); null for none. */
export function median(hist: Map<number, number>): number | null {
  const total = [...hist.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const sorted = [...hist.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const nth = (k: number) => {
    let seen = 0;
    for (const [d, n] of sorted) {
      seen += n;
      if (seen >= k) return d;
    }
    return sorted.at(-1)![0];
  };
  return total % 2 === 1 ? nth((total + 1) / 2) : (nth(total / 2) + nth(total / 2 + 1)) / 2;
}

export function figures(s: Sums): Figures {
  const p = s.period;
  return {
    found: p.found,
    prevented: p.prevented,
    accepted: p.accepted,
    concluded: p.concluded,
    successful: p.successful,
    successRate: ratio(p.successful, p.concluded),
    conclusionRate: ratio(p.concluded, p.accepted),
    villageConcluded: s.villageConcluded,
    villageShare: ratio(s.villageConcluded, p.concluded),
    daysToConcludeTotal: p.days_sum,
    avgDaysToConclude: ratio(p.days_sum, p.concluded),
    medianDaysToConclude: median(s.days),
    overdue: s.overdue,
    confirmationsApplied: p.conf_applied,
    confirmed: p.conf_confirmed,
    rejected: p.conf_rejected,
    obligationsDue: p.oblig_due,
    obligationsPerformed: p.oblig_performed,
    performanceRate: ratio(p.oblig_performed, p.oblig_due),
    followUps: p.follow_ups,
    satisfiedFollowUps: p.satisfied,
    ratings: p.ratings,
    satisfiedRatings: p.rated_satisfied,
    // Every answer pooled: each follow-up visit's and each party's own rating (README).
    satisfactionAnswers: p.follow_ups + p.ratings,
    satisfiedAnswers: p.satisfied + p.rated_satisfied,
    satisfactionRate: ratio(p.satisfied + p.rated_satisfied, p.follow_ups + p.ratings),
    amountAgreedFen: p.agreed_fen,
    preventedCriminalCases: p.criminal_cases,
    preventedCriminalPeople: p.criminal_people,
    preventedPetitionCases: p.petition_cases,
    preventedPetitionPeople: p.petition_people,
  };
}
