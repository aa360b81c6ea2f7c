import type { Knex } from "knex";
import { nameInitials } from "../src/cases/initials.js";
import { rebuildCaseSearch } from "../src/cases/search-index.js";
import { formatCaseNumber } from "../src/cases/numbering.js";
import { formatCourtNumber } from "../src/confirmations/periods.js";
import { MEDIATION_MONTHS, periodEndMonths } from "../src/cases/periods.js";
import { isPostgres } from "../src/db/knex.js";
import { rebuildStats } from "../src/reports/refresh.js";
import { rebuildMediatorTallies } from "../src/mediators/tallies.js";
import { addDays } from "../src/shared/dates.js";
import { SOURCES, SUMMARIES, TYPES } from "../src/demo/history-vocabulary.js";

/**
 * A synthetic county for the benchmark: the demo county (src/demo/seed.ts) scaled up. It gains
 * townships and villages (one committee per village, one committee and justice office per
 * township), 5,000 mediators across them (village 五老, sages and staff, township staff, lawyers,
 * traffic experts, a studio, the bureau's expert pool) and N disputes over several years, with
 * parties, sessions, agreements and obligations, signatures, confirmations, follow-ups,
 * assignments and timelines, in the proportions and lifecycles of src/demo/history.ts.
 *
 * Rows are written with multi-row INSERTs and explicit ids, with the statistics triggers set
 * aside during the load; the search index is then built (rebuildCaseSearch), the statistics
 * recounted once (rebuildStats) and the planner's statistics refreshed. Deterministic for a given
 * seed and day.
 */
export interface SyntheticOptions {
  cases: number;
  mediators: number;
  today: string;
  seed?: number;
  log?: (line: string) => void;
}

export interface SyntheticSummary {
  cases: number;
  rows: Record<string, number>;
  committees: number;
  villages: number;
  years: number;
  seconds: { generate: number; search: number; stats: number; analyze: number };
}

type Row = Record<string, unknown>;

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

const SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗谭易彭谢邓曾肖田袁邹唐蒋龙钟廖文贺".split("");
const GIVEN =
  "建国 秀英 桂兰 国富 德明 志强 丽华 春生 冬梅 小军 玉珍 长庚 立新 海燕 红霞 永红 伟 芳 敏 静 磊 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚 桂英 文 辉 华 鹏 飞 金凤 满秀 水生 石头 福生 翠花".split(
    " ",
  );
