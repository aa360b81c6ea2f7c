import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Issue 21: reads shared by the parts of one page within one request. A route that assembles a
 * page from several services (the party's case page) runs its reads inside `withRequestMemo`;
 * there, `memo(key, load)` answers a read already made in this request from it instead of the
 * database. Outside such a scope (every other request, every transaction) `memo` just loads.
 * Nothing outlives the request, so nothing can be stale beyond it; use it for reads only, in
 * requests that do not write.
 */
const storage = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

export function withRequestMemo<T>(fn: () => Promise<T>): Promise<T> {
  return storage.run(new Map(), fn);
}

/** Whether this code runs inside `withRequestMemo`. */
export function inRequestMemo(): boolean {
  return storage.getStore() !== undefined;
}

export function memo<T>(key: string, load: () => Promise<T>): Promise<T> {
  const store = storage.getStore();
  if (!store) return load();
  let p = store.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    store.set(key, p);
    // A failed read is not remembered: the next caller tries again (and sees the error itself).
    p.catch(() => store.delete(key));
  }
  return p;
}
