import type { Region } from "../places/regions.js";

export interface PlaceGroup {
  label: string;
  options: { value: string; label: string }[];
}

const INDENT = "\u3000";

/**
 * The application form's place picker without JavaScript: one <optgroup> per township (乡镇/街道,
 * labelled with its county when there are several), holding the township itself, its villages and,
 * indented under each village, its villager groups — down to the group, as the dispute is placed.
 * Pure: takes the regions in code order (RegionService.list).
 */
export function placeGroups(regions: readonly Region[]): PlaceGroup[] {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const counties = regions.filter((r) => r.level === "county").length;
  const groups = new Map<string, PlaceGroup>();
  const townshipOf = (r: Region): Region | undefined => {
    let at: Region | undefined = r;
    while (at && at.level !== "township") at = at.parentCode ? byCode.get(at.parentCode) : undefined;
    return at;
  };
  for (const r of regions) {
    if (r.level !== "township" && r.level !== "village" && r.level !== "group") continue;
    const town = townshipOf(r);
    if (!town) continue;
    let g = groups.get(town.code);
    if (!g) {
      const county = town.parentCode ? byCode.get(town.parentCode) : undefined;
      g = { label: counties > 1 && county ? `${county.name} ${town.name}` : town.name, options: [] };
      groups.set(town.code, g);
    }
    if (r.level === "township")
      g.options.push({ value: r.code, label: `${r.name}（不在村里，或不清楚哪个村）` });
    else if (r.level === "village") g.options.push({ value: r.code, label: r.name });
    else g.options.push({ value: r.code, label: `${INDENT}${r.name}` });
  }
  return [...groups.values()];
}
