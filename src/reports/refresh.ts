import type { Knex } from "knex";
import { isPostgres } from "../db/knex.js";
import { CUBE_DIMS, cubeDelta, dimValueSql, GRAINS, type CubeDelta, type Grain } from "./cube.js";
import { caseFacts, MEASURES, type CaseSnapshot, type Fact, type Measures } from "./figures.js";

type Row = Record<string, unknown>;
type Db = Knex | Knex.Transaction;

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Splits a list for statements with many bound values (SQLite allows 32,766). */
function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Reads the cases as the statistics see them (a case that no longer exists is left out). */
export async function loadSnapshots(db: Db, ids: number[]): Promise<CaseSnapshot[]> {
  const out: CaseSnapshot[] = [];
  for (const part of chunks(ids, 5000)) {
    const cases = (await db("cases")
      .whereIn("id", part)
      .select(
        "id",
        "organisation_id",
        "region_code",
        "type_code",
        "source",
        "status",
        "outcome",
        "registered_on",
        "accepted_on",
        "concluded_on",
        "closed_on",
        "mediation_due_on",
        "prevented_criminal",
        "prevented_criminal_people",
        "prevented_petition",
        "prevented_petition_people",
      )) as Row[];
    const leads = (await db("case_assignments as a")
      .join("mediators as m", "m.id", "a.mediator_id")
      .whereIn("a.case_id", part)
      .where("a.role", "lead")
      .whereNull("a.ended_at")
      .orderBy("a.id")
      .select("a.case_id", "m.kind")) as Row[];
    const obligations = (await db("obligations as o")
      .join("agreements as g", "g.id", "o.agreement_id")
      .whereIn("o.case_id", part)
      .where("g.status", "effective")
      .select("o.case_id", "o.due_on", "o.performed_on", "o.amount_fen")) as Row[];
    const confirmations = (await db("confirmations")
      .whereIn("case_id", part)
      .select("case_id", "applied_on", "decided_on", "outcome")) as Row[];
    const followUps = (await db("follow_ups")
      .whereIn("case_id", part)
      .select("case_id", "visited_on", "satisfaction")) as Row[];
    const ratings = (await db("case_ratings")
      .whereIn("case_id", part)
      .select("case_id", "rated_on", "satisfaction")) as Row[];
    const byCase = <T>(rows: Row[], map: (r: Row) => T) => {
      const m = new Map<number, T[]>();
      for (const r of rows) {
        const id = Number(r.case_id);
        const list = m.get(id) ?? [];
        list.push(map(r));
        m.set(id, list);
      }
      return m;
    };
    const lead = new Map<number, string>();
    for (const r of leads) lead.set(Number(r.case_id), String(r.kind)); // the latest active lead wins
    const obl = byCase(obligations, (r) => ({
      dueOn: String(r.due_on),
      performedOn: str(r.performed_on),
      amountFen: num(r.amount_fen),
    }));
    const conf = byCase(confirmations, (r) => ({
      appliedOn: String(r.applied_on),
      decidedOn: str(r.decided_on),
      outcome: str(r.outcome),
    }));
    const fu = byCase(followUps, (r) => ({
      visitedOn: String(r.visited_on),
      satisfaction: String(r.satisfaction),
    }));
    const rated = byCase(ratings, (r) => ({
      ratedOn: String(r.rated_on),
      satisfaction: String(r.satisfaction),
    }));
    for (const c of cases) {
      const id = Number(c.id);
      out.push({
        id,
        organisationId: Number(c.organisation_id),
        regionCode: String(c.region_code),
        typeCode: String(c.type_code),
        source: String(c.source),
        status: String(c.status),
        outcome: str(c.outcome),
        registeredOn: String(c.registered_on),
        acceptedOn: str(c.accepted_on),
        concludedOn: str(c.concluded_on),
        closedOn: str(c.closed_on),
        mediationDueOn: str(c.mediation_due_on),
        preventedCriminal: Boolean(c.prevented_criminal),
        preventedCriminalPeople: num(c.prevented_criminal_people),
        preventedPetition: Boolean(c.prevented_petition),
        preventedPetitionPeople: num(c.prevented_petition_people),
        leadMediatorKind: lead.get(id) ?? null,
        obligations: obl.get(id) ?? [],
        confirmations: conf.get(id) ?? [],
        followUps: fu.get(id) ?? [],
        ratings: rated.get(id) ?? [],
      });
    }
  }
  return out;
}

