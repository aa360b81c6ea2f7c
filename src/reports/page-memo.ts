/**
 * A very short per-process memo of the statistics page's data: eight officers opening /stats at
 * once share one computation. An entry serves for at most `PAGE_MEMO_MS`, and only while the
 * aggregates are unchanged (`stats_state.refreshes`, which every refresh batch of any process
 * bumps, so a counted change ends it at once); the page says the time of its data (数据时间).
 * What it can miss for those seconds: an edit of reference data (a type's name, a committee's
 * kind) and a change made after the refresh that has not been counted yet.
 */
export const PAGE_MEMO_MS = 3000;
const MAX_ENTRIES = 200;

interface Entry {
  at: number;
  version: string;
  value: Promise<unknown>;
}

const entries = new Map<string, Entry>();

export function memoised<T>(key: string, version: string, compute: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.version === version && now - hit.at < PAGE_MEMO_MS) return hit.value as Promise<T>;
  for (const [k, e] of entries) if (now - e.at >= PAGE_MEMO_MS) entries.delete(k);
  if (entries.size >= MAX_ENTRIES) entries.clear();
  const value = compute();
  const entry: Entry = { at: now, version, value };
  entries.set(key, entry);
  value.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  return value;
}
