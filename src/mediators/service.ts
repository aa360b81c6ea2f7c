import type { Knex } from "knex";
import { recordAudit } from "../audit/audit.js";
import { OPEN_STATUSES, STATUS_LABELS, type Status } from "../cases/lifecycle.js";
import { beijingDate } from "../cases/periods.js";
import { whereVisible } from "../cases/repository.js";
import { isoNow, type Clock } from "../clock.js";
import { ConflictError, ForbiddenError, NotFoundError, STALE_MESSAGE, ValidationError } from "../errors.js";
import { COMMITTEE_KINDS, regionPrefix, type RegionLevel } from "../places/kinds.js";
import { scopeFor, type SessionUser } from "../people/scope.js";
import { parseOrThrow } from "../validation.js";
import { canDeclare, canManage, userArea, whereVisibleMediator } from "./access.js";
import { MediatorImports } from "./import.js";
import {
  ETHNIC_LANGUAGES,
  FIVE_ELDERS_LABELS,
  POOL_LEVEL_LABELS,
  RELATION_LABELS,
  TEAM_KIND_LABELS,
  UNAVAILABILITY_LABELS,
  type FiveEldersKind,
  type PoolLevel,
  type RelationKind,
  type TeamKind,
  type UnavailabilityReason,
} from "./labels.js";
import {
  needsExperienceOf,
  rankScoring,
  rankTeams,
  score,
  type MatchCase,
  type MatchResult,
  type TeamMatch,
} from "./matching.js";
import { ExpertPools } from "./pools.js";
import {
  activeLoads,
  coveringCodes,
  loadCandidates,
  loadExperience,
  loadTeams,
  loadDisplay,
  loadMatchableCase,
  type MatchableCase,
  parseList,
} from "./repository.js";
import { MEDIATOR_KIND_LABELS, type MediatorKind } from "./roster.js";
import {
  matchQuery,
  mediatorSchema,
  mediatorUpdateSchema,
  relationSchema,
  unavailabilitySchema,
  type MediatorInput,
} from "./schemas.js";
import { MediatorTeams } from "./teams.js";

type Row = Record<string, unknown>;

/** A mediator as lists and the API show them (api.md: GET /mediators). */
export interface MediatorSummary {
  id: number;
  name: string;
  kind: MediatorKind;
  kindLabel: string;
  title: string | null;
  /** The level of the expert pool the mediator is appointed to now, if any. */
  level?: PoolLevel;
  specialties: string[];
  specialtyNames: string[];
  regionCode: string;
  organisationId: number;
  organisationName: string;
  phone: string | null;
  activeCases: number;
  capacity: number;
  /** Active, not away today, under capacity, and (for a pool expert) in term. */
  available: boolean;
  active: boolean;
}

export interface MediatorDetail extends MediatorSummary {
  fiveEldersKind: FiveEldersKind | null;
  gender: "male" | "female" | null;
  birthYear: number | null;
  ethnicity: string | null;
  languages: string[];
  homeRegionCode: string | null;
  homeRegionName: string | null;
  otherOrganisations: { id: number; name: string }[];
  certifications: string[];
  sinceYear: number | null;
  retiredOn: string | null;
  notes: string | null;
  userId: number | null;
  version: number;
  organisationRegionCode: string;
  unavailability: {
    id: number;
    fromOn: string;
    toOn: string;
    reason: string;
    reasonLabel: string;
    note: string | null;
  }[];
  relations: {
    id: number;
    kind: RelationKind;
    kindLabel: string;
    personName: string;
    idNumber: string | null;
    phone: string | null;
    note: string | null;
  }[];
  appointments: {
    poolId: number;
    poolName: string;
    level: PoolLevel;
    levelLabel: string;
    batchName: string;
    termStart: string;
    termEnd: string;
    current: boolean;
  }[];
  teams: { id: number; name: string; kindLabel: string; lead: boolean }[];
}

export interface MediatorFilter {
  kind?: string;
  specialty?: string;
  region?: string;
  q?: string;
  organisationId?: number;
  includeRetired?: boolean;
}

export interface MatchReport {
  caseId: number;
  caseNumber: string;
  dates: string[];
  languages: string[];
  /** The best candidates in rank order, then the excluded who would have been among them. */
  results: MatchResult[];
  /** How many candidates were ranked, and how many excluded, in all. */
  ranked: number;
  excluded: number;
  teams: TeamMatch[];
}

