import type { Knex } from "knex";
import { SOURCES } from "../cases/labels.js";
import type { SessionUser } from "../people/scope.js";
import { emptySums, figures, type Figures, type Sums, addSums } from "./figures.js";
import type { StatsScope } from "./scope.js";
import type { StatsParams, StatsService } from "./service.js";

/**
 * The Ministry of Justice's statistical table (人民调解案件统计表): one row per dispute type, with
 * cases accepted (and how they arrived), mediated successfully, the success rate, the amount
 * agreed, and prevented escalations as cases and people.
 */
export const MINISTRY_SOURCES = [
  { key: "initiative", label: "主动调解", sources: ["initiative", "grid_report"] },
  { key: "application", label: "依申请调解", sources: ["application"] },
  {
    key: "referred",
    label: "接受委托移送",
    sources: ["court_referral", "police_referral", "petition", "hotline"],
  },
] as const;

export interface MinistryRow {
  key: string;
  name: string;
  figures: Figures;
  /** Accepted, by MINISTRY_SOURCES. */
  acceptedBySource: number[];
}

export interface MinistryTable {
  rows: MinistryRow[];
  total: MinistryRow;
}

export function sourceCategory(source: string): number {
  return MINISTRY_SOURCES.findIndex((c) => (c.sources as readonly string[]).includes(source));
}

/** Every source belongs to exactly one category (a test holds this). */
export const UNCATEGORISED_SOURCES = SOURCES.filter((s) => sourceCategory(s) < 0);

export async function ministryTable(
  stats: StatsService,
  db: Knex | Knex.Transaction,
  user: SessionUser,
  scope: StatsScope,
  params: StatsParams,
): Promise<MinistryTable> {
  const byType = await stats.sums(db, user, scope, params, { by: "dim", dim: "type" });
  const byTypeSource = await stats.sums(db, user, scope, params, { by: "dim", dim: "type_source" });
  const types = (await db("dispute_types").orderBy("sort_order").select("code", "name", "active")) as {
    code: string;
    name: string;
    active: boolean | number;
  }[];
  const bySource = (type: string | null) =>
    MINISTRY_SOURCES.map((_c, i) =>
      [...byTypeSource.entries()]
        .filter(
          ([k]) => (type === null || k.split("|")[0] === type) && sourceCategory(k.split("|")[1]!) === i,
        )
        .reduce((sum, [, s]) => sum + s.period.accepted, 0),
    );
  const rows: MinistryRow[] = types
    .filter((t) => t.active || byType.has(t.code))
    .map((t) => ({
      key: t.code,
      name: t.name,
      figures: figures(byType.get(t.code) ?? emptySums()),
      acceptedBySource: bySource(t.code),
    }));
  const all: Sums = emptySums();
  for (const s of byType.values()) addSums(all, s);
  return {
    rows,
    total: { key: "total", name: "合计", figures: figures(all), acceptedBySource: bySource(null) },
  };
}
