import type { Knex } from "knex";
import type { SessionUser } from "./scope.js";

/**
 * Issue 21: the signed-in user (user ⋈ organisation ⋈ region, and the roles) kept for a few
 * seconds per process, so a page does not read them on every request. One cache per database
 * handle (a WeakMap on the Knex instance: the auth and user services of one app share it, two
 * apps in one process do not).
 *
 * The admin pages' writes (a user's particulars, roles, active flag, password) forget the entry at
 * once in this process; another process of the same database (node:cluster, a second instance)
 * sees the change after at most TTL_MS. A password change also ends the user's web sessions and
 * tokens outright, so it needs no TTL.
 */
export const TTL_MS = 5_000;
const MAX_ENTRIES = 2_000;

interface Entry {
  user: SessionUser | null;
  expires: number;
}

export class SessionUserCache {
  private readonly entries = new Map<number, Entry>();

  /** The cached answer (a user, or null for "no such active user"), or undefined when not cached. */
  get(id: number, now = Date.now()): SessionUser | null | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (e.expires <= now) {
      this.entries.delete(id);
      return undefined;
    }
    return e.user;
  }

  set(id: number, user: SessionUser | null, now = Date.now()): void {
    this.entries.delete(id);
    if (this.entries.size >= MAX_ENTRIES) {
      // The oldest insertion goes first (a Map iterates in insertion order).
      const first = this.entries.keys().next();
      if (!first.done) this.entries.delete(first.value);
    }
    this.entries.set(id, { user, expires: now + TTL_MS });
  }

  forget(id: number): void {
    this.entries.delete(id);
  }

  clear(): void {
    this.entries.clear();
  }
}

const caches = new WeakMap<Knex, SessionUserCache>();

/** The cache of this database handle (a transaction's handle maps to its own, unused, cache). */
export function sessionUserCache(knex: Knex): SessionUserCache {
  let c = caches.get(knex);
  if (!c) {
    c = new SessionUserCache();
    caches.set(knex, c);
  }
  return c;
}