function factFromRow(r: Row): Fact {
  return {
    caseId: Number(r.case_id),
    day: String(r.day),
    organisationId: Number(r.organisation_id),
    regionCode: String(r.region_code),
    typeCode: String(r.type_code),
    source: String(r.source),
    mediatorKind: String(r.mediator_kind),
    m: Object.fromEntries(MEASURES.map((m) => [m, Number(r[m])])) as Measures,
  };
}

function factToRow(f: Fact): Row {
  return {
    case_id: f.caseId,
    day: f.day,
    organisation_id: f.organisationId,
    region_code: f.regionCode,
    type_code: f.typeCode,
    source: f.source,
    mediator_kind: f.mediatorKind,
    ...f.m,
  };
}

const keyColumns = (g: Grain) => ["dim", g.column, "dim_value", "organisation_id", "region_code"];

/** Adds a delta to one grain's aggregate rows: insert a row or add to the one that is there. */
async function applyDelta(trx: Knex.Transaction, grain: Grain, delta: CubeDelta): Promise<void> {
  const KEY_COLUMNS = keyColumns(grain);
  const monthlyCols = [...KEY_COLUMNS, ...MEASURES];
  const monthlySet = MEASURES.map((m) => `${m} = ${grain.table}.${m} + excluded.${m}`).join(", ");
  for (const part of chunks(delta.monthly, 600)) {
    const values = part.map(() => `(${monthlyCols.map(() => "?").join(", ")})`).join(", ");
    const bindings = part.flatMap((r) => [
      r.key.dim,
      r.key.month,
      r.key.dimValue,
      r.key.organisationId,
      r.key.regionCode,
      ...MEASURES.map((m) => r.m[m]),
    ]);
    await trx.raw(
      `INSERT INTO ${grain.table} (${monthlyCols.join(", ")}) VALUES ${values}
       ON CONFLICT (${KEY_COLUMNS.join(", ")}) DO UPDATE SET ${monthlySet}`,
      bindings,
    );
  }
  const dayCols = [...KEY_COLUMNS, "days", "n"];
  for (const part of chunks(delta.days, 2000)) {
    const values = part.map(() => `(${dayCols.map(() => "?").join(", ")})`).join(", ");
    const bindings = part.flatMap((d) => [
      d.key.dim,
      d.key.month,
      d.key.dimValue,
      d.key.organisationId,
      d.key.regionCode,
      d.days,
      d.n,
    ]);
    await trx.raw(
      `INSERT INTO ${grain.daysTable} (${dayCols.join(", ")}) VALUES ${values}
       ON CONFLICT (${[...KEY_COLUMNS, "days"].join(", ")}) DO UPDATE SET n = ${grain.daysTable}.n + excluded.n`,
      bindings,
    );
  }
}

function retryable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e.code === "40001" || // PostgreSQL: serialization failure (another refresh committed first)
    e.code === "40P01" || // deadlock detected
    e.code === "SQLITE_BUSY" ||
    /SQLITE_BUSY/.test(e.message ?? "")
  );
}

/**
 * Recounts one batch of marked cases in one transaction: lock the refresher row, read the marks,
 * read those cases, replace their facts, add the difference to the aggregates, and delete exactly
 * the marks read. On PostgreSQL the transaction is REPEATABLE READ, so everything read is one
 * snapshot; a change committed meanwhile has a newer mark, which stays for the next batch.
 * Returns the number of cases recounted.
 */
async function refreshBatch(knex: Knex, batchSize: number, now: string): Promise<number> {
  const pg = isPostgres(knex);
  return knex.transaction(
    async (trx) => {
      await trx("stats_state")
        .where({ id: 1 })
        .update({ refreshed_at: now, refreshes: trx.raw("refreshes + 1") });
      const marks = (await trx("stats_dirty")
        .orderBy("id")
        .limit(batchSize)
        .select("id", "case_id")) as Row[];
      if (marks.length === 0) return 0;
      const ids = [...new Set(marks.map((m) => Number(m.case_id)))];
      const snapshots = await loadSnapshots(trx, ids);
      const newFacts = snapshots.flatMap(caseFacts);
      const oldFacts: Fact[] = [];
      for (const part of chunks(ids, 5000)) {
        oldFacts.push(...((await trx("stats_facts").whereIn("case_id", part)) as Row[]).map(factFromRow));
      }
      for (const part of chunks(ids, 5000)) await trx("stats_facts").whereIn("case_id", part).delete();
      for (const part of chunks(newFacts, 500)) await trx("stats_facts").insert(part.map(factToRow));
      for (const grain of GRAINS) await applyDelta(trx, grain, cubeDelta(oldFacts, newFacts, grain));
      for (const part of chunks(
        marks.map((m) => Number(m.id)),
        5000,
      )) {
        await trx("stats_dirty").whereIn("id", part).delete();
      }
      return ids.length;
    },
    pg ? { isolationLevel: "repeatable read" } : undefined,
  );
}

