/** Region codes: pure arithmetic on the 12-digit 统计用区划代码, shared by access rules and queries. */

/**
 * The region codes whose area holds this one: the province, city, county, township and village
 * above it, and itself. An organisation or pool sitting at one of them serves the place.
 */
export function coveringCodes(code: string): string[] {
  const out = [2, 4, 6, 9, 12].map((n) => code.slice(0, n).padEnd(12, "0"));
  return [...new Set([...out, code])];
}

export const isVillageCode = (code: string) => code.length >= 12 && code.slice(9, 12) !== "000";
