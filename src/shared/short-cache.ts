/**
 * A per-process cache of slowly changing reads (reference data), each entry kept `ttlMs`
 * milliseconds. Entries hang off an owner object (the app's services), so two apps in one
 * process (the tests) never share one, and go with it. A read that fails is not kept.
 * Another process or instance sees a change within `ttlMs`: use it only where that is acceptable.
 */
export function shortCache<Owner extends object>(ttlMs: number) {
  const entries = new WeakMap<Owner, Map<string, { at: number; value: Promise<unknown> }>>();
  return function cached<T>(owner: Owner, key: string, load: () => Promise<T>): Promise<T> {
    let map = entries.get(owner);
    if (!map) entries.set(owner, (map = new Map()));
    const hit = map.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value as Promise<T>;
    const value = load();
    const entry = { at: Date.now(), value };
    map.set(key, entry);
    value.catch(() => {
      if (map.get(key) === entry) map.delete(key);
    });
    return value;
  };
}
