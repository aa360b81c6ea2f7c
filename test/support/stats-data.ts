import type { Knex } from "knex";
import { reindexCases } from "../../src/cases/search-index.js";

/**
 * A hand-made set of fourteen cases in the demo county, inserted row by row, where every figure
 * the statistics show is known and written down in test/integration/stats.test.ts. Today is
 * Monday 23 November 2026. Each case says in one line what it is there to test.
 */
export const STATS_TODAY = "2026-11-23";
export const STATS_NOW = new Date("2026-11-23T02:00:00Z");

export const PLACES = {
  beizhou: "430212101201",
  beizhouGroup1: "430212101201001",
  zhouping: "430212101202",
  lukouCommunity: "430212100001",
} as const;

interface Obligation {
  due: string;
  performed?: string;
  fen?: number;
}

interface CaseSpec {
  key: string;
  org: "beizhou" | "zhouping" | "nanzhou" | "traffic";
  region: string;
  type: string;
  source: string;
  status: string;
  outcome?: string;
  registered: string;
  accepted?: string;
  due?: string;
  concluded?: string;
  closed?: string;
  /** Mediator names: the first is the active lead; `endedLead` was the lead before. */
  lead?: string;
  endedLead?: string;
  coMediator?: string;
  /** The agreement in force, with its obligations. */
  obligations?: Obligation[];
  /** An earlier agreement, superseded: its obligations must not count. */
  superseded?: Obligation[];
  confirmations?: { applied: string; decided?: string; outcome?: "confirmed" | "rejected" }[];
  followUps?: { visited: string; satisfaction: "satisfied" | "basically" | "dissatisfied" }[];
  criminal?: number;
  petition?: number;
}

