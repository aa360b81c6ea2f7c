import type { Knex } from "knex";
import { whereVisible } from "../cases/repository.js";
import { dimValueSql, MONTHLY, YEARLY, type CubeDim, type Grain } from "./cube.js";
import { emptySums, MEASURES, type Measure, type Sums } from "./figures.js";
import { addDays } from "../shared/dates.js";
import { splitRange } from "./periods.js";
import type { StatsScope } from "./scope.js";

/**
 * Sums the facts of the cases in scope, grouped, for a period: whole months from stats_monthly,
 * the odd days at either end from stats_facts. Both tables hold the same measures, so the two
 * parts add up to what summing every case's facts would give.
 */
export type Grouping =
  | { by: "none" }
  | { by: "dim"; dim: Exclude<CubeDim, ""> }
  | { by: "month" }
  | { by: "committee" }
  /** Children of a region: codes starting with `base`, cut to `length` digits; '~' for the rest. */
  | { by: "region"; base: string; length: number };

export interface AggregateQuery {
  from: string;
  to: string;
  today: string;
  /** Only disputes whose place starts with this region prefix. */
  regionPrefix: string | null;
  scope: StatsScope;
  group: Grouping;
}

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;
type Source = "yearly" | "monthly" | "facts";

/** Where "every deadline day before today" starts. */
const OVERDUE_FROM = "0001-01-01";

const PERIOD_MEASURES = MEASURES.filter(
  (m) => m !== "open_due" && m !== "oblig_due" && m !== "oblig_performed",
) as Measure[];

function groupSql(g: Grouping, source: Source): { sql: string; bindings: Knex.RawBinding[] } {
  switch (g.by) {
    case "none":
      return { sql: "''", bindings: [] };
    case "dim":
      return { sql: source === "facts" ? dimValueSql(g.dim) : "x.dim_value", bindings: [] };
    case "month":
      // Never from the yearly grain: pieces() reads months for a grouping by month.
      return { sql: source === "monthly" ? "x.month" : "substr(x.day, 1, 7)", bindings: [] };
    case "committee":
      return { sql: "x.organisation_id", bindings: [] };
    case "region":
      return {
        sql: `CASE WHEN x.region_code LIKE ? THEN substr(x.region_code, 1, ${Number(g.length)}) ELSE '~' END`,
        bindings: [`${g.base}%`],
      };
  }
}

function cubeDim(g: Grouping): CubeDim {
  return g.by === "dim" ? g.dim : "";
}

const GRAIN: Record<Exclude<Source, "facts">, Grain> = { yearly: YEARLY, monthly: MONTHLY };

/** The base query on one source for a range, with the scope and place filters applied. */
function base(
  db: Db,
  q: AggregateQuery,
  source: Source,
  range: [string, string],
  days = false,
): Knex.QueryBuilder {
  const grain = source === "facts" ? null : GRAIN[source];
  const b = !grain
    ? db("stats_facts as x").whereBetween("x.day", range)
    : db(`${days ? grain.daysTable : grain.table} as x`)
        .where("x.dim", cubeDim(q.group))
        .whereBetween(`x.${grain.column}`, range);
  if (q.regionPrefix) b.where("x.region_code", "like", `${q.regionPrefix}%`);
  const s = q.scope;
  if (s.kind === "places") {
    b.where((w) => {
      w.whereIn("x.organisation_id", s.organisationIds.length ? s.organisationIds : [-1]);
      for (const p of s.regionPrefixes) w.orWhere("x.region_code", "like", `${p}%`);
    });
  } else if (s.kind === "cases") {
    b.join("cases as c", "c.id", "x.case_id");
    whereVisible(b, s.user, s.scope);
  }
  return b;
}

/**
 * A range as whole years and whole months (aggregates) and odd days (facts); whole months only
 * for a grouping by month; everything from facts for case scopes.
 */
function pieces(
  q: AggregateQuery,
  range: [string, string],
  factsOnly = false,
): { source: Source; range: [string, string] }[] {
  if (range[0] > range[1]) return [];
  if (q.scope.kind === "cases" || factsOnly) return [{ source: "facts", range }];
  const split = splitRange(range[0], range[1]);
  const out: { source: Source; range: [string, string] }[] = split.months.map((m) => ({
    source: "monthly",
    range: m,
  }));
  if (split.years) {
    const [y1, y2] = split.years;
    out.push(
      q.group.by === "month"
        ? { source: "monthly", range: [`${y1}-01`, `${y2}-12`] }
        : { source: "yearly", range: split.years },
    );
  }
  for (const d of split.days) out.push({ source: "facts", range: d });
  return out;
}

/**
 * Sums the given measures over a range: whole months from the aggregates, the rest from facts.
 * `only` restricts the facts read to rows where a measure is set (with a partial index).
 */
