import type { Knex } from "knex";
import { recordAudit } from "../audit/audit.js";
import { isoNow, type Clock } from "../clock.js";
import { ConflictError, ForbiddenError, NotFoundError, STALE_MESSAGE, ValidationError } from "../errors.js";
import { COMMITTEE_KINDS, regionPrefix, type RegionLevel } from "../places/kinds.js";
import type { SessionUser } from "../people/scope.js";
import { beijingDate } from "../shared/dates.js";
import { parseOrThrow } from "../validation.js";
import { canDeclare, canManage, userArea } from "./access.js";
import { parseList, type Row } from "./db-helpers.js";
import {
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
import type { MediatorDetail, MediatorFilter, MediatorSummary } from "./record-types.js";
import * as repo from "./records-repository.js";
import { checkReferences, insertMediator, updateMediator } from "./records-writes.js";
import { MEDIATOR_KIND_LABELS, type MediatorKind } from "./roster.js";
import { mediatorSchema, mediatorUpdateSchema } from "./schemas.js";
import { openCases, trackRecord, type MediatorRecord } from "./track-record.js";

const POOL_RANK: Record<PoolLevel, number> = { county: 1, city: 2, province: 3 };

/** Who keeps a record: its organisation, where that sits, and the user who is the mediator. */
export function keptOf(r: Row): {
  organisationId: number;
  organisationRegionCode: string;
  userId: number | null;
} {
  return {
    organisationId: Number(r.organisation_id),
    organisationRegionCode: String(r.org_region),
    userId: r.user_id === null || r.user_id === undefined ? null : Number(r.user_id),
  };
}

/** Mediator records: lists, a record's page, its track record, and keeping records. */
export class MediatorRecords {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
  ) {}

  private today(): string {
    return beijingDate(this.clock.now());
  }

  async list(user: SessionUser, filter: MediatorFilter = {}): Promise<MediatorSummary[]> {
    let regionPrefixOf: string | undefined;
    if (filter.region) {
      const region = await repo.findRegion(this.knex, filter.region);
      if (!region) throw new ValidationError([{ field: "region", message: "区划代码不存在" }]);
      regionPrefixOf = regionPrefix(String(region.code), region.level as RegionLevel);
    }
    const { region: _region, ...rest } = filter;
    void _region;
    return this.summaries(await repo.listRows(this.knex, user, { ...rest, regionPrefix: regionPrefixOf }));
  }

  /** Specialties, loads, absences today and pool terms for a page of mediator rows. */
  private async summaries(rows: Row[]): Promise<MediatorSummary[]> {
    if (rows.length === 0) return [];
    const today = this.today();
    const facts = await repo.summaryFacts(
      this.knex,
      rows.map((r) => Number(r.id)),
      today,
    );
    const spec = new Map<number, { codes: string[]; names: string[] }>();
    for (const s of facts.specialties) {
      const e = spec.get(Number(s.mediator_id)) ?? { codes: [], names: [] };
      e.codes.push(String(s.type_code));
      e.names.push(String(s.name));
      spec.set(Number(s.mediator_id), e);
    }
    const load = new Map(facts.loads.map((r) => [Number(r.mediator_id), Number(r.n)]));
    const awayToday = new Set(facts.away.map((r) => Number(r.mediator_id)));
    const pools = new Map<number, { current: PoolLevel[]; any: boolean }>();
    for (const a of facts.appointments) {
      const e = pools.get(Number(a.mediator_id)) ?? { current: [], any: false };
      e.any = true;
      if (String(a.term_start) <= today && today <= String(a.term_end)) e.current.push(a.level as PoolLevel);
      pools.set(Number(a.mediator_id), e);
    }
    return rows.map((r) => {
      const id = Number(r.id);
      const pool = pools.get(id);
      const level = pool?.current.sort((a, b) => POOL_RANK[b] - POOL_RANK[a])[0];
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
        // A pool expert with no batch in term is not available either.
        available:
          Boolean(r.active) &&
          !awayToday.has(id) &&
          activeCases < capacity &&
          (!pool?.any || pool.current.length > 0),
        active: Boolean(r.active),
      };
    });
  }

  /** The record's row if the user may see it; 404 otherwise. */
  async row(user: SessionUser, id: number): Promise<Row> {
    const row = await repo.findVisibleRow(this.knex, user, id);
    if (!row) throw new NotFoundError("找不到该调解员，或您无权查看");
    return row;
  }

  async get(user: SessionUser, id: number): Promise<MediatorDetail> {
    const r = await this.row(user, id);
    const [summary] = await this.summaries([r]);
    const today = this.today();
    // Ties to people are for the keepers and the mediator only.
    const f = await repo.detailFacts(this.knex, r, today, canDeclare(user, keptOf(r)));
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    const text = (v: unknown) => (v as string | null) ?? null;
    return {
      ...summary!,
      fiveEldersKind: (r.five_elders_kind as FiveEldersKind | null) ?? null,
      gender: (r.gender as "male" | "female" | null) ?? null,
      birthYear: num(r.birth_year),
      ethnicity: text(r.ethnicity),
      languages: parseList(r.languages_json),
      homeRegionCode: text(r.home_region_code),
      homeRegionName: f.home ? String(f.home.name) : null,
      otherOrganisations: f.others.map((o) => ({ id: Number(o.id), name: String(o.name) })),
      certifications: parseList(r.certifications_json),
      sinceYear: num(r.since_year),
      retiredOn: text(r.retired_on),
      notes: text(r.notes),
      userId: num(r.user_id),
      version: Number(r.version),
      organisationRegionCode: String(r.org_region),
      unavailability: f.away.map((u) => ({
        id: Number(u.id),
        fromOn: String(u.from_on),
        toOn: String(u.to_on),
        reason: String(u.reason),
        reasonLabel: UNAVAILABILITY_LABELS[u.reason as UnavailabilityReason] ?? String(u.reason),
        note: text(u.note),
      })),
      relations: f.relations.map((x) => ({
        id: Number(x.id),
        kind: x.kind as RelationKind,
        kindLabel: RELATION_LABELS[x.kind as RelationKind] ?? String(x.kind),
        personName: String(x.person_name),
        idNumber: text(x.id_number),
        phone: text(x.phone),
        note: text(x.note),
      })),
      appointments: f.appointments.map((a) => ({
        poolId: Number(a.pool_id),
        poolName: String(a.pool_name),
        level: a.level as PoolLevel,
        levelLabel: POOL_LEVEL_LABELS[a.level as PoolLevel],
        batchName: String(a.batch_name),
        termStart: String(a.term_start),
        termEnd: String(a.term_end),
        current: String(a.term_start) <= today && today <= String(a.term_end),
      })),
      teams: f.teams.map((t) => ({
        id: Number(t.id),
        name: String(t.name),
        kindLabel: TEAM_KIND_LABELS[t.kind as TeamKind] ?? String(t.kind),
        lead: Number(t.lead_mediator_id) === id,
      })),
    };
  }

  /** What the mediator has done: open cases, outcomes by type, days to conclude, satisfaction. */
  async record(user: SessionUser, id: number): Promise<MediatorRecord> {
    await this.row(user, id);
    const cases = await repo.recordCases(this.knex, id);
    const open = openCases(cases);
    const [visible, rated] = await Promise.all([
      repo.visibleCaseIds(
        this.knex,
        user,
        open.map((c) => c.id),
      ),
      repo.ratings(
        this.knex,
        cases.map((c) => c.id),
      ),
    ]);
    return trackRecord(cases, visible, rated);
  }

  /** Organisations the user may put mediators in. */
  async keptOrganisations(
    user: SessionUser,
  ): Promise<{ id: number; name: string; kind: string; regionCode: string }[]> {
    return (await repo.activeOrganisations(this.knex))
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

  async create(user: SessionUser, input: unknown): Promise<number> {
    const data = parseOrThrow(mediatorSchema(this.today()), input);
    return this.knex.transaction(async (trx) => {
      await checkReferences(trx, data, (org) => canManage(user, org));
      return insertMediator(trx, user.id, data, isoNow(this.clock));
    });
  }

  async update(user: SessionUser, id: number, input: unknown): Promise<void> {
    const before = await this.get(user, id);
    if (!canManage(user, before)) throw new ForbiddenError("您不能修改该调解员的信息");
    const data = parseOrThrow(mediatorUpdateSchema(this.today()), input);
    await this.knex.transaction(async (trx) => {
      await checkReferences(trx, data, (org) => canManage(user, org));
      const now = isoNow(this.clock);
      if (!(await updateMediator(trx, id, data, this.today(), now))) throw new ConflictError(STALE_MESSAGE);
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

  /** The record if the user may declare absences and ties for it (403 otherwise). */
  async declarable(user: SessionUser, id: number): Promise<Row> {
    const r = await this.row(user, id);
    if (!canDeclare(user, keptOf(r))) throw new ForbiddenError("您不能为该调解员登记");
    return r;
  }

  /** The user's own area prefix, for the region filter's choices. */
  area(user: SessionUser): string {
    return userArea(user).prefix;
  }
}