export interface MatchOptions {
  dates: string[];
  languages: string[];
  /** How many ranked candidates to explain and return (default 50; Infinity for all). */
  limit?: number;
  /** Mediators to explain wherever they stand (e.g. a committee's own, in the assign form). */
  include?: Iterable<number>;
  /** Also rank the teams that could take the case as a whole (default true). */
  teams?: boolean;
}

/** How many ranked candidates the API and the service return unless asked for more. */
export const DEFAULT_LIMIT = 50;

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

const SUCCESS = new Set(["agreement", "awaiting_confirmation", "confirmed", "performed"]);

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

export class MediatorService {
  readonly pools: ExpertPools;
  readonly teams: MediatorTeams;
  readonly imports: MediatorImports;

  constructor(
    readonly knex: Knex,
    private readonly clock: Clock,
  ) {
    this.pools = new ExpertPools(knex, clock);
    this.teams = new MediatorTeams(knex, clock);
    this.imports = new MediatorImports(knex, clock, (trx, actor, data, now) =>
      this.insert(trx, actor, data, now),
    );
  }

  today(): string {
    return beijingDate(this.clock.now());
  }

  /* ------------------------------------------------------------------ matching */

  /**
   * Ranked, explained candidates for a case the user can see (404 otherwise). `dates` are the
   * proposed session dates (default today); `languages` what the parties need beyond what their
   * nationality implies.
   */
  async matches(
    user: SessionUser,
    caseId: number,
    query: unknown = {},
    { teams = true }: { teams?: boolean } = {},
  ): Promise<MatchReport> {
    const opts = parseOrThrow(matchQuery, query ?? {});
    const kase = await loadMatchableCase(this.knex, user, caseId);
    if (!kase) throw new NotFoundError("找不到该案件，或您无权查看");
    return this.matchesFor(kase, {
      ...opts,
      limit: opts.all ? Infinity : (opts.limit ?? DEFAULT_LIMIT),
      teams,
    });
  }

  /**
   * The same for a case already loaded (and checked visible) by the caller. Everyone is scored;
   * the best `limit` are explained (with the excluded who would have been among them, team
   * members, and anyone in `include`).
   */
  async matchesFor(kase: MatchableCase, opts: MatchOptions): Promise<MatchReport> {
    const today = this.today();
    const dates = opts.dates.length ? [...new Set(opts.dates)].sort() : [today];
    const implied = kase.parties
      .map((p) => p.ethnicity?.trim())
      .filter((e): e is string => !!e)
      .map((e) => ETHNIC_LANGUAGES[e.endsWith("族") ? e : `${e}族`])
      .filter((l): l is string => !!l);
    const languages = [...new Set([...opts.languages, ...implied])];
    const [regions, objections] = await Promise.all([
      this.knex("regions").whereIn("code", coveringCodes(kase.regionCode)).select("code", "name"),
      this.knex("mediator_objections as x")
        .join("parties as p", "p.id", "x.party_id")
        .where("x.case_id", kase.id)
        .select("x.mediator_id", "x.reason", "p.name as party_name"),
    ]);
    const c: MatchCase = {
      typeCode: kase.typeCode,
      typeName: kase.typeName,
      regionCode: kase.regionCode,
      regionNames: Object.fromEntries(regions.map((r: Row) => [String(r.code), String(r.name)])),
      organisationId: kase.organisationId,
      riskLevel: kase.riskLevel,
      amountFen: kase.amountFen,
      peopleInvolved: kase.peopleInvolved,
      languages,
      dates,
      today,
      parties: kase.parties.map((p) => ({ id: p.id, name: p.name, idNumber: p.idNumber, phone: p.phone })),
      objections: objections.map((o: Row) => ({
        mediatorId: Number(o.mediator_id),
        reason: String(o.reason),
        partyName: String(o.party_name),
      })),
      assigned: kase.assignments
        .filter((a) => !a.endedAt)
        .map((a) => ({ mediatorId: a.mediatorId, role: a.role })),
    };
    const scope = { caseOrganisationId: kase.organisationId, regionCode: kase.regionCode };
    const [candidates, teams] = await Promise.all([
      loadCandidates(this.knex, {
        ...scope,
        typeCode: kase.typeCode,
        parties: c.parties,
        caseId: kase.id,
        dates,
        languages: languages.length > 0,
      }),
      opts.teams === false ? Promise.resolve([]) : loadTeams(this.knex, scope),
    ]);
    const include = new Set([
      ...(opts.include ?? []),
      ...teams.flatMap((t) => t.memberIds),
      ...c.assigned.map((a) => a.mediatorId),
    ]);
    const limit = opts.limit ?? DEFAULT_LIMIT;
    const scoring = score(c, candidates);
    // Records on this type only for those who can reach the list (and those shown regardless).
    const wanted = new Set([...needsExperienceOf(scoring, limit), ...include]);
    const records = await loadExperience(this.knex, {
      typeCode: kase.typeCode,
      caseId: kase.id,
      ids: [...wanted],
    });
    for (const p of candidates) {
      if (wanted.has(p.mediatorId))
        p.experience = records.get(p.mediatorId) ?? { concluded: 0, successful: 0 };
    }
    const ranking = rankScoring(scoring, { limit, include });
    const display = await loadDisplay(
      this.knex,
      ranking.results.map((r) => r.mediatorId),
    );
    for (const r of ranking.results) {
      r.name = display.get(r.mediatorId)?.name ?? "";
      r.title = display.get(r.mediatorId)?.title ?? null;
    }
    return {
      caseId: kase.id,
      caseNumber: kase.number,
      dates,
      languages,
      results: ranking.results,
      ranked: ranking.ranked,
      excluded: ranking.excluded,
      teams: rankTeams(teams, ranking.results),
    };
  }

