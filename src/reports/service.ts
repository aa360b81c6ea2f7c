import type { Knex } from "knex";
import { z } from "zod";
import { SOURCE_LABELS, SOURCES } from "../cases/labels.js";
import { beijingDate } from "../shared/dates.js";
import type { Clock } from "../clock.js";
import { NotFoundError, ValidationError } from "../errors.js";
import { MEDIATOR_KIND_LABELS, MEDIATOR_KINDS } from "../mediators/roster.js";
import { ORGANISATION_KINDS, REGION_LEVELS, regionPrefix, type RegionLevel } from "../places/kinds.js";
import { scopeFor, type SessionUser } from "../people/scope.js";
import { isPostgres } from "../db/knex.js";
import { parseOrThrow } from "../validation.js";
import { canSeeStats } from "./access.js";
import { aggregate, type Grouping } from "./aggregate.js";
import {
  addSums,
  emptySums,
  figures,
  NO_MEDIATOR,
  type Figures,
  type Measure,
  type Sums,
} from "./figures.js";
import { isoDate, monthsBetween } from "./periods.js";
import { refreshStats } from "./refresh.js";
import { statsScope, type StatsScope } from "./scope.js";
import { codesOf } from "../shared/codes.js";

export const GROUP_BY_LABELS = {
  type: "纠纷类型",
  region: "地区",
  month: "月份",
  source: "纠纷来源",
  mediatorKind: "调解员类型",
  committee: "调解组织",
};
export type GroupBy = keyof typeof GROUP_BY_LABELS;
export const GROUP_BYS = codesOf(GROUP_BY_LABELS);

/** The mediator kinds a table always shows, even with nothing to count. */
const MAIN_KINDS = ["staff", "five_elders", "sage", "expert"];

export interface RegionInfo {
  code: string;
  name: string;
  level: RegionLevel;
  prefix: string;
}

export interface Group extends Figures {
  key: string;
  name: string;
  /** For a region group: the code to drill down into, if it has places below it. */
  drill: string | null;
}

export interface StatsParams {
  from: string;
  to: string;
  region?: string | null;
  groupBy?: GroupBy | null;
}

export interface StatsResult {
  from: string;
  to: string;
  today: string;
  /** The region filter, if any. */
  region: RegionInfo | null;
  /** The region whose children a region grouping shows. */
  base: RegionInfo;
  groupBy: GroupBy | null;
  totals: Figures;
  groups: Group[];
}

export const statsQuery = z
  .object({
    region: z
      .string()
      .regex(/^\d{12}(\d{3})?$/, "region 应为 12 位区划代码")
      .optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    groupBy: z.enum(GROUP_BYS, { error: `groupBy 应为 ${GROUP_BYS.join("、")} 之一` }).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "to 不能早于 from" });
  });

type Row = Record<string, unknown>;