export const STATS_CASES: CaseSpec[] = [
  // C1 performed agreement with two paid instalments (one paid late), a satisfied follow-up.
  {
    key: "C1",
    org: "beizhou",
    region: PLACES.beizhou,
    type: "neighbourhood",
    source: "application",
    status: "performed",
    registered: "2026-03-02",
    accepted: "2026-03-03",
    due: "2026-04-03",
    concluded: "2026-03-20",
    lead: "王德明",
    obligations: [
      { due: "2026-04-01", performed: "2026-03-30", fen: 80000 },
      { due: "2026-05-01", performed: "2026-05-02", fen: 50000 },
    ],
    superseded: [{ due: "2026-04-30", fen: 999900 }],
    followUps: [{ visited: "2026-05-10", satisfaction: "satisfied" }],
  },
  // C2 in a villager group; confirmed by the court, performed, closed as a success; an ended lead.
  {
    key: "C2",
    org: "beizhou",
    region: PLACES.beizhouGroup1,
    type: "marriage_family",
    source: "initiative",
    status: "closed",
    outcome: "success",
    registered: "2026-03-10",
    accepted: "2026-03-10",
    due: "2026-04-10",
    concluded: "2026-04-15",
    closed: "2026-06-02",
    lead: "刘长庚",
    endedLead: "王德明",
    obligations: [{ due: "2026-05-15", performed: "2026-05-15" }],
    confirmations: [{ applied: "2026-04-20", decided: "2026-05-06", outcome: "confirmed" }],
    followUps: [{ visited: "2026-06-01", satisfaction: "basically" }],
  },
  // C3 terminated: concluded, not successful.
  {
    key: "C3",
    org: "beizhou",
    region: PLACES.beizhou,
    type: "housing_homestead",
    source: "grid_report",
    status: "terminated",
    outcome: "failure",
    registered: "2026-06-01",
    accepted: "2026-06-02",
    due: "2026-07-02",
    concluded: "2026-06-30",
    lead: "周桂兰",
  },
  // C4 resolved on the spot, which prevented a criminal case involving 3 people.
  {
    key: "C4",
    org: "beizhou",
    region: PLACES.beizhou,
    type: "neighbourhood",
    source: "application",
    status: "closed",
    outcome: "prevented",
    registered: "2026-06-05",
    concluded: "2026-06-05",
    closed: "2026-06-05",
    criminal: 3,
  },
  // C5 declined: found, never accepted or concluded.
  {
    key: "C5",
    org: "beizhou",
    region: PLACES.beizhou,
    type: "contract",
    source: "application",
    status: "declined",
    outcome: "declined",
    registered: "2026-07-01",
    concluded: "2026-07-02",
    closed: "2026-07-02",
  },
  // C6 in mediation past its deadline (21 Nov): overdue now.
  {
    key: "C6",
    org: "beizhou",
    region: PLACES.beizhou,
    type: "neighbourhood",
    source: "application",
    status: "in_mediation",
    registered: "2026-10-20",
    accepted: "2026-10-21",
    due: "2026-11-21",
    lead: "王德明",
  },
  // C7 agreement awaiting the court, its obligation due next month: not yet due.
  {
    key: "C7",
    org: "zhouping",
    region: PLACES.zhouping,
    type: "forest_land",
    source: "petition",
    status: "awaiting_confirmation",
    registered: "2026-09-01",
    accepted: "2026-09-02",
    due: "2026-10-09",
    concluded: "2026-09-12",
    lead: "谭国富",
    obligations: [{ due: "2026-12-31", fen: 300000 }],
    confirmations: [{ applied: "2026-09-20" }],
  },
  // C8 accepted, deadline next month, nobody assigned yet.
  {
    key: "C8",
    org: "zhouping",
    region: PLACES.zhouping,
    type: "neighbourhood",
    source: "initiative",
    status: "accepted",
    registered: "2026-11-02",
    accepted: "2026-11-03",
    due: "2026-12-03",
  },
  // C9 the township committee's case in 洲坪村: the court rejected the agreement and it was closed
  // as a failure, having prevented a group petition of 40 people. Its obligations do not count.
  {
    key: "C9",
    org: "nanzhou",
    region: PLACES.zhouping,
    type: "land_requisition",
    source: "petition",
    status: "closed",
    outcome: "failure",
    registered: "2026-02-01",
    accepted: "2026-02-02",
    due: "2026-03-02",
    concluded: "2026-03-01",
    closed: "2026-03-25",
    lead: "易建华",
    obligations: [{ due: "2026-04-01", fen: 1000000 }],
    confirmations: [{ applied: "2026-03-05", decided: "2026-03-20", outcome: "rejected" }],
    petition: 40,
  },
  // C10 registered and accepted last December, concluded in January, confirmed; one instalment
  // unpaid and overdue, one due after today; a dissatisfied follow-up.
  {
    key: "C10",
    org: "traffic",
    region: PLACES.lukouCommunity,
    type: "road_traffic",
    source: "police_referral",
    status: "confirmed",
    registered: "2025-12-20",
    accepted: "2025-12-22",
    due: "2026-01-22",
    concluded: "2026-01-10",
    lead: "黄立新",
    obligations: [
      { due: "2026-02-10", fen: 2000000 },
      { due: "2026-11-30", fen: 500000 },
    ],
    confirmations: [{ applied: "2026-01-12", decided: "2026-01-26", outcome: "confirmed" }],
    followUps: [{ visited: "2026-02-15", satisfaction: "dissatisfied" }],
  },
  // C11 all of it in 2025 except a follow-up in January 2026.
  {
    key: "C11",
    org: "traffic",
    region: PLACES.lukouCommunity,
    type: "road_traffic",
    source: "court_referral",
    status: "performed",
    registered: "2025-11-05",
    accepted: "2025-11-06",
    due: "2025-12-08",
    concluded: "2025-11-20",
    lead: "黄立新",
    obligations: [{ due: "2025-11-30", performed: "2025-11-29", fen: 100000 }],
    followUps: [{ visited: "2026-01-05", satisfaction: "satisfied" }],
  },
  // C12 registered last year, accepted in January, still in mediation long past its deadline.
  {
    key: "C12",
    org: "beizhou",
    region: PLACES.beizhou,
    type: "neighbourhood",
    source: "application",
    status: "in_mediation",
    registered: "2025-12-28",
    accepted: "2026-01-04",
    due: "2026-02-04",
    lead: "王德明",
  },
  // C13 registered, not yet triaged.
  {
    key: "C13",
    org: "zhouping",
    region: PLACES.zhouping,
    type: "consumer",
    source: "hotline",
    status: "intake",
    registered: "2026-08-15",
  },
  // C14 an oral agreement the day it was accepted (0 days), lead changed from a 五老 to staff.
  {
    key: "C14",
    org: "beizhou",
    region: PLACES.beizhou,
    type: "damages",
    source: "application",
    status: "agreement",
    registered: "2026-04-01",
    accepted: "2026-04-01",
    due: "2026-05-06",
    concluded: "2026-04-01",
    lead: "王德明",
    endedLead: "刘长庚",
    obligations: [{ due: "2026-04-10", performed: "2026-04-09", fen: 20000 }],
  },
];

const ORG_NAMES = {
  beizhou: "北洲村人民调解委员会",
  zhouping: "洲坪村人民调解委员会",
  nanzhou: "南洲镇人民调解委员会",
  traffic: "渌口区道路交通事故纠纷人民调解委员会",
};

const idOf = (row: unknown) =>
  Number(typeof row === "object" && row !== null ? (row as { id: number }).id : row);