  /** Teams assigned as a whole and still on the case, with their lead. */
  async currentTeams(caseId: number): Promise<{ id: number; name: string; kindLabel: string }[]> {
    const rows = (await this.knex("case_assignments as a")
      .join("mediator_teams as t", "t.id", "a.team_id")
      .where("a.case_id", caseId)
      .whereNull("a.ended_at")
      .distinct("t.id", "t.name", "t.kind")
      .orderBy("t.id")) as Row[];
    return rows.map((t) => ({
      id: Number(t.id),
      name: String(t.name),
      kindLabel: TEAM_KIND_LABELS[t.kind as TeamKind] ?? String(t.kind),
    }));
  }

  /* ------------------------------------------------------------------ lists and records */

  async list(user: SessionUser, filter: MediatorFilter = {}): Promise<MediatorSummary[]> {
    const q = whereVisibleMediator(
      this.knex("mediators as m")
        .join("organisations as o", "o.id", "m.organisation_id")
        .select("m.*", "o.name as org_name", "o.region_code as org_region"),
      this.knex,
      user,
    )
      .orderBy("o.region_code")
      .orderBy("m.organisation_id")
      .orderBy("m.id");
    if (!filter.includeRetired) q.where("m.active", true);
    if (filter.kind) q.where("m.kind", filter.kind);
    if (filter.specialty) {
      q.whereIn(
        "m.id",
        this.knex("mediator_specialties").select("mediator_id").where("type_code", filter.specialty),
      );
    }
    if (filter.organisationId) {
      const orgId = filter.organisationId;
      q.where((w) =>
        w
          .where("m.organisation_id", orgId)
          .orWhereIn(
            "m.id",
            this.knex("mediator_memberships").select("mediator_id").where("organisation_id", orgId),
          ),
      );
    }
    if (filter.q) q.where("m.name", "like", `%${filter.q.replace(/[\\%_]/g, "")}%`);
    if (filter.region) {
      const region = await this.knex("regions").where({ code: filter.region }).first();
      if (!region) throw new ValidationError([{ field: "region", message: "区划代码不存在" }]);
      const prefix = regionPrefix(region.code, region.level as RegionLevel);
      q.where((w) =>
        w
          .where("m.home_region_code", "like", `${prefix}%`)
          .orWhere((o) => o.whereNull("m.home_region_code").andWhere("o.region_code", "like", `${prefix}%`)),
      );
    }
    return this.summaries((await q) as Row[]);
  }

