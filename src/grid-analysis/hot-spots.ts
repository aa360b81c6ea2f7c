import { CATEGORY_LABELS } from "./figures.js";
import { compare, heatBand, type Trend } from "./rules.js";

/**
 * Hot spots (热点): disputes per village and type in the period against the period before, and
 * the tiles of the map-like grid (every village of the area, grouped by township). Pure.
 */
export interface Count {
  village: string;
  type: string;
  n: number;
}

export interface HotSpot {
  village: string;
  place: string;
  type: string;
  typeName: string;
  n: number;
  previous: number;
  trend: Trend;
  trendText: string;
}

export interface Tile {
  code: string;
  name: string;
  n: number;
  previous: number;
  band: number;
  trend: Trend;
  trendText: string;
}

export interface Region {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
}

export function typeName(type: string, names: ReadonlyMap<string, string>): string {
  if (type.startsWith("grid:")) {
    const c = type.slice(5) as keyof typeof CATEGORY_LABELS;
    return `网格上报·${CATEGORY_LABELS[c] ?? c}`;
  }
  return names.get(type) ?? type;
}

const key = (c: { village: string; type: string }) => `${c.village}|${c.type}`;

/** Village × type rows of either period, busiest first; a row of the last period only shows 0 now. */
export function hotSpots(
  current: readonly Count[],
  previous: readonly Count[],
  names: ReadonlyMap<string, string>,
  placeName: (village: string) => string,
): HotSpot[] {
  const prev = new Map(previous.map((c) => [key(c), c.n]));
  const now = new Map(current.map((c) => [key(c), c.n]));
  const keys = new Set([...now.keys(), ...prev.keys()]);
  return [...keys]
    .map((k) => {
      const [village, type] = k.split("|") as [string, string];
      const n = now.get(k) ?? 0;
      const p = prev.get(k) ?? 0;
      const c = compare(n, p);
      return {
        village,
        place: placeName(village),
        type,
        typeName: typeName(type, names),
        n,
        previous: p,
        trend: c.trend,
        trendText: c.text,
      };
    })
    .sort(
      (a, b) =>
        b.n - a.n ||
        b.previous - a.previous ||
        a.village.localeCompare(b.village) ||
        a.type.localeCompare(b.type),
    );
}

/** Sums per village (every type). */
export function perVillage(counts: readonly Count[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of counts) out.set(c.village, (out.get(c.village) ?? 0) + c.n);
  return out;
}

/**
 * The tiles: each township of the area with its villages in code order; disputes recorded at a
 * township itself get a tile "本级". Bands scale to the busiest tile.
 */
export function villageTiles(
  regions: readonly Region[],
  current: readonly Count[],
  previous: readonly Count[],
) {
  const now = perVillage(current);
  const before = perVillage(previous);
  const townships = regions.filter((r) => r.level === "township");
  const max = Math.max(0, ...now.values());
  const tile = (code: string, name: string): Tile => {
    const n = now.get(code) ?? 0;
    const p = before.get(code) ?? 0;
    const c = compare(n, p);
    return { code, name, n, previous: p, band: heatBand(n, max), trend: c.trend, trendText: c.text };
  };
  return townships.map((t) => {
    const villages = regions.filter((r) => r.level === "village" && r.parent_code === t.code);
    const tiles = villages.map((v) => tile(v.code, v.name));
    const own = t.code.slice(0, 12);
    if (now.has(own) || before.has(own)) tiles.unshift(tile(own, `${t.name}本级`));
    return { code: t.code, name: t.name, total: tiles.reduce((s, x) => s + x.n, 0), tiles };
  });
}
