import { MEDIATION_MONTHS, periodEndMonths } from "../cases/periods.js";
import { addDays } from "../shared/dates.js";
import { pick, SOURCES, SUMMARIES, TYPES } from "./history-vocabulary.js";

/** A committee the demo history files cases with: its places and active mediators. */
export interface Org {
  id: number;
  key: string;
  numberPrefix: string;
  places: string[];
  mediators: { id: number; kind: string }[];
}

export interface StoryEvent {
  action: string;
  from: string | null;
  to: string | null;
  summary: string;
  day: string;
}

/** One past dispute's life, decided before anything is written: the case row and what hangs off it. */
export interface Story {
  org: Org;
  registered: string;
  row: Record<string, unknown>;
  events: StoryEvent[];
  lead: { id: number; kind: string } | null;
  agreement: {
    effective: string;
    obligations: { due: string; performed: string | null; fen: number | null }[];
  } | null;
  confirmations: Record<string, unknown>[];
  followUps: Record<string, unknown>[];
}

export interface StoryContext {
  today: string;
  /** The seeded generator: every draw in the same order, so a day always gives the same county. */
  r: () => number;
  /** An instant on `day` at `hour` UTC, with a drawn minute. */
  at: (day: string, hour?: number) => string;
  byKey: (key: string) => Org;
  clerkId: number;
}

/**
 * Draws one dispute: registered within the last two years, then resolved on the spot, declined,
 * still at intake, or accepted and mediated to a termination or an agreement (performed,
 * confirmed by the court, visited, closed) as far as today allows.
 */