  /** Specialties, loads, absences today and pool terms for a page of mediator rows, in four queries. */
  private async summaries(rows: Row[], db: Knex | Knex.Transaction = this.knex): Promise<MediatorSummary[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => Number(r.id));
    const today = this.today();
    const [specialties, loads, away, appointments] = await Promise.all([
      db("mediator_specialties as s")
        .join("dispute_types as t", "t.code", "s.type_code")
        .whereIn("s.mediator_id", ids)
        .orderBy("t.sort_order")
        .select("s.mediator_id", "s.type_code", "t.name"),
      activeLoads(db, ids),
      db("mediator_unavailability")
        .whereIn("mediator_id", ids)
        .where("from_on", "<=", today)
        .where("to_on", ">=", today)
        .distinct("mediator_id"),
      db("expert_pool_members as pm")
        .join("expert_pool_batches as b", "b.id", "pm.batch_id")
        .join("expert_pools as p", "p.id", "b.pool_id")
        .whereIn("pm.mediator_id", ids)
        .select("pm.mediator_id", "p.level", "b.term_start", "b.term_end"),
    ]);
    const spec = new Map<number, { codes: string[]; names: string[] }>();
    for (const s of specialties as Row[]) {
      const e = spec.get(Number(s.mediator_id)) ?? { codes: [], names: [] };
      e.codes.push(String(s.type_code));
      e.names.push(String(s.name));
      spec.set(Number(s.mediator_id), e);
    }
    const load = new Map((loads as Row[]).map((r) => [Number(r.mediator_id), Number(r.n)]));
    const awayToday = new Set((away as Row[]).map((r) => Number(r.mediator_id)));
    const pools = new Map<number, { current: PoolLevel[]; any: boolean }>();
    const rank: Record<PoolLevel, number> = { county: 1, city: 2, province: 3 };
    for (const a of appointments as Row[]) {
      const e = pools.get(Number(a.mediator_id)) ?? { current: [], any: false };
      e.any = true;
      if (String(a.term_start) <= today && today <= String(a.term_end)) e.current.push(a.level as PoolLevel);
      pools.set(Number(a.mediator_id), e);
    }
    return rows.map((r) => {
      const id = Number(r.id);
      const pool = pools.get(id);
      const level = pool?.current.sort((a, b) => rank[b] - rank[a])[0];
      const activeCases = load.get(id) ?? 0;
      const capacity = Number(r.capacity);
      const kind = r.kind as MediatorKind;
      const five = r.five_elders_kind as FiveEldersKind | null;
      return {
        id,
        name: String(r.name),
        kind,
        kindLabel:
          kind === "five_elders" && five
            ? `${MEDIATOR_KIND_LABELS.five_elders}（${FIVE_ELDERS_LABELS[five]}）`
            : (MEDIATOR_KIND_LABELS[kind] ?? kind),
        title: (r.title as string | null) ?? null,
        ...(level ? { level } : {}),
        specialties: spec.get(id)?.codes ?? [],
        specialtyNames: spec.get(id)?.names ?? [],
        regionCode: String(r.home_region_code ?? r.org_region),
        organisationId: Number(r.organisation_id),
        organisationName: String(r.org_name),
        phone: (r.phone as string | null) ?? null,
        activeCases,
        capacity,
        available:
          Boolean(r.active) &&
          !awayToday.has(id) &&
          activeCases < capacity &&
          (!pool?.any || pool.current.length > 0),
        active: Boolean(r.active),
      };
    });
  }

  private async row(user: SessionUser, id: number): Promise<Row> {
    const row = Number.isInteger(id)
      ? await whereVisibleMediator(
          this.knex("mediators as m")
            .join("organisations as o", "o.id", "m.organisation_id")
            .select("m.*", "o.name as org_name", "o.region_code as org_region")
            .where("m.id", id),
          this.knex,
          user,
        ).first()
      : undefined;
    if (!row) throw new NotFoundError("找不到该调解员，或您无权查看");
    return row as Row;
  }

  async get(user: SessionUser, id: number): Promise<MediatorDetail> {
    const r = await this.row(user, id);
    const [summary] = await this.summaries([r]);
    const today = this.today();
    const [others, home, away, relations, appointments, teams] = await Promise.all([
      this.knex("mediator_memberships as mm")
        .join("organisations as o", "o.id", "mm.organisation_id")
        .where("mm.mediator_id", id)
        .orderBy("o.id")
        .select("o.id", "o.name"),
      r.home_region_code ? this.knex("regions").where({ code: r.home_region_code }).first() : undefined,
      this.knex("mediator_unavailability")
        .where("mediator_id", id)
        .where("to_on", ">=", today)
        .orderBy("from_on"),
      canDeclare(user, this.kept(r))
        ? this.knex("mediator_relations").where("mediator_id", id).orderBy("id")
        : [],
      this.knex("expert_pool_members as pm")
        .join("expert_pool_batches as b", "b.id", "pm.batch_id")
        .join("expert_pools as p", "p.id", "b.pool_id")
        .where("pm.mediator_id", id)
        .orderBy("b.term_start")
        .select(
          "p.id as pool_id",
          "p.name as pool_name",
          "p.level",
          "b.name as batch_name",
          "b.term_start",
          "b.term_end",
        ),
      this.knex("mediator_team_members as tm")
        .join("mediator_teams as t", "t.id", "tm.team_id")
        .where("tm.mediator_id", id)
        .orderBy("t.id")
        .select("t.id", "t.name", "t.kind", "t.lead_mediator_id"),
    ]);
    return {
      ...summary!,
      fiveEldersKind: (r.five_elders_kind as FiveEldersKind | null) ?? null,
      gender: (r.gender as "male" | "female" | null) ?? null,
      birthYear: r.birth_year === null || r.birth_year === undefined ? null : Number(r.birth_year),
      ethnicity: (r.ethnicity as string | null) ?? null,
      languages: parseList(r.languages_json),
      homeRegionCode: (r.home_region_code as string | null) ?? null,
      homeRegionName: home ? String((home as Row).name) : null,
      otherOrganisations: (others as Row[]).map((o) => ({ id: Number(o.id), name: String(o.name) })),
      certifications: parseList(r.certifications_json),
      sinceYear: r.since_year === null || r.since_year === undefined ? null : Number(r.since_year),
      retiredOn: (r.retired_on as string | null) ?? null,
      notes: (r.notes as string | null) ?? null,
      userId: r.user_id === null || r.user_id === undefined ? null : Number(r.user_id),
      version: Number(r.version),
      organisationRegionCode: String(r.org_region),
      unavailability: (away as Row[]).map((u) => ({
        id: Number(u.id),
        fromOn: String(u.from_on),
        toOn: String(u.to_on),
        reason: String(u.reason),
        reasonLabel: UNAVAILABILITY_LABELS[u.reason as UnavailabilityReason] ?? String(u.reason),
        note: (u.note as string | null) ?? null,
      })),
      relations: (relations as Row[]).map((x) => ({
        id: Number(x.id),
        kind: x.kind as RelationKind,
        kindLabel: RELATION_LABELS[x.kind as RelationKind] ?? String(x.kind),
        personName: String(x.person_name),
        idNumber: (x.id_number as string | null) ?? null,
        phone: (x.phone as string | null) ?? null,
        note: (x.note as string | null) ?? null,
      })),
      appointments: (appointments as Row[]).map((a) => ({
        poolId: Number(a.pool_id),
        poolName: String(a.pool_name),
        level: a.level as PoolLevel,
        levelLabel: POOL_LEVEL_LABELS[a.level as PoolLevel],
        batchName: String(a.batch_name),
        termStart: String(a.term_start),
        termEnd: String(a.term_end),
        current: String(a.term_start) <= today && today <= String(a.term_end),
      })),
      teams: (teams as Row[]).map((t) => ({
        id: Number(t.id),
        name: String(t.name),
        kindLabel: TEAM_KIND_LABELS[t.kind as TeamKind] ?? String(t.kind),
        lead: Number(t.lead_mediator_id) === id,
      })),
    };
  }

  kept(r: Row): { organisationId: number; organisationRegionCode: string; userId: number | null } {
    return {
      organisationId: Number(r.organisation_id),
      organisationRegionCode: String(r.org_region),
      userId: r.user_id === null || r.user_id === undefined ? null : Number(r.user_id),
    };
  }

  /** What the mediator has done: open cases, outcomes by type, days to conclude, satisfaction. */
  async record(user: SessionUser, id: number): Promise<MediatorRecord> {
    await this.row(user, id);
    const cases = (await this.knex("case_assignments as a")
      .join("cases as c", "c.id", "a.case_id")
      .join("dispute_types as t", "t.code", "c.type_code")
      .where("a.mediator_id", id)
      .whereIn("a.role", ["lead", "co"])
      .groupBy(
        "c.id",
        "c.number",
        "c.type_code",
        "t.name",
        "t.sort_order",
        "c.status",
        "c.outcome",
        "c.accepted_on",
        "c.concluded_on",
      )
      .orderBy("t.sort_order")
      .orderBy("c.id")
      .select(
        "c.id",
        "c.number",
        "c.type_code",
        "t.name as type_name",
        "c.status",
        "c.outcome",
        "c.accepted_on",
        "c.concluded_on",
        this.knex.raw("max(case when a.ended_at is null then a.role else null end) as current_role"),
      )) as Row[];
    const open = cases.filter(
      (c) => c.current_role && OPEN_STATUSES.includes(c.status as Status) && c.status !== "terminated",
    );
    const visible = open.length
      ? new Set(
          (
            await whereVisible(
              this.knex("cases as c")
                .select("c.id")
                .whereIn(
                  "c.id",
                  open.map((c) => Number(c.id)),
                ),
              user,
              scopeFor(user),
            )
          ).map((r: Row) => Number(r.id)),
        )
      : new Set<number>();
    const byType = new Map<string, MediatorRecord["byType"][number] & { daysSum: number; daysN: number }>();
    let daysSum = 0;
    let daysN = 0;
    for (const c of cases) {
      const code = String(c.type_code);
      const e = byType.get(code) ?? {
        typeCode: code,
        typeName: String(c.type_name),
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
      const ok = c.outcome === "success" || (c.outcome === null && SUCCESS.has(String(c.status)));
      const failed = c.outcome === "failure";
      if (ok) e.successful++;
      if (failed) e.failed++;
      if (ok || failed) {
        e.concluded++;
        if (c.accepted_on && c.concluded_on) {
          const d = days(String(c.accepted_on), String(c.concluded_on));
          e.daysSum += d;
          e.daysN++;
          daysSum += d;
          daysN++;
        }
      }
      byType.set(code, e);
    }
    const ids = cases.map((c) => Number(c.id));
    const follow = ids.length
      ? ((await this.knex("follow_ups")
          .whereIn("case_id", ids)
          .groupBy("satisfaction")
          .select("satisfaction")
          .count({ n: "*" })) as Row[])
      : [];
    const count = (s: string) => Number(follow.find((f) => f.satisfaction === s)?.n ?? 0);
    const satisfied = count("satisfied");
    const basically = count("basically");
    const dissatisfied = count("dissatisfied");
    const total = satisfied + basically + dissatisfied;
    const rows = [...byType.values()].map(({ daysSum: s, daysN: n, ...e }) => ({
      ...e,
      successRate: e.concluded ? e.successful / e.concluded : null,
      avgDays: n ? Math.round((s / n) * 10) / 10 : null,
    }));
    return {
      currentCases: open
        .filter((c) => visible.has(Number(c.id)))
        .map((c) => ({
          id: Number(c.id),
          number: String(c.number),
          typeName: String(c.type_name),
          status: c.status as Status,
          statusLabel: STATUS_LABELS[c.status as Status],
          role: String(c.current_role),
        })),
      hiddenCurrent: open.filter((c) => !visible.has(Number(c.id))).length,
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

  /* ------------------------------------------------------------------ keeping records */

  /** Organisations the user may put mediators in. */
  async keptOrganisations(
    user: SessionUser,
  ): Promise<{ id: number; name: string; kind: string; regionCode: string }[]> {
    const rows = (await this.knex("organisations")
      .where("active", true)
      .orderBy("region_code")
      .orderBy("id")) as Row[];
    return rows
      .map((o) => ({
        id: Number(o.id),
        name: String(o.name),
        kind: String(o.kind),
        regionCode: String(o.region_code),
      }))
      .filter(
        (o) =>
          (COMMITTEE_KINDS as string[]).includes(o.kind) ||
          o.kind === "justice_bureau" ||
          o.kind === "justice_office",
      )
      .filter((o) => canManage(user, { organisationId: o.id, organisationRegionCode: o.regionCode }));
  }

  /** Checks references a record makes: its organisation (kept by the user), places, types, other committees. */
  private async checkReferences(trx: Knex.Transaction, user: SessionUser, data: MediatorInput): Promise<Row> {
    const errors: { field: string; message: string }[] = [];
    const org = (await trx("organisations").where({ id: data.organisationId, active: true }).first()) as
      Row | undefined;
    if (!org) errors.push({ field: "organisationId", message: "所属调解组织不存在" });
    else if (
      !canManage(user, { organisationId: Number(org.id), organisationRegionCode: String(org.region_code) })
    ) {
      errors.push({ field: "organisationId", message: `您不能管理${String(org.name)}的调解员` });
    }
    if (data.homeRegionCode && !(await trx("regions").where({ code: data.homeRegionCode }).first())) {
      errors.push({ field: "homeRegionCode", message: "居住地（区划代码）不存在" });
    }
    if (data.specialties.length) {
      const known = new Set(
        (await trx("dispute_types").whereIn("code", data.specialties).select("code")).map((r: Row) =>
          String(r.code),
        ),
      );
      const unknown = data.specialties.filter((s) => !known.has(s));
      if (unknown.length)
        errors.push({ field: "specialties", message: `纠纷类型不存在：${unknown.join("、")}` });
    }
    const others = data.otherOrganisationIds.filter((id) => id !== data.organisationId);
    if (others.length) {
      const found = await trx("organisations")
        .whereIn("id", others)
        .whereIn("kind", COMMITTEE_KINDS)
        .select("id");
      if (found.length !== new Set(others).size) {
        errors.push({
          field: "otherOrganisationIds",
          message: "兼任的调解组织须是在用的人民调解委员会或调解工作室",
        });
      }
    }
    if (errors.length) throw new ValidationError(errors);
    return org!;
  }

  private columns(data: MediatorInput, today: string) {
    return {
      name: data.name,
      kind: data.kind,
      five_elders_kind: data.kind === "five_elders" ? (data.fiveEldersKind ?? null) : null,
      title: data.title,
      gender: data.gender ?? null,
      birth_year: data.birthYear ?? null,
      ethnicity: data.ethnicity,
      languages_json: JSON.stringify(data.languages),
      phone: data.phone ?? null,
      home_region_code: data.homeRegionCode ?? null,
      organisation_id: data.organisationId,
      certifications_json: JSON.stringify(data.certifications),
      since_year: data.sinceYear ?? null,
      capacity: data.capacity,
      active: data.active,
      retired_on: data.active ? null : (data.retiredOn ?? today),
      notes: data.notes,
    };
  }

  private async writeLists(trx: Knex.Transaction, id: number, data: MediatorInput): Promise<void> {
    await trx("mediator_specialties").where({ mediator_id: id }).delete();
    const specialties = [...new Set(data.specialties)];
    if (specialties.length) {
      await trx("mediator_specialties").insert(
        specialties.map((type_code) => ({ mediator_id: id, type_code })),
      );
    }
    await trx("mediator_memberships").where({ mediator_id: id }).delete();
    const others = [...new Set(data.otherOrganisationIds)].filter((o) => o !== data.organisationId);
    if (others.length) {
      await trx("mediator_memberships").insert(
        others.map((organisation_id) => ({ mediator_id: id, organisation_id })),
      );
    }
  }

  /** Inserts one record (shared with the import); the caller has checked its references. */
  private async insert(
    trx: Knex.Transaction,
    actorId: number,
    data: MediatorInput,
    now: string,
  ): Promise<number> {
    const [row] = await trx("mediators")
      .insert({ ...this.columns(data, now.slice(0, 10)), version: 1, created_at: now, updated_at: now })
      .returning("id");
    const id = Number(typeof row === "object" ? row.id : row);
    await this.writeLists(trx, id, data);
    await recordAudit(trx, {
      actorUserId: actorId,
      action: "mediator.create",
      entityType: "mediator",
      entityId: id,
      after: {
        name: data.name,
        kind: data.kind,
        organisationId: data.organisationId,
        specialties: data.specialties,
      },
      at: now,
    });
    return id;
  }

  async create(user: SessionUser, input: unknown): Promise<number> {
    const data = parseOrThrow(mediatorSchema(this.today()), input);
    return this.knex.transaction(async (trx) => {
      await this.checkReferences(trx, user, data);
      return this.insert(trx, user.id, data, isoNow(this.clock));
    });
  }

  async update(user: SessionUser, id: number, input: unknown): Promise<void> {
    const before = await this.get(user, id);
    if (!canManage(user, before)) throw new ForbiddenError("您不能修改该调解员的信息");
    const data = parseOrThrow(mediatorUpdateSchema(this.today()), input);
    await this.knex.transaction(async (trx) => {
      await this.checkReferences(trx, user, data);
      const now = isoNow(this.clock);
      const n = await trx("mediators")
        .where({ id, version: data.version })
        .update({ ...this.columns(data, this.today()), version: data.version + 1, updated_at: now });
      if (n !== 1) throw new ConflictError(STALE_MESSAGE);
      await this.writeLists(trx, id, data);
      const pick = (m: {
        name: string;
        kind: string;
        organisationId: number;
        capacity: number;
        active: boolean;
      }) => ({
        name: m.name,
        kind: m.kind,
        organisationId: m.organisationId,
        capacity: m.capacity,
        active: m.active,
      });
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "mediator.update",
        entityType: "mediator",
        entityId: id,
        before: { ...pick(before), specialties: before.specialties },
        after: { ...pick(data), specialties: data.specialties },
        at: now,
      });
    });
  }

  private async declarable(user: SessionUser, id: number): Promise<Row> {
    const r = await this.row(user, id);
    if (!canDeclare(user, this.kept(r))) throw new ForbiddenError("您不能为该调解员登记");
    return r;
  }

  async addUnavailability(user: SessionUser, id: number, input: unknown): Promise<void> {
    await this.declarable(user, id);
    const data = parseOrThrow(unavailabilitySchema, input);
    await this.knex.transaction(async (trx) => {
      const now = isoNow(this.clock);
      const [row] = await trx("mediator_unavailability")
        .insert({
          mediator_id: id,
          from_on: data.fromOn,
          to_on: data.toOn,
          reason: data.reason,
          note: data.note,
          created_by: user.id,
          created_at: now,
        })
        .returning("id");
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "mediator.unavailability.add",
        entityType: "mediator",
        entityId: id,
        after: { id: Number(typeof row === "object" ? row.id : row), ...data },
        at: now,
      });
    });
  }

  async removeUnavailability(user: SessionUser, id: number, periodId: number): Promise<void> {
    await this.declarable(user, id);
    await this.knex.transaction(async (trx) => {
      const row = await trx("mediator_unavailability").where({ id: periodId, mediator_id: id }).first();
      if (!row) throw new NotFoundError("找不到该时段");
      await trx("mediator_unavailability").where({ id: periodId }).delete();
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "mediator.unavailability.remove",
        entityType: "mediator",
        entityId: id,
        before: { fromOn: row.from_on, toOn: row.to_on, reason: row.reason },
        at: isoNow(this.clock),
      });
    });
  }

  async addRelation(user: SessionUser, id: number, input: unknown): Promise<void> {
    await this.declarable(user, id);
    const data = parseOrThrow(relationSchema(this.today()), input);
    await this.knex.transaction(async (trx) => {
      const now = isoNow(this.clock);
      await trx("mediator_relations").insert({
        mediator_id: id,
        kind: data.kind,
        person_name: data.personName,
        id_number: data.idNumber ?? null,
        phone: data.phone ?? null,
        note: data.note,
        created_by: user.id,
        created_at: now,
      });
      // The audit names the tie, not the other person's identity numbers.
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "mediator.relation.add",
        entityType: "mediator",
        entityId: id,
        after: { kind: data.kind, personName: data.personName },
        at: now,
      });
    });
  }

  async removeRelation(user: SessionUser, id: number, relationId: number): Promise<void> {
    await this.declarable(user, id);
    await this.knex.transaction(async (trx) => {
      const row = await trx("mediator_relations").where({ id: relationId, mediator_id: id }).first();
      if (!row) throw new NotFoundError("找不到该关系");
      await trx("mediator_relations").where({ id: relationId }).delete();
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "mediator.relation.remove",
        entityType: "mediator",
        entityId: id,
        before: { kind: row.kind, personName: row.person_name },
        at: isoNow(this.clock),
      });
    });
  }

  /** The user's own area prefix, for the region filter's choices. */
  area(user: SessionUser): string {
    return userArea(user).prefix;
  }
}