const SYLLABLES = "龙凤朱淦古南北东西石竹松桃李杨柳花溪湾塘坪冲岭山河湖田家新安和平兴隆福寿长乐清泉".split(
  "",
);
const KIN = ["cadre", "party_member", "teacher", "deputy", "soldier"];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";
function residentId(region: string, birth: string, seq: number, sexOdd: boolean): string {
  const s = seq % 100;
  const body = `${region}${birth.replace(/-/g, "")}${String(s).padStart(2, "0")}${sexOdd ? 1 : 2}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * ID_WEIGHTS[i]!;
  return body + ID_CHECK[sum % 11];
}

/** Multi-row INSERTs under each dialect's bound-parameter limit. */
async function insertRows(trx: Knex.Transaction, table: string, rows: Row[], pg: boolean): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  const per = Math.max(1, Math.floor((pg ? 60000 : 30000) / cols.length));
  const tuple = `(${cols.map(() => "?").join(",")})`;
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    const values: unknown[] = [];
    for (const r of part) for (const c of cols) values.push(r[c] ?? null);
    await trx.raw(
      `INSERT INTO ${table} (${cols.join(",")}) VALUES ${part.map(() => tuple).join(",")}`,
      values as Knex.RawBinding[],
    );
  }
}

const TABLES = [
  "cases",
  "case_numbers",
  "parties",
  "case_assignments",
  "mediation_sessions",
  "agreements",
  "agreement_signatures",
  "obligations",
  "confirmations",
  "follow_ups",
  "case_events",
] as const;
type Table = (typeof TABLES)[number];

interface Committee {
  id: number;
  prefix: string;
  villages: string[];
  mediators: number[];
  weight: number;
}

/** Adds the synthetic county to a migrated database holding the demo county and no cases. */
export async function generateCounty(knex: Knex, opts: SyntheticOptions): Promise<SyntheticSummary> {
  const log = opts.log ?? (() => {});
  const pg = isPostgres(knex);
  const r = rng(opts.seed ?? 20261123);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const weighted = <T>(list: [T, number][]): T => {
    const total = list.reduce((s, [, w]) => s + w, 0);
    let x = r() * total;
    for (const [v, w] of list) if ((x -= w) < 0) return v;
    return list.at(-1)![0];
  };
  const started = Date.now();
  const now = `${opts.today}T02:00:00.000Z`;
  const at = (day: string, hour: number) =>
    `${day}T${String(hour).padStart(2, "0")}:${String(Math.floor(r() * 60)).padStart(2, "0")}:00.000Z`;

  const existing = await knex("cases").count({ n: "*" }).first();
  if (Number(existing?.n ?? 0) > 0) throw new Error("the database already holds cases");
  const clerk = Number((await knex("users").where({ username: "clerk" }).first()).id);
  const courtRow = await knex("organisations").where({ kind: "court" }).first();
  const court = Number(courtRow.id);
  const courtPrefix = String(courtRow.number_prefix);
  const bureau = await knex("organisations").where({ kind: "justice_bureau" }).first();
  const countyCode = String(bureau.region_code);
  const countyPrefix = countyCode.slice(0, 6);

  /* ---------------------------------------------------------------- places and committees */
  const townships = Math.min(40, Math.max(2, Math.round(opts.cases / 50_000)));
  const villagesPerTownship = 15;
  const usedNames = new Set(
    ((await knex("organisations").select("number_prefix")) as Row[]).map((o) => String(o.number_prefix)),
  );
  const placeName = () => {
    for (;;) {
      const n = pick(SYLLABLES) + pick(SYLLABLES);
      if (n[0] !== n[1] && !usedNames.has(n)) {
        usedNames.add(n);
        return n;
      }
    }
  };
  const committees: Committee[] = [];
  const allVillages: string[] = [];
  await knex.transaction(async (trx) => {
    const regions: Row[] = [];
    const orgs: Row[] = [];
    for (let t = 0; t < townships; t++) {
      const tCode = `${countyPrefix}${String(110 + t).padStart(3, "0")}000`;
      const tName = placeName();
      regions.push({
        code: tCode,
        name: `${tName}镇`,
        level: "township",
        parent_code: countyCode,
        version: 1,
      });
      const org = (name: string, kind: string, region: string, prefix: string) =>
        orgs.push({
          name,
          kind,
          region_code: region,
          number_prefix: prefix,
          seal_name: kind.endsWith("committee") ? name : null,
          active: true,
          version: 1,
          created_at: now,
          updated_at: now,
        });
      org(`${tName}镇人民调解委员会`, "township_committee", tCode, tName);
      org(`${tName}镇司法所`, "justice_office", tCode, `${tName}司`);
      for (let v = 0; v < villagesPerTownship; v++) {
        const vCode = `${countyPrefix}${String(110 + t).padStart(3, "0")}${String(201 + v)}`;
        const vName = placeName();
        regions.push({ code: vCode, name: `${vName}村`, level: "village", parent_code: tCode, version: 1 });
        org(`${vName}村人民调解委员会`, "village_committee", vCode, vName);
      }
    }
    await insertRows(trx, "regions", regions, pg);
    await insertRows(trx, "organisations", orgs, pg);
  });

  const orgRows = (await knex("organisations")
    .whereIn("kind", ["village_committee", "township_committee", "professional_committee", "studio"])
    .select("id", "kind", "region_code", "number_prefix")) as Row[];
  const villageRows = (await knex("regions")
    .where({ level: "village" })
    .select("code", "parent_code")) as Row[];
  for (const v of villageRows) allVillages.push(String(v.code));
  const villagesOf = (township: string) =>
    villageRows.filter((v) => v.parent_code === township).map((v) => String(v.code));
  for (const o of orgRows) {
    const kind = String(o.kind);
    const region = String(o.region_code);
    committees.push({
      id: Number(o.id),
      prefix: String(o.number_prefix),
      villages:
        kind === "village_committee" ? [region] : kind === "township_committee" ? villagesOf(region) : [],
      mediators: [],
      weight: kind === "village_committee" ? 2 : kind === "township_committee" ? 6 : 0,
    });
  }
  const professional = committees.filter((c) => c.weight === 0);
  const local = committees.filter((c) => c.weight > 0);
  const localWeight = local.reduce((s, c) => s + c.weight, 0);
  for (const c of professional) c.villages = allVillages;
  for (const c of committees) if (c.villages.length === 0) c.villages = allVillages;

  /* ---------------------------------------------------------------- mediators */
  const TYPE_CODES = TYPES.map(([t]) => t).concat("road_traffic");
  const bureauId = Number(bureau.id);
  const pool = await knex("expert_pools").first();
  const batches = pool
    ? ((await knex("expert_pool_batches").where({ pool_id: pool.id }).select("id")) as Row[]).map((b) =>
        Number(b.id),
      )
    : [];
  await knex.transaction(async (trx) => {
    const firstId = Number((await trx("mediators").max({ m: "id" }).first())?.m ?? 0) + 1;
    const mediators: Row[] = [];
    const specialties: Row[] = [];
    const members: Row[] = [];
    const targets: { committee: Committee | null; kinds: string[] }[] = [];
    const perProfessional = Math.round((opts.mediators * 0.06) / Math.max(1, professional.length));
    const expertCount = Math.round(opts.mediators * 0.04);
    const perLocal = (opts.mediators - perProfessional * professional.length - expertCount) / local.length;
    let carry = 0;
    for (const c of local) {
      carry += perLocal;
      const n = Math.floor(carry);
      carry -= n;
      const kinds =
        c.weight === 2
          ? ["five_elders", "five_elders", "sage", "staff", "liaison"]
          : ["staff", "lawyer", "police"];
      for (let k = 0; k < n; k++) targets.push({ committee: c, kinds });
    }
    for (const c of professional)
      for (let k = 0; k < perProfessional; k++)
        targets.push({ committee: c, kinds: ["staff", "expert", "police"] });
    for (let k = 0; k < expertCount; k++) targets.push({ committee: null, kinds: ["expert", "lawyer"] });
    targets.forEach((t, i) => {
      const id = firstId + i;
      const kind = pick(t.kinds);
      const gender = r() < 0.7 ? "male" : "female";
      mediators.push({
        id,
        name: pick(SURNAMES) + pick(GIVEN),
        kind,
        organisation_id: t.committee ? t.committee.id : bureauId,
        phone: `139${String(10_000_000 + i).padStart(8, "0")}`,
        active: true,
        version: 1,
        created_at: now,
        updated_at: now,
        gender,
        birth_year: kind === "five_elders" ? 1945 + Math.floor(r() * 15) : 1960 + Math.floor(r() * 35),
        ethnicity: "汉族",
        languages_json: JSON.stringify(r() < 0.1 ? ["普通话", "苗语"] : ["普通话", "渌口话"]),
        home_region_code: t.committee && t.committee.weight === 2 ? t.committee.villages[0] : null,
        five_elders_kind: kind === "five_elders" ? pick(KIN) : null,
        since_year: 1990 + Math.floor(r() * 35),
        capacity: 3 + Math.floor(r() * 8),
      });
      if (t.committee) t.committee.mediators.push(id);
      const types = new Set([pick(TYPE_CODES), ...(r() < 0.5 ? [pick(TYPE_CODES)] : [])]);
      if (t.committee && professional.includes(t.committee) && t.committee.prefix.includes("交"))
        types.add("road_traffic");
      for (const type_code of types) specialties.push({ mediator_id: id, type_code });
      if (!t.committee && batches.length)
        members.push({ batch_id: pick(batches), mediator_id: id, created_at: now });
    });
    await insertRows(trx, "mediators", mediators, pg);
    await insertRows(trx, "mediator_specialties", specialties, pg);
    await insertRows(trx, "expert_pool_members", members, pg);
  });
  // Committees that had mediators before (the demo's) keep them too.
  for (const m of (await knex("mediators")
    .where({ active: true })
    .select("id", "organisation_id")) as Row[]) {
    const c = committees.find((x) => x.id === Number(m.organisation_id));
    if (c && !c.mediators.includes(Number(m.id))) c.mediators.push(Number(m.id));
  }

  /* ---------------------------------------------------------------- the disputes */
  const years = Math.min(10, Math.max(2, Math.ceil(opts.cases / 100_000)));
  const span = years * 365;
  const days: string[] = [];
  for (let d = span; d >= 1; d--) days.push(addDays(opts.today, -d));
  // Registration days, oldest first, so numbers run in order within each committee and year.
  const offsets = new Int32Array(opts.cases);
  for (let i = 0; i < opts.cases; i++) offsets[i] = Math.floor(Math.pow(r(), 0.8) * span);
  offsets.sort();

  const next: Record<Table, number> = {} as Record<Table, number>;
  for (const t of TABLES) {
    if (t === "case_numbers" || t === "agreement_signatures") continue;
    next[t] = Number((await knex(t).max({ m: "id" }).first())?.m ?? 0) + 1;
  }
  const seqs = new Map<string, number>();
  const counts: Record<string, number> = Object.fromEntries(TABLES.map((t) => [t, 0]));
  const initialsCache = new Map<string, string>();
  const initials = (n: string) => {
    let v = initialsCache.get(n);
    if (v === undefined) initialsCache.set(n, (v = nameInitials(n)));
    return v;
  };
  const min = (a: string, b: string) => (a < b ? a : b);

  const triggers = await setTriggersAside(knex);
  const CHUNK = 10_000;
  try {
    for (let start = 0; start < opts.cases; start += CHUNK) {
      const rows = Object.fromEntries(TABLES.map((t) => [t, [] as Row[]])) as Record<Table, Row[]>;
      const end = Math.min(opts.cases, start + CHUNK);
      for (let i = start; i < end; i++) {
        const registered = days[offsets[i]!]!;
        const traffic = r() < 0.08;
        let org: Committee;
        if (traffic || r() < 0.03) org = pick(professional);
        else {
          let x = r() * localWeight;
          org = local[local.length - 1]!;
          for (const c of local)
            if ((x -= c.weight) < 0) {
              org = c;
              break;
            }
        }
        const type = traffic ? "road_traffic" : weighted(TYPES);
        const region = pick(org.villages);
        const caseId = next.cases++;
        const year = Number(registered.slice(0, 4));
        const seqKey = `${org.id}:${year}`;
        const seq = (seqs.get(seqKey) ?? 0) + 1;
        seqs.set(seqKey, seq);
        const number = formatCaseNumber(year, org.prefix, seq);
        const c: Row = {
          id: caseId,
          number,
          organisation_id: org.id,
          status: "intake",
          outcome: null,
          source: traffic
            ? weighted([
                ["police_referral", 70],
                ["application", 20],
                ["court_referral", 10],
              ])
            : weighted(SOURCES),
          type_code: type,
          summary: SUMMARIES[type],
          occurred_on: addDays(registered, -Math.floor(r() * 10)),
          region_code: region,
          address: null,
          amount_fen: r() < 0.6 ? Math.round(500 + r() * 40000) * 100 : null,
          people_involved: 2 + Math.floor(r() * 4),
          risk_level: weighted([
            ["ordinary", 85],
            ["serious", 12],
            ["major", 3],
          ]),
          registered_on: registered,
          accepted_on: null,
          consent_notice_on: null,
          mediation_due_on: null,
          concluded_on: null,
          closed_on: null,
          conclusion_note: null,
          advice: null,
          created_by: clerk,
          version: 1,
          created_at: at(registered, 1),
          updated_at: at(registered, 1),
          prevented_criminal: false,
          prevented_criminal_people: null,
          prevented_petition: false,
          prevented_petition_people: null,
        };
        rows.case_numbers.push({ organisation_id: org.id, year, seq, number, case_id: caseId });
        const events: [
          action: string,
          from: string | null,
          to: string | null,
          summary: string,
          day: string,
        ][] = [["intake", null, "intake", "登记纠纷", registered]];
        const partyIds: number[] = [];
        const nParties = r() < 0.15 ? 3 : 2;
        for (let p = 0; p < nParties; p++) {
          const id = next.parties++;
          partyIds.push(id);
          const name = pick(SURNAMES) + pick(GIVEN);
          const male = r() < 0.55;
          const birth = `${1940 + Math.floor(r() * 60)}-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`;
          rows.parties.push({
            id,
            case_id: caseId,
            position: p,
            side: p === 0 ? "applicant" : "respondent",
            kind: "person",
            name,
            name_initials: initials(name),
            id_number: residentId(countyPrefix, birth, id, male),
            gender: male ? "male" : "female",
            birth_date: birth,
            ethnicity: "汉族",
            occupation: "农民",
            phone: `13${String(Math.floor(r() * 1e9)).padStart(9, "0")}`,
            address: null,
            consent: null,
          });
        }
        const path = r();
        const today = opts.today;
        if (path < 0.08) {
          Object.assign(c, {
            status: "closed",
            outcome: "prevented",
            concluded_on: registered,
            closed_on: registered,
            conclusion_note: "调解员到场劝导，双方当场和解。",
            prevented_criminal: r() < 0.25,
            prevented_petition: r() < 0.1,
          });
          if (c.prevented_criminal) c.prevented_criminal_people = 2 + Math.floor(r() * 4);
          if (c.prevented_petition) c.prevented_petition_people = 8 + Math.floor(r() * 30);
          events.push(["resolve-on-spot", "intake", "closed", "当场化解", registered]);
        } else if (path < 0.12) {
          const day = min(addDays(registered, 1), today);
          Object.assign(c, {
            status: "declined",
            outcome: "declined",
            concluded_on: day,
            closed_on: day,
            conclusion_note: "已由人民法院受理或处理",
            advice: "请向受理法院了解案件进展。",
          });
          events.push(["decline", "intake", "declined", "不予受理：已由人民法院受理", day]);
        } else if (!(registered >= addDays(today, -2) && r() < 0.7)) {
          const accepted = min(addDays(registered, Math.floor(r() * 3)), today);
          Object.assign(c, {
            status: "accepted",
            accepted_on: accepted,
            mediation_due_on: periodEndMonths(accepted, MEDIATION_MONTHS),
            consent_notice_on: accepted,
          });
          for (const p of rows.parties.slice(-nParties)) p.consent = "yes";
          events.push(["accept", "intake", "accepted", "受理纠纷", accepted]);
          events.push(["record-consent", "accepted", "accepted", "告知权利义务，当事人同意调解", accepted]);
          const lead = org.mediators.length ? pick(org.mediators) : null;
          if (lead) {
            rows.case_assignments.push({
              id: next.case_assignments++,
              case_id: caseId,
              mediator_id: lead,
              role: "lead",
              parties_consented: true,
              assigned_by: clerk,
              assigned_at: at(accepted, 3),
              ended_at: null,
              end_reason: null,
              team_id: null,
              chosen_by: "committee",
            });
            events.push(["assign", "accepted", "accepted", "指派调解员", accepted]);
          }
          const takes = r() < 0.06 ? 35 + Math.floor(r() * 25) : 2 + Math.floor(Math.pow(r(), 1.6) * 30);
          const concluded = addDays(accepted, takes);
          const open = concluded >= today;
          const sessions = open ? (r() < 0.8 ? 1 : 0) : 1 + Math.floor(r() * 2.5);
          const agreed = !open && r() >= 0.12;
          for (let s = 0; s < sessions; s++) {
            const held = min(addDays(accepted, Math.floor(((s + 1) * takes) / (sessions + 1))), today);
            const last = s === sessions - 1 && !open;
            rows.mediation_sessions.push({
              id: next.mediation_sessions++,
              case_id: caseId,
              seq: s + 1,
              held_at: at(held, 1),
              place_kind: pick(["office", "courtyard", "online"]),
              place: "村委会调解室",
              is_public: true,
              closed_reason: null,
              attendees_json: JSON.stringify([{ name: "调解员", role: "mediator" }]),
              applicant_statement: "申请人陈述了纠纷经过，要求对方赔偿。",
              respondent_statement: "被申请人对部分事实有异议，愿意协商。",
              proposals: "调解员提出了分期履行的方案。",
              record: "双方在调解员主持下就争议事项进行了协商。",
              outcome: last ? (agreed ? "agreement" : "failed") : "continue",
              recorded_by: clerk,
              created_at: at(held, 9),
            });
            events.push([
              "record-session",
              s === 0 ? "accepted" : "in_mediation",
              "in_mediation",
              `记录第 ${s + 1} 次调解`,
              held,
            ]);
          }
          if (sessions > 0) c.status = "in_mediation";
          if (open) {
            // still being mediated
          } else if (!agreed) {
            Object.assign(c, {
              status: "terminated",
              outcome: "failure",
              concluded_on: concluded,
              conclusion_note: "经调解不能达成协议",
              advice: "可向人民法院提起诉讼。",
            });
            events.push(["terminate", "in_mediation", "terminated", "终止调解", concluded]);
            if (addDays(concluded, 7) < today) {
              Object.assign(c, { status: "closed", closed_on: addDays(concluded, 7) });
              events.push(["close", "terminated", "closed", "结案（调解不成）", addDays(concluded, 7)]);
            }
          } else {
            const agreementId = next.agreements++;
            const written = r() < 0.85;
            rows.agreements.push({
              id: agreementId,
              case_id: caseId,
              form: written ? "written" : "oral",
              facts: written ? "双方因上述纠纷发生争执，经调解查明事实如上。" : null,
              disputed_matters: written ? "赔偿数额及履行方式。" : null,
              responsibilities: written ? "被申请人承担主要责任。" : null,
              terms: "被申请人按期履行协议约定的义务。",
              effective_on: concluded,
              mediator_signed_on: concluded,
              sealed_on: written ? concluded : null,
              copies: written ? nParties + 1 : null,
              status: "effective",
              created_by: clerk,
              created_at: at(concluded, 6),
            });
            if (written)
              for (const p of partyIds)
                rows.agreement_signatures.push({
                  agreement_id: agreementId,
                  party_id: p,
                  signed_on: concluded,
                  method: "signature",
                });
            const instalments = r() < 0.35 ? 2 : 1;
            const total = c.amount_fen
              ? Math.round((Number(c.amount_fen) * (0.4 + r() * 0.5)) / 100) * 100
              : null;
            let allPerformed = true;
            let lastPerformed = concluded;
            for (let k = 0; k < instalments; k++) {
              const due = addDays(concluded, 10 + k * 30 + Math.floor(r() * 10));
              const performed =
                due < today && r() < 0.9 ? min(addDays(due, Math.floor(r() * 8) - 4), today) : null;
              if (!performed) allPerformed = false;
              else if (performed > lastPerformed) lastPerformed = performed;
              rows.obligations.push({
                id: next.obligations++,
                agreement_id: agreementId,
                case_id: caseId,
                idx: k,
                obligor_party_id: partyIds[1],
                obligee_party_id: partyIds[0],
                content: total ? `支付赔偿款第 ${k + 1} 期` : "履行协议约定事项",
                amount_fen: total === null ? null : Math.round(total / instalments),
                place: "本村村委会",
                manner: "现金或银行转账",
                due_on: due,
                performed_on: performed,
                performance_note: performed ? "已当面交付" : null,
              });
            }
            Object.assign(c, { concluded_on: concluded, status: "agreement" });
            events.push(["record-agreement", "in_mediation", "agreement", "达成调解协议", concluded]);
            let status = "agreement";
            if (written && r() < 0.18 && addDays(concluded, 5) < today) {
              const applied = addDays(concluded, 5);
              const filed = addDays(applied, 2);
              const decided = addDays(applied, 12);
              const done = decided < today;
              const outcome = done ? (r() < 0.94 ? "confirmed" : "rejected") : null;
              let courtNumber: string | null = null;
              if (filed < today) {
                const key = `${court}:${filed.slice(0, 4)}`;
                const n = (seqs.get(key) ?? 0) + 1;
                seqs.set(key, n);
                courtNumber = formatCourtNumber(Number(filed.slice(0, 4)), courtPrefix, n);
              }
              rows.confirmations.push({
                id: next.confirmations++,
                case_id: caseId,
                agreement_id: agreementId,
                court_id: court,
                applied_on: applied,
                window_ends_on: addDays(concluded, 30),
                applicant_party_ids_json: JSON.stringify(partyIds),
                materials_json: JSON.stringify(["application", "agreement", "identity", "service_addresses"]),
                status: done ? "decided" : filed < today ? "filed" : "pending",
                filed_on: filed < today ? filed : null,
                number: courtNumber,
                due_on: filed < today ? addDays(filed, 15) : null,
                decided_on: done ? decided : null,
                outcome,
                grounds_json: outcome === "rejected" ? JSON.stringify(["unclear"]) : null,
                reasons: outcome === "rejected" ? "协议内容不明确，无法执行。" : null,
                version: 1,
                created_at: at(applied, 3),
              });
              events.push([
                "apply-confirmation",
                "agreement",
                "awaiting_confirmation",
                "申请司法确认",
                applied,
              ]);
              status =
                outcome === "confirmed"
                  ? "confirmed"
                  : outcome === "rejected"
                    ? "confirmation_rejected"
                    : "awaiting_confirmation";
            }
            if (allPerformed && (status === "agreement" || status === "confirmed")) {
              events.push(["record-performance", status, "performed", "协议已履行完毕", lastPerformed]);
              status = "performed";
            }
            if (status === "performed" && addDays(lastPerformed, 20) < today && r() < 0.8) {
              Object.assign(c, {
                status: "closed",
                outcome: "success",
                closed_on: addDays(lastPerformed, 20),
              });
              events.push(["close", "performed", "closed", "结案（调解成功）", addDays(lastPerformed, 20)]);
            } else c.status = status;
            if (r() < 0.6 && addDays(concluded, 25) < today) {
              rows.follow_ups.push({
                id: next.follow_ups++,
                case_id: caseId,
                visited_on: addDays(concluded, 25),
                method: weighted([
                  ["visit", 50],
                  ["phone", 45],
                  ["video", 5],
                ]),
                performed: allPerformed ? "yes" : "no",
                satisfaction: weighted([
                  ["satisfied", 72],
                  ["basically", 23],
                  ["dissatisfied", 5],
                ]),
                note: null,
                recorded_by: clerk,
                created_at: at(addDays(concluded, 25), 7),
              });
              events.push(["follow-up", null, null, "回访", addDays(concluded, 25)]);
            }
          }
        }
        c.version = events.length;
        c.updated_at = at(events.at(-1)![4], 10);
        rows.cases.push(c);
        for (const [action, from, to, summary, day] of events)
          rows.case_events.push({
            id: next.case_events++,
            case_id: caseId,
            actor_user_id: clerk,
            action,
            from_status: from,
            to_status: to,
            summary,
            data_json: null,
            at: at(day, 4),
          });
      }
      await knex.transaction(async (trx) => {
        for (const t of TABLES) {
          await insertRows(trx, t, rows[t], pg);
          counts[t]! += rows[t].length;
        }
      });
      if ((end / CHUNK) % 10 === 0 || end === opts.cases)
        log(`  ${end.toLocaleString("en")} cases (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    await knex.transaction(async (trx) => {
      const sequences = [...seqs].map(([k, last]) => {
        const [org, year] = k.split(":");
        return { organisation_id: Number(org), year: Number(year), last_seq: last };
      });
      await insertRows(trx, "number_sequences", sequences, pg);
    });
  } finally {
    await restoreTriggers(knex, triggers);
  }
  if (pg) {
    for (const t of [...TABLES, "mediators", "organisations"]) {
      if (t === "case_numbers" || t === "agreement_signatures") continue;
      await knex.raw(
        `SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT COALESCE(MAX(id), 1) FROM ${t}))`,
        [t],
      );
    }
  }
  const generated = Date.now();
  // The rows went in without the application's writes, so the search index is built here, by the
  // backfill the migration uses.
  log("  building the search index …");
  await rebuildCaseSearch(knex, { log });
  const indexed = Date.now();
  log(`  search index: ${Math.round((indexed - generated) / 1000)} s`);
  log("  counting the statistics …");
  await rebuildStats(knex, { chunk: 10_000 });
  await rebuildMediatorTallies(knex);
  const counted = Date.now();
  log("  analysing …");
  await knex.raw(pg ? "ANALYZE" : "ANALYZE");
  if (!pg) await knex.raw("PRAGMA wal_checkpoint(TRUNCATE)");
  return {
    cases: opts.cases,
    rows: counts,
    committees: committees.length,
    villages: allVillages.length,
    years,
    seconds: {
      generate: Math.round((generated - started) / 1000),
      search: Math.round((indexed - generated) / 1000),
      stats: Math.round((counted - indexed) / 1000),
      analyze: Math.round((Date.now() - counted) / 1000),
    },
  };
}

/**
 * The statistics triggers would mark every row of the load as changed; they are set aside for
 * the load and put back after it (the statistics are then recounted in one pass).
 */
async function setTriggersAside(knex: Knex): Promise<string[]> {
  if (isPostgres(knex)) {
    for (const t of TABLES) await knex.raw(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
    return [];
  }
  const rows = (await knex.raw(
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'stats_%'",
  )) as { name: string; sql: string }[];
  for (const t of rows) await knex.raw(`DROP TRIGGER ${t.name}`);
  return rows.map((t) => t.sql);
}

async function restoreTriggers(knex: Knex, sql: string[]): Promise<void> {
  if (isPostgres(knex)) {
    for (const t of TABLES) await knex.raw(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
    return;
  }
  for (const s of sql) await knex.raw(s);
}
