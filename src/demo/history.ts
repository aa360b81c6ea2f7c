import type { Knex } from "knex";
import { beijingDate, MEDIATION_MONTHS, periodEndMonths } from "../cases/periods.js";
import { nextCaseNumber } from "../cases/numbers.js";
import { nameInitials } from "../cases/initials.js";
import { writeCaseEvent } from "../cases/events.js";
import { reindexCases } from "../cases/search-index.js";
import type { Clock } from "../clock.js";
import { addDays } from "../reports/periods.js";

/**
 * Two years of past disputes for the demo county, so the desks and the statistics have something
 * to show: registered, accepted, mediated, agreed or terminated, performed, confirmed, visited and
 * closed, a few resolved on the spot or declined, a few still open (some overdue). Deterministic
 * for a given day. Called by `npm start` and `npm run seed:demo` right after the demo county is
 * loaded into an empty database; never by the tests, which start with no cases.
 */
export const HISTORY_CASES = 640;

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted.at(-1)![0];
}

const SOURCES: [string, number][] = [
  ["application", 40],
  ["initiative", 18],
  ["grid_report", 16],
  ["hotline", 8],
  ["court_referral", 5],
  ["police_referral", 7],
  ["petition", 6],
];
const TYPES: [string, number][] = [
  ["neighbourhood", 26],
  ["marriage_family", 20],
  ["housing_homestead", 11],
  ["damages", 9],
  ["contract", 7],
  ["forest_land", 6],
  ["labour", 5],
  ["property_management", 4],
  ["consumer", 4],
  ["production_business", 3],
  ["land_requisition", 2],
  ["environment", 1],
  ["medical", 1],
  ["other", 1],
];
const SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗谭易彭谢".split("");
const GIVEN = [
  "建国",
  "秀英",
  "桂兰",
  "国富",
  "德明",
  "志强",
  "丽华",
  "春生",
  "冬梅",
  "小军",
  "玉珍",
  "长庚",
  "立新",
  "海燕",
  "红霞",
];

const SUMMARIES: Record<string, string> = {
  neighbourhood: "两家因宅旁排水沟、通行道路发生争执，申请人要求对方恢复原状并赔偿损失。",
  marriage_family: "夫妻因家庭琐事及赡养老人问题发生矛盾，双方要求调解。",
  housing_homestead: "相邻两户对宅基地界址有争议，一方建房时占用了另一方的地基。",
  damages: "一方饲养的家禽损毁了另一方的菜地，双方就赔偿数额发生争执。",
  contract: "双方因农资买卖合同的货款支付发生纠纷。",
  forest_land: "两组村民对山林边界有争议，涉及杉木林约二十亩。",
  labour: "务工人员与包工头就拖欠工资发生纠纷。",
  property_management: "业主与物业服务企业就物业费和维修责任发生争执。",
  consumer: "消费者与商户就所购电器质量问题发生纠纷。",
  production_business: "合伙养殖户就分红比例发生争执。",
  land_requisition: "村民对征地补偿款分配方案有异议。",
  environment: "养殖场排污影响周边农田，村民要求赔偿。",
  medical: "患者家属与村卫生室就诊疗过程发生争执。",
  other: "其他民间纠纷。",
  road_traffic: "两车在乡道会车时发生碰撞，双方就责任划分和赔偿发生争执。",
};

interface Org {
  id: number;
  key: string;
  numberPrefix: string;
  places: string[];
  mediators: { id: number; kind: string }[];
}

const idOf = (row: unknown) =>
  Number(typeof row === "object" && row !== null ? (row as { id: number }).id : row);

