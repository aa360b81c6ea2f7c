import { MEASURES, type Fact, type Measures } from "./figures.js";

/**
 * The maintained aggregates. stats_facts holds each case's facts (one row per case and day);
 * stats_monthly sums them by month, committee and place, once per dimension: '' (no grouping),
 * and each grouping a query may ask for that is not a committee, a place or a month.
 * stats_monthly_days keeps, per the same key, how many concluded cases took how many days.
 */
export const CUBE_DIMS = ["", "type", "source", "kind", "type_source"] as const;

/**
 * The aggregates come in two grains with the same columns and keys: per month (stats_monthly,
 * key column `month`, 'YYYY-MM') and per year (stats_yearly, key column `year`, 'YYYY'), so a
 * year's figures read a twelfth of the rows. `cut` is how much of a fact's day makes the key.
 */
export interface Grain {
  table: "stats_monthly" | "stats_yearly";
  daysTable: "stats_monthly_days" | "stats_yearly_days";
  column: "month" | "year";
  cut: 7 | 4;
}
export const MONTHLY: Grain = {
  table: "stats_monthly",
  daysTable: "stats_monthly_days",
  column: "month",
  cut: 7,
};
export const YEARLY: Grain = {
  table: "stats_yearly",
  daysTable: "stats_yearly_days",
  column: "year",
  cut: 4,
};
export const GRAINS: readonly Grain[] = [MONTHLY, YEARLY];
export type CubeDim = (typeof CUBE_DIMS)[number];

/** A fact's value on a dimension. */
export function dimValue(dim: CubeDim, f: Pick<Fact, "typeCode" | "source" | "mediatorKind">): string {
  switch (dim) {
    case "":
      return "";
    case "type":
      return f.typeCode;
    case "source":
      return f.source;
    case "kind":
      return f.mediatorKind;
    case "type_source":
      return `${f.typeCode}|${f.source}`;
  }
}

/** The same value as SQL over stats_facts (alias x). */
export function dimValueSql(dim: CubeDim): string {
  switch (dim) {
    case "":
      return "''";
    case "type":
      return "x.type_code";
    case "source":
      return "x.source";
    case "kind":
      return "x.mediator_kind";
    case "type_source":
      return "x.type_code || '|' || x.source";
  }
}

export interface CubeKey {
  dim: CubeDim;
  /** The month ('YYYY-MM') or, for the yearly grain, the year ('YYYY'). */
  month: string;
  dimValue: string;
  organisationId: number;
  regionCode: string;
}

const keyString = (k: CubeKey) =>
  JSON.stringify([k.dim, k.month, k.dimValue, k.organisationId, k.regionCode]);

export interface CubeDelta {
  monthly: { key: CubeKey; m: Measures }[];
  days: { key: CubeKey; days: number; n: number }[];
}

/**
 * What replacing a set of cases' old facts with their new facts changes in the aggregates:
 * new minus old, summed per aggregate row; rows that do not change are left out.
 */
export function cubeDelta(oldFacts: Fact[], newFacts: Fact[], grain: Grain = MONTHLY): CubeDelta {
  const monthly = new Map<string, { key: CubeKey; m: Measures }>();
  const days = new Map<string, { key: CubeKey; days: number; n: number }>();
  const apply = (facts: Fact[], sign: number) => {
    for (const f of facts) {
      for (const dim of CUBE_DIMS) {
        const key: CubeKey = {
          dim,
          month: f.day.slice(0, grain.cut),
          dimValue: dimValue(dim, f),
          organisationId: f.organisationId,
          regionCode: f.regionCode,
        };
        const ks = keyString(key);
        let row = monthly.get(ks);
        if (!row) {
          row = { key, m: Object.fromEntries(MEASURES.map((x) => [x, 0])) as Measures };
          monthly.set(ks, row);
        }
        for (const x of MEASURES) row.m[x] += sign * f.m[x];
        if (f.m.concluded > 0) {
          // One concluded case per fact row at most: its days_sum is its days to conclude.
          const dks = `${ks}|${f.m.days_sum}`;
          const d = days.get(dks) ?? { key, days: f.m.days_sum, n: 0 };
          d.n += sign * f.m.concluded;
          days.set(dks, d);
        }
      }
    }
  };
  apply(oldFacts, -1);
  apply(newFacts, 1);
  return {
    monthly: [...monthly.values()].filter((r) => MEASURES.some((x) => r.m[x] !== 0)),
    days: [...days.values()].filter((d) => d.n !== 0),
  };
}