async function sumRange(
  db: Db,
  q: AggregateQuery,
  range: [string, string],
  measures: Measure[],
  options: {
    extra?: { sql: string; bindings: Knex.RawBinding[]; as: string }[];
    factsOnly?: boolean;
    only?: Measure;
  } = {},
): Promise<Map<string, Row>> {
  const out = new Map<string, Row>();
  for (const piece of pieces(q, range, options.factsOnly)) {
    const g = groupSql(q.group, piece.source);
    const b = base(db, q, piece.source, piece.range);
    if (options.only) b.where(`x.${options.only}`, ">", 0);
    const selects = [
      db.raw(`${g.sql} AS k`, g.bindings),
      ...measures.map((m) => db.raw(`SUM(x.${m}) AS ${m}`)),
      ...(options.extra ?? []).map((e) => db.raw(`SUM(${e.sql}) AS ${e.as}`, e.bindings)),
    ];
    b.select(selects);
    if (q.group.by !== "none") b.groupByRaw("k");
    for (const r of (await b) as Row[]) {
      const key = String(r.k ?? "");
      const into = out.get(key) ?? {};
      for (const [col, v] of Object.entries(r)) {
        if (col === "k") continue;
        into[col] = Number(into[col] ?? 0) + Number(v ?? 0);
      }
      out.set(key, into);
    }
  }
  return out;
}

/** Days-to-conclude distributions per group, for medians. */
async function daysRange(
  db: Db,
  q: AggregateQuery,
  range: [string, string],
): Promise<Map<string, Map<number, number>>> {
  const out = new Map<string, Map<number, number>>();
  for (const piece of pieces(q, range)) {
    const g = groupSql(q.group, piece.source);
    const b =
      piece.source !== "facts"
        ? base(db, q, piece.source, piece.range, true)
            .select(db.raw(`${g.sql} AS k`, g.bindings), "x.days as d", db.raw("SUM(x.n) AS n"))
            .groupByRaw("k, x.days")
        : base(db, q, "facts", piece.range)
            .where("x.concluded", ">", 0)
            .select(db.raw(`${g.sql} AS k`, g.bindings), "x.days_sum as d", db.raw("SUM(x.concluded) AS n"))
            .groupByRaw("k, x.days_sum");
    for (const r of (await b) as Row[]) {
      const key = String(r.k ?? "");
      const hist = out.get(key) ?? new Map<number, number>();
      const d = Number(r.d);
      hist.set(d, (hist.get(d) ?? 0) + Number(r.n));
      out.set(key, hist);
    }
  }
  return out;
}

/**
 * The sums for every group: period measures over [from, to]; obligations over [from, today]
 * (an obligation counts once it is due); overdue over every day before today, whatever the
 * period; the village share from the committee's kind.
 */
export async function aggregate(
  db: Db,
  q: AggregateQuery,
  options: { light?: boolean; measures?: Measure[] } = {},
): Promise<Map<string, Sums>> {
  // A chart that shows a few counts reads those alone (the rest stay 0, no village share).
  const measures = options.light && options.measures ? options.measures : PERIOD_MEASURES;
  // Village (community) committees, read in the same statement (and snapshot) as the sums.
  const villageSql =
    "CASE WHEN x.organisation_id IN (SELECT id FROM organisations WHERE kind = ?) THEN x.concluded ELSE 0 END";
  const village = { sql: villageSql, bindings: ["village_committee"], as: "village_concluded" };
  const period = await sumRange(db, q, [q.from, q.to], measures, {
    extra: measures === PERIOD_MEASURES ? [village] : [],
  });
  // A chart needs the period's counts only.
  const light = options.light === true;
  const dueTo = q.to < q.today ? q.to : q.today;
  const obligations = light
    ? new Map()
    : await sumRange(db, q, [q.from, dueTo], ["oblig_due", "oblig_performed"], { only: "oblig_due" });
  // Every deadline day before today: whole years and months from the aggregates (which sum the
  // same open_due facts), the odd days of this month from the facts' partial index on open_due.
  const overdue = light
    ? new Map()
    : await sumRange(db, q, [OVERDUE_FROM, addDays(q.today, -1)], ["open_due"], { only: "open_due" });
  const days = light ? new Map<string, Map<number, number>>() : await daysRange(db, q, [q.from, q.to]);

  const out = new Map<string, Sums>();
  const sums = (k: string) => {
    let s = out.get(k);
    if (!s) out.set(k, (s = emptySums()));
    return s;
  };
  for (const [k, r] of period) {
    const s = sums(k);
    for (const m of measures) s.period[m] += Number(r[m] ?? 0);
    s.villageConcluded += Number(r.village_concluded ?? 0);
  }
  for (const [k, r] of obligations) {
    const s = sums(k);
    s.period.oblig_due += Number(r.oblig_due ?? 0);
    s.period.oblig_performed += Number(r.oblig_performed ?? 0);
  }
  for (const [k, r] of overdue) {
    if (Number(r.open_due ?? 0) === 0) continue;
    sums(k).overdue += Number(r.open_due);
  }
  for (const [k, hist] of days) {
    const s = sums(k);
    for (const [d, n] of hist) s.days.set(d, (s.days.get(d) ?? 0) + n);
  }
  // Groups that exist only because every count is zero are dropped.
  for (const [k, s] of out) {
    if (MEASURES.every((m) => s.period[m] === 0) && s.overdue === 0 && s.villageConcluded === 0)
      out.delete(k);
  }
  return out;
}