/** Adds the past disputes. Returns false (and does nothing) when there are cases already. */
export async function seedDemoHistory(knex: Knex, clock: Clock, count = HISTORY_CASES): Promise<boolean> {
  const today = beijingDate(clock.now());
  return knex.transaction(async (trx) => {
    const existing = await trx("cases").count({ n: "*" }).first();
    if (Number(existing?.n ?? 0) > 0) return false;
    const orgRow = async (name: string) => trx("organisations").where({ name }).first();
    const clerk = await trx("users").where({ username: "clerk" }).first();
    const court = await trx("organisations").where({ kind: "court" }).first();
    if (!clerk || !court) return false;
    const orgs: Org[] = [];
    for (const [key, name, places] of [
      ["beizhou", "北洲村人民调解委员会", ["430212101201", "430212101201001", "430212101201002"]],
      ["zhouping", "洲坪村人民调解委员会", ["430212101202", "430212101202001"]],
      ["nanzhou", "南洲镇人民调解委员会", ["430212101201", "430212101202"]],
      ["traffic", "渌口区道路交通事故纠纷人民调解委员会", ["430212100001", "430212101201", "430212101202"]],
    ] as const) {
      const o = await orgRow(name);
      if (!o) return false;
      const mediators = (await trx("mediators")
        .where({ organisation_id: o.id, active: true })
        .select("id", "kind")) as {
        id: number;
        kind: string;
      }[];
      orgs.push({
        id: Number(o.id),
        key,
        numberPrefix: String(o.number_prefix),
        places: [...places],
        mediators,
      });
    }
    const byKey = (k: string) => orgs.find((o) => o.key === k)!;
    const r = rng(Number(today.replace(/-/g, "")));
    const span = 730;
    const at = (day: string, hour = 2) =>
      `${day}T${String(hour).padStart(2, "0")}:${String(Math.floor(r() * 60)).padStart(2, "0")}:00.000Z`;
    const min = (a: string, b: string) => (a < b ? a : b);
    // Indexed for search once, after the loop, in this transaction.
    const caseIds: number[] = [];

    for (let i = 0; i < count; i++) {
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
        created_by: clerk.id,
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
            if (closed < today)
              Object.assign(row, { status: "closed", outcome: "failure", closed_on: closed });
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
      const issued = await nextCaseNumber(
        trx,
        { id: org.id, numberPrefix: org.numberPrefix },
        Number(registered.slice(0, 4)),
      );
      const [created] = await trx("cases")
        .insert({ ...row, number: issued.number })
        .returning("id");
      const caseId = idOf(created);
      await issued.record(caseId);
      caseIds.push(caseId);
      const partyIds: number[] = [];
      for (const [position, side] of (["applicant", "respondent"] as const).entries()) {
        const name = SURNAMES[Math.floor(r() * SURNAMES.length)]! + GIVEN[Math.floor(r() * GIVEN.length)]!;
        const [p] = await trx("parties")
          .insert({
            case_id: caseId,
            position,
            side,
            kind: "person",
            name,
            name_initials: nameInitials(name),
            consent: row.accepted_on ? "yes" : null,
          })
          .returning("id");
        partyIds.push(idOf(p));
      }
      if (lead && row.accepted_on) {
        await trx("case_assignments").insert({
          case_id: caseId,
          mediator_id: lead.id,
          role: "lead",
          parties_consented: false,
          assigned_by: clerk.id,
          assigned_at: at(String(row.accepted_on), 3),
        });
      }
      if (agreement) {
        const [a] = await trx("agreements")
          .insert({
            case_id: caseId,
            form: "written",
            terms: "被申请人按期履行协议约定的义务。",
            effective_on: agreement.effective,
            mediator_signed_on: agreement.effective,
            sealed_on: agreement.effective,
            copies: 3,
            status: "effective",
            created_by: clerk.id,
            created_at: at(agreement.effective, 6),
          })
          .returning("id");
        const agreementId = idOf(a);
        for (const [idx, o] of agreement.obligations.entries()) {
          await trx("obligations").insert({
            agreement_id: agreementId,
            case_id: caseId,
            idx,
            obligor_party_id: partyIds[1],
            obligee_party_id: partyIds[0],
            content: o.fen ? `支付赔偿款第 ${idx + 1} 期` : "履行协议约定事项",
            amount_fen: o.fen,
            due_on: o.due,
            performed_on: o.performed,
          });
        }
        for (const c of confirmations) {
          await trx("confirmations").insert({
            ...c,
            case_id: caseId,
            agreement_id: agreementId,
            court_id: court.id,
            applicant_party_ids_json: JSON.stringify(partyIds),
            materials_json: JSON.stringify(["application", "agreement", "identity", "service_addresses"]),
            version: 1,
            created_at: at(String(c.applied_on), 3),
          });
        }
      }
      for (const f of followUps) {
        await trx("follow_ups").insert({
          ...f,
          case_id: caseId,
          recorded_by: clerk.id,
          created_at: at(String(f.visited_on), 7),
        });
      }
      for (const e of events) {
        await writeCaseEvent(trx, {
          caseId,
          actorUserId: clerk.id,
          action: e.action,
          fromStatus: e.from as never,
          toStatus: e.to as never,
          summary: e.summary,
          at: at(e.day, 4),
        });
      }
    }
    await reindexCases(trx, caseIds);
    return true;
  });
}