/** Statistics for the justice bureaus: figures (figures.ts) summed over the cases a user may see. */
export class StatsService {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return beijingDate(this.clock.now());
  }

  /** Which state of the aggregates a reader sees: bumped by every refresh batch (see refresh.ts). */
  async version(): Promise<string> {
    const row = (await this.knex("stats_state").where({ id: 1 }).select("refreshes").first()) as
      Row | undefined;
    return String(row?.refreshes ?? "");
  }

  /** Counts every change committed so far (see refresh.ts). */
  refresh() {
    return refreshStats(this.knex, { now: () => this.clock.now().toISOString() });
  }

  async region(code: string): Promise<RegionInfo | null> {
    const r = (await this.knex("regions").where({ code }).first()) as Row | undefined;
    if (!r) return null;
    const level = r.level as RegionLevel;
    return { code: String(r.code), name: String(r.name), level, prefix: regionPrefix(String(r.code), level) };
  }

  /**
   * Where a user's statistics start: a justice office or bureau's own region; for everyone else
   * the county their organisation is in (a committee's disputes may lie in neighbouring villages).
   */
  async homeRegion(user: SessionUser): Promise<RegionInfo> {
    const org = user.organisation;
    const depth = REGION_LEVELS.indexOf(org.regionLevel);
    const code =
      user.roles.includes("officer") || depth <= REGION_LEVELS.indexOf("county")
        ? org.regionCode
        : regionPrefix(org.regionCode, "county").padEnd(12, "0");
    return (await this.region(code)) ?? (await this.region(org.regionCode))!;
  }

  /** Ancestors of a region from `top` down to it (just the region when it is not under `top`). */
  async breadcrumbs(top: RegionInfo, region: RegionInfo): Promise<RegionInfo[]> {
    if (!region.code.startsWith(top.prefix)) return [region];
    const out: RegionInfo[] = [];
    let r: RegionInfo | null = region;
    while (r && r.code !== top.code) {
      out.unshift(r);
      const row = (await this.knex("regions").where({ code: r.code }).select("parent_code").first()) as
        Row | undefined;
      r = row?.parent_code ? await this.region(String(row.parent_code)) : null;
    }
    out.unshift(top);
    return out;
  }

  /** Parses and checks the API's query string. */
  async parseQuery(query: Record<string, string>): Promise<StatsParams> {
    const q = parseOrThrow(statsQuery, query);
    const year = this.today().slice(0, 4);
    if (q.region && !(await this.region(q.region))) {
      throw new ValidationError([{ field: "region", message: `区划代码 ${q.region} 不存在` }]);
    }
    return {
      from: q.from ?? `${year}-01-01`,
      to: q.to ?? (q.from && q.from > `${year}-12-31` ? q.from : `${year}-12-31`),
      region: q.region ?? null,
      groupBy: q.groupBy ?? null,
    };
  }

  /** The figures for the cases the user may see, in total and per group. */
  async stats(user: SessionUser, params: StatsParams, scopeOverride?: StatsScope): Promise<StatsResult> {
    await this.refresh();
    const scope = scopeOverride ?? (await statsScope(this.knex, user));
    return this.read((db) => this.compute(db, user, scope, params));
  }

  /** Several statistics from one snapshot of the aggregates (PostgreSQL: one REPEATABLE READ transaction). */
  async read<T>(fn: (db: Knex | Knex.Transaction) => Promise<T>): Promise<T> {
    if (!isPostgres(this.knex)) return fn(this.knex);
    return this.knex.transaction((trx) => fn(trx), { isolationLevel: "repeatable read", readOnly: true });
  }

  /**
   * `light`: the period's counts only (no obligations, overdue or medians), for a chart.
   * `home`: the user's home region when the caller already has it (`homeRegion`).
   * `measures` (with `light`): only these period counts, for a chart that shows nothing else;
   * the other figures are 0 and a group counted in none of them is left out.
   */
  async compute(
    db: Knex | Knex.Transaction,
    user: SessionUser,
    scope: StatsScope,
    params: StatsParams,
    options: { light?: boolean; measures?: Measure[]; home?: RegionInfo } = {},
  ): Promise<StatsResult> {
    const today = this.today();
    const region = params.region ? await this.region(params.region) : null;
    if (params.region && !region) throw new NotFoundError("找不到该行政区划");
    const base = region ?? options.home ?? (await this.homeRegion(user));
    const groupBy = params.groupBy ?? null;
    const grouping = await this.grouping(db, groupBy, base);
    const sums = await this.sums(db, user, scope, params, grouping, { ...options, region });
    const total = emptySums();
    for (const s of sums.values()) addSums(total, s);
    const groups = groupBy ? await this.label(db, groupBy, sums, base, params) : [];
    return { from: params.from, to: params.to, today, region, base, groupBy, totals: figures(total), groups };
  }

  /** The sums per group for any grouping, including ones the API does not offer (type × source). */
  async sums(
    db: Knex | Knex.Transaction,
    user: SessionUser,
    scope: StatsScope,
    params: StatsParams,
    grouping: Grouping,
    options: { light?: boolean; measures?: Measure[]; region?: RegionInfo | null } = {},
  ): Promise<Map<string, Sums>> {
    const region =
      options.region !== undefined ? options.region : params.region ? await this.region(params.region) : null;
    return aggregate(
      db,
      {
        from: params.from,
        to: params.to,
        today: this.today(),
        regionPrefix: region?.prefix ?? null,
        scope,
        group: grouping,
      },
      { light: options.light, measures: options.measures },
    );
  }

  private async grouping(
    db: Knex | Knex.Transaction,
    groupBy: GroupBy | null,
    base: RegionInfo,
  ): Promise<Grouping> {
    switch (groupBy) {
      case null:
        return { by: "none" };
      case "type":
        return { by: "dim", dim: "type" };
      case "source":
        return { by: "dim", dim: "source" };
      case "mediatorKind":
        return { by: "dim", dim: "kind" };
      case "month":
        return { by: "month" };
      case "committee":
        return { by: "committee" };
      case "region": {
        const child = (await db("regions")
          .where({ parent_code: base.code })
          .select("code", "level")
          .first()) as Row | undefined;
        const level =
          (child?.level as RegionLevel | undefined) ?? REGION_LEVELS[REGION_LEVELS.indexOf(base.level) + 1];
        return {
          by: "region",
          base: base.prefix,
          length: level ? regionPrefix("0".repeat(15), level).length : 15,
        };
      }
    }
  }

  /** Names the groups, in a fixed order, with the rows a reader expects even when they are zero. */
  private async label(
    db: Knex | Knex.Transaction,
    groupBy: GroupBy,
    sums: Map<string, Sums>,
    base: RegionInfo,
    params: StatsParams,
  ): Promise<Group[]> {
    const rows: { key: string; name: string; drill: string | null }[] = [];
    const seen = new Set<string>();
    /** A row; `always` false: only when there is something to count. */
    const push = (key: string, name: string, drill: string | null = null, always = true) => {
      if (seen.has(key) || (!always && !sums.has(key))) return;
      seen.add(key);
      rows.push({ key, name, drill });
    };
    switch (groupBy) {
      case "type": {
        const types = (await db("dispute_types")
          .orderBy("sort_order")
          .select("code", "name", "active")) as Row[];
        for (const t of types) push(String(t.code), String(t.name), null, Boolean(t.active));
        break;
      }
      case "source":
        for (const s of SOURCES) push(s, SOURCE_LABELS[s]);
        break;
      case "mediatorKind":
        for (const k of MEDIATOR_KINDS) push(k, MEDIATOR_KIND_LABELS[k], null, MAIN_KINDS.includes(k));
        push(NO_MEDIATOR, "未指派调解员", null, false);
        break;
      case "month":
        for (const m of monthsBetween(params.from.slice(0, 7), params.to.slice(0, 7))) {
          push(m, `${Number(m.slice(0, 4))}年${Number(m.slice(5, 7))}月`);
        }
        break;
      case "committee": {
        const ids = [...sums.keys()].map(Number);
        const orgs = (await db("organisations")
          .whereIn("id", ids.length ? ids : [-1])
          .select("id", "name", "kind")) as Row[];
        orgs.sort(
          (a, b) =>
            ORGANISATION_KINDS.indexOf(a.kind as never) - ORGANISATION_KINDS.indexOf(b.kind as never) ||
            String(a.name).localeCompare(String(b.name), "zh-CN"),
        );
        for (const o of orgs) push(String(o.id), String(o.name));
        break;
      }
      case "region": {
        const children = (await db("regions").where({ parent_code: base.code }).orderBy("code")) as Row[];
        for (const c of children) {
          const level = c.level as RegionLevel;
          const key = regionPrefix(String(c.code), level);
          push(key, String(c.name), level === "group" ? null : String(c.code));
        }
        push(base.prefix, `${base.name}（本级）`, null, false);
        push("~", `${base.name}以外`, null, false);
        break;
      }
    }
    // Anything counted that the reference data does not name (a deleted type, say) still shows.
    // Months are the period's only: overdue cases due in other months count in the total alone.
    if (groupBy !== "month") for (const k of sums.keys()) push(k, k);
    return rows.map((r) => ({ ...r, ...figures(sums.get(r.key) ?? emptySums()) }));
  }

  /** Whether the user's statistics come from the aggregates alone, for the page's note. */
  async scopeOf(user: SessionUser): Promise<StatsScope> {
    return statsScope(this.knex, user);
  }

  static canSeePage(user: SessionUser): boolean {
    return canSeeStats(user);
  }

  static visibleScope(user: SessionUser) {
    return scopeFor(user);
  }
}
