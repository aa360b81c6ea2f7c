/** Form rows (parties, obligations) as a list, in index order, whatever shape qs gave them. */
export function rowsOf(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value as Record<string, unknown>[];
  if (value && typeof value === "object") {
    return Object.entries(value as Record<string, Record<string, unknown>>)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, v]) => v);
  }
  return [];
}