/** Inserts the fourteen cases; returns their ids by key. */
export async function seedStatsDataset(knex: Knex): Promise<Map<string, number>> {
  const orgs = new Map<string, number>();
  for (const [key, name] of Object.entries(ORG_NAMES)) {
    orgs.set(key, Number((await knex("organisations").where({ name }).first()).id));
  }
  const court = Number((await knex("organisations").where({ kind: "court" }).first()).id);
  const clerk = Number((await knex("users").where({ username: "clerk" }).first()).id);
  const mediator = async (name: string) => Number((await knex("mediators").where({ name }).first()).id);
  const at = (day: string) => `${day}T02:00:00.000Z`;
  const ids = new Map<string, number>();
  let n = 0;
  for (const c of STATS_CASES) {
    n += 1;
    const [row] = await knex("cases")
      .insert({
        number: `（${c.registered.slice(0, 4)}）统计测字第${n}号`,
        organisation_id: orgs.get(c.org),
        status: c.status,
        outcome: c.outcome ?? null,
        source: c.source,
        type_code: c.type,
        summary: `统计测试案件 ${c.key}`,
        region_code: c.region,
        registered_on: c.registered,
        accepted_on: c.accepted ?? null,
        mediation_due_on: c.due ?? null,
        concluded_on: c.concluded ?? null,
        closed_on: c.closed ?? null,
        prevented_criminal: c.criminal !== undefined,
        prevented_criminal_people: c.criminal ?? null,
        prevented_petition: c.petition !== undefined,
        prevented_petition_people: c.petition ?? null,
        created_by: clerk,
        version: 1,
        created_at: at(c.registered),
        updated_at: at(c.registered),
      })
      .returning("id");
    const id = idOf(row);
    ids.set(c.key, id);
    const parties: number[] = [];
    for (const [position, side] of (["applicant", "respondent"] as const).entries()) {
      const [p] = await knex("parties")
        .insert({
          case_id: id,
          position,
          side,
          kind: "person",
          name: `${c.key}当事人${position + 1}`,
          name_initials: "",
        })
        .returning("id");
      parties.push(idOf(p));
    }
    if (c.endedLead) {
      await knex("case_assignments").insert({
        case_id: id,
        mediator_id: await mediator(c.endedLead),
        role: "lead",
        parties_consented: false,
        assigned_by: clerk,
        assigned_at: at(c.accepted!),
        ended_at: at(c.accepted!),
        end_reason: "重新指派",
      });
    }
    if (c.lead) {
      await knex("case_assignments").insert({
        case_id: id,
        mediator_id: await mediator(c.lead),
        role: "lead",
        parties_consented: false,
        assigned_by: clerk,
        assigned_at: at(c.accepted!),
      });
    }
    if (c.coMediator) {
      await knex("case_assignments").insert({
        case_id: id,
        mediator_id: await mediator(c.coMediator),
        role: "co",
        parties_consented: false,
        assigned_by: clerk,
        assigned_at: at(c.accepted!),
      });
    }
    let agreementId: number | null = null;
    for (const [status, obligations] of [
      ["superseded", c.superseded],
      ["effective", c.obligations],
    ] as const) {
      if (!obligations) continue;
      const [a] = await knex("agreements")
        .insert({
          case_id: id,
          form: "written",
          terms: `${c.key} 协议`,
          effective_on: c.concluded!,
          status,
          created_by: clerk,
          created_at: at(c.concluded!),
        })
        .returning("id");
      agreementId = idOf(a);
      for (const [idx, o] of obligations.entries()) {
        await knex("obligations").insert({
          agreement_id: agreementId,
          case_id: id,
          idx,
          obligor_party_id: parties[1],
          obligee_party_id: parties[0],
          content: `第 ${idx + 1} 项`,
          amount_fen: o.fen ?? null,
          due_on: o.due,
          performed_on: o.performed ?? null,
        });
      }
    }
    for (const f of c.confirmations ?? []) {
      await knex("confirmations").insert({
        case_id: id,
        agreement_id: agreementId,
        court_id: court,
        applied_on: f.applied,
        window_ends_on: f.applied,
        applicant_party_ids_json: JSON.stringify(parties),
        materials_json: "[]",
        status: f.decided ? "decided" : "pending",
        decided_on: f.decided ?? null,
        outcome: f.outcome ?? null,
        version: 1,
        created_at: at(f.applied),
      });
    }
    for (const f of c.followUps ?? []) {
      await knex("follow_ups").insert({
        case_id: id,
        visited_on: f.visited,
        method: "visit",
        performed: "yes",
        satisfaction: f.satisfaction,
        recorded_by: clerk,
        created_at: at(f.visited),
      });
    }
  }
  // Written row by row like the application would, so indexed for search like its cases too.
  await reindexCases(knex, [...ids.values()]);
  return ids;
}