export function caseStory({ today, r, at, byKey, clerkId }: StoryContext): Story {
  const span = 730;
  const min = (a: string, b: string) => (a < b ? a : b);
  const registered = addDays(today, -Math.floor(Math.pow(r(), 0.85) * span) - 1);
  const traffic = r() < 0.1;
  const type = traffic ? "road_traffic" : pick(r, TYPES);
  const org = traffic
    ? byKey("traffic")
    : byKey(
        pick(r, [
          ["beizhou", 45],
          ["zhouping", 30],
          ["nanzhou", 25],
        ]),
      );
  const region = org.places[Math.floor(r() * org.places.length)]!;
  const source = traffic
    ? pick(r, [
        ["police_referral", 70],
        ["application", 20],
        ["court_referral", 10],
      ])
    : pick(r, SOURCES);
  const row: Record<string, unknown> = {
    organisation_id: org.id,
    source,
    type_code: type,
    summary: SUMMARIES[type],
    region_code: region,
    amount_fen: r() < 0.6 ? Math.round(500 + r() * 40000) * 100 : null,
    people_involved: 2 + Math.floor(r() * 4),
    risk_level: pick(r, [
      ["ordinary", 85],
      ["serious", 12],
      ["major", 3],
    ]),
    registered_on: registered,
    created_by: clerkId,
    version: 1,
    created_at: at(registered),
    updated_at: at(registered),
  };
  const events: {
    action: string;
    from: string | null;
    to: string | null;
    summary: string;
    day: string;
  }[] = [{ action: "intake", from: null, to: "intake", summary: "登记纠纷", day: registered }];
  const path = r();
  let lead: { id: number; kind: string } | null = null;
  let agreement: {
    effective: string;
    obligations: { due: string; performed: string | null; fen: number | null }[];
  } | null = null;
  const confirmations: Record<string, unknown>[] = [];
  const followUps: Record<string, unknown>[] = [];
  if (path < 0.08) {
    // Resolved on the spot; now and then a fight or a group visit was headed off.
    Object.assign(row, {
      status: "closed",
      outcome: "prevented",
      concluded_on: registered,
      closed_on: registered,
      conclusion_note: "调解员到场劝导，双方当场和解。",
      prevented_criminal: r() < 0.25,
      prevented_petition: r() < 0.1,
    });
    if (row.prevented_criminal) row.prevented_criminal_people = 2 + Math.floor(r() * 4);
    if (row.prevented_petition) row.prevented_petition_people = 8 + Math.floor(r() * 30);
    events.push({
      action: "resolve-on-spot",
      from: "intake",
      to: "closed",
      summary: "当场化解",
      day: registered,
    });
  } else if (path < 0.12) {
    const day = min(addDays(registered, 1), today);
    Object.assign(row, {
      status: "declined",
      outcome: "declined",
      concluded_on: day,
      closed_on: day,
      conclusion_note: "已由人民法院受理或处理",
      advice: "请向受理法院了解案件进展。",
    });
    events.push({
      action: "decline",
      from: "intake",
      to: "declined",
      summary: "不予受理：已由人民法院受理",
      day,
    });
  } else if (registered >= addDays(today, -2) && r() < 0.7) {
    row.status = "intake";
  } else {
    const accepted = min(addDays(registered, Math.floor(r() * 3)), today);
    const due = periodEndMonths(accepted, MEDIATION_MONTHS);
    lead = org.mediators[Math.floor(r() * org.mediators.length)] ?? null;
    Object.assign(row, { accepted_on: accepted, mediation_due_on: due, consent_notice_on: accepted });
    events.push({ action: "accept", from: "intake", to: "accepted", summary: "受理纠纷", day: accepted });
    const takes = r() < 0.06 ? 35 + Math.floor(r() * 25) : 2 + Math.floor(Math.pow(r(), 1.6) * 30);
    const concluded = addDays(accepted, takes);
    if (concluded >= today) {
      row.status = r() < 0.8 ? "in_mediation" : "accepted";
    } else if (r() < 0.12) {
      Object.assign(row, {
        status: "terminated",
        outcome: "failure",
        concluded_on: concluded,
        conclusion_note: "经调解不能达成协议",
        advice: "可向人民法院提起诉讼。",
      });
      events.push({
        action: "terminate",
        from: "in_mediation",
        to: "terminated",
        summary: "终止调解",
        day: concluded,
      });
      if (addDays(concluded, 7) < today) {
        Object.assign(row, { status: "closed", closed_on: addDays(concluded, 7) });
        events.push({
          action: "close",
          from: "terminated",
          to: "closed",
          summary: "结案（调解不成）",
          day: addDays(concluded, 7),
        });
      }
    } else {
      const instalments = r() < 0.35 ? 2 : 1;
      const total = row.amount_fen
        ? Math.round((Number(row.amount_fen) * (0.4 + r() * 0.5)) / 100) * 100
        : null;
      const obligations = Array.from({ length: instalments }, (_x, k) => {
        const dueOn = addDays(concluded, 10 + k * 30 + Math.floor(r() * 10));
        const performed =
          dueOn < today && r() < 0.9 ? min(addDays(dueOn, Math.floor(r() * 8) - 4), today) : null;
        return { due: dueOn, performed, fen: total === null ? null : Math.round(total / instalments) };
      });
      agreement = { effective: concluded, obligations };
      row.concluded_on = concluded;
      events.push({
        action: "record-agreement",
        from: "in_mediation",
        to: "agreement",
        summary: "达成调解协议",
        day: concluded,
      });
      let status = "agreement";
      if (r() < 0.18 && addDays(concluded, 5) < today) {
        const applied = addDays(concluded, 5);
        const decided = addDays(applied, 12);
        const done = decided < today;
        const outcome = done ? (r() < 0.94 ? "confirmed" : "rejected") : null;
        confirmations.push({
          applied_on: applied,
          window_ends_on: addDays(concluded, 30),
          status: done ? "decided" : "pending",
          decided_on: done ? decided : null,
          outcome,
        });
        status =
          outcome === "confirmed"
            ? "confirmed"
            : outcome === "rejected"
              ? "confirmation_rejected"
              : "awaiting_confirmation";
      }
      const allPerformed = obligations.every((o) => o.performed);
      if (allPerformed && (status === "agreement" || status === "confirmed")) status = "performed";
      const lastPerformed = obligations
        .map((o) => o.performed ?? "")
        .sort()
        .at(-1)!;
      if (status === "performed" && addDays(lastPerformed, 20) < today && r() < 0.8) {
        Object.assign(row, {
          status: "closed",
          outcome: "success",
          closed_on: addDays(lastPerformed, 20),
        });
        events.push({
          action: "close",
          from: "performed",
          to: "closed",
          summary: "结案（调解成功）",
          day: addDays(lastPerformed, 20),
        });
      } else if (status === "confirmation_rejected" && r() < 0.5) {
        const closed = addDays(String(confirmations[0]!.decided_on), 10);
        if (closed < today) Object.assign(row, { status: "closed", outcome: "failure", closed_on: closed });
        else row.status = status;
      } else {
        row.status = status;
      }
      if (r() < 0.6 && addDays(concluded, 25) < today) {
        followUps.push({
          visited_on: addDays(concluded, 25),
          method: pick(r, [
            ["visit", 50],
            ["phone", 45],
            ["video", 5],
          ]),
          performed: obligations.every((o) => o.performed)
            ? "yes"
            : obligations.some((o) => o.performed)
              ? "partly"
              : "no",
          satisfaction: pick(r, [
            ["satisfied", 72],
            ["basically", 23],
            ["dissatisfied", 5],
          ]),
        });
      }
    }
  }
  return { org, registered, row, events, lead, agreement, confirmations, followUps };
}
