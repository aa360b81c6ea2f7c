import type { StatsResult } from "./service.js";

/**
 * The API's shape of a result (api.md "Statistics"): rates are fractions, null without a
 * denominator. Here, beside the query, so the API and the database-copy check compare the same shape.
 */
export function statsJson(r: StatsResult) {
  return {
    from: r.from,
    to: r.to,
    asOf: r.today,
    region: r.region ? { code: r.region.code, name: r.region.name, level: r.region.level } : null,
    groupBy: r.groupBy,
    totals: r.totals,
    groups: r.groups.map(({ drill, ...g }) => ({
      ...g,
      ...(r.groupBy === "region" ? { regionCode: drill } : {}),
    })),
  };
}