/** Fills both grains' aggregates from stats_facts with INSERT … SELECT … GROUP BY (empty tables). */
export async function fillAggregates(trx: Knex | Knex.Transaction): Promise<void> {
  const sums = MEASURES.map((m) => `SUM(x.${m})`).join(", ");
  for (const grain of GRAINS) {
    const period = `substr(x.day, 1, ${grain.cut})`;
    for (const dim of CUBE_DIMS) {
      const value = dimValueSql(dim);
      const key = `${period}, ${value}, x.organisation_id, x.region_code`;
      // PostgreSQL refuses a constant in GROUP BY: group by the columns the value is made of.
      const group = `${period}, ${dim === "" ? "" : `${value}, `}x.organisation_id, x.region_code`;
      await trx.raw(
        `INSERT INTO ${grain.table} (${[...keyColumns(grain), ...MEASURES].join(", ")})
         SELECT ?, ${key}, ${sums} FROM stats_facts x GROUP BY ${group}`,
        [dim],
      );
      await trx.raw(
        `INSERT INTO ${grain.daysTable} (${[...keyColumns(grain), "days", "n"].join(", ")})
         SELECT ?, ${key}, x.days_sum, SUM(x.concluded) FROM stats_facts x
          WHERE x.concluded > 0 GROUP BY ${group}, x.days_sum`,
        [dim],
      );
    }
  }
}

export interface RefreshResult {
  cases: number;
  batches: number;
}

/**
 * Brings the aggregates up to date with every change committed so far. Cheap when nothing
 * changed (one indexed read). Batches keep a large backlog (after a bulk load or a migration)
 * from holding one huge transaction.
 */
export async function refreshStats(
  knex: Knex,
  options: { batchSize?: number; now?: () => string; onBatch?: (r: RefreshResult) => void } = {},
): Promise<RefreshResult> {
  const batchSize = options.batchSize ?? 2000;
  const now = options.now ?? (() => new Date().toISOString());
  const result: RefreshResult = { cases: 0, batches: 0 };
  for (;;) {
    const pending = await knex("stats_dirty").select("id").limit(1);
    if (pending.length === 0) return result;
    let done = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        done = await refreshBatch(knex, batchSize, now());
        break;
      } catch (err) {
        if (!retryable(err) || attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
      }
    }
    result.cases += done;
    result.batches += 1;
    options.onBatch?.(result);
  }
}

/**
 * Recounts everything: every case's facts, then the aggregates summed from the facts in SQL.
 * For a database loaded in bulk (an import, the benchmark), where recounting case by case would
 * take long. One transaction, holding the refresher's lock: marks made meanwhile stay for the
 * next refresh. Returns the number of cases counted.
 */
export async function rebuildStats(
  knex: Knex,
  options: { chunk?: number; onProgress?: (cases: number) => void } = {},
): Promise<number> {
  const chunk = options.chunk ?? 5000;
  const pg = isPostgres(knex);
  return knex.transaction(
    async (trx) => {
      await trx("stats_state").where({ id: 1 }).update({ refreshed_at: new Date().toISOString() });
      const last = (await trx("stats_dirty").max({ id: "id" }).first()) as Row | undefined;
      await trx("stats_dirty")
        .where("id", "<=", Number(last?.id ?? 0))
        .delete();
      for (const t of ["stats_facts", ...GRAINS.flatMap((g) => [g.table, g.daysTable])])
        await trx(t).delete();
      let done = 0;
      for (let after = 0; ;) {
        const ids = (
          (await trx("cases").where("id", ">", after).orderBy("id").limit(chunk).select("id")) as Row[]
        ).map((r) => Number(r.id));
        if (ids.length === 0) break;
        const facts = (await loadSnapshots(trx, ids)).flatMap(caseFacts);
        for (const part of chunks(facts, 500)) await trx("stats_facts").insert(part.map(factToRow));
        after = ids.at(-1)!;
        done += ids.length;
        options.onProgress?.(done);
      }
      await fillAggregates(trx);
      return done;
    },
    pg ? { isolationLevel: "repeatable read" } : undefined,
  );
}
