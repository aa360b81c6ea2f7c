import type { Knex } from "knex";
import { recordAudit } from "../audit/audit.js";
import type { Clock } from "../clock.js";
import { isPostgres } from "../db/knex.js";

export interface LoginLimits {
  /** Failed logins per username in a window before it is locked for the rest of the window. */
  max: number;
  windowMs: number;
  /** Failed logins from one client address per window (any usernames); 3 × max unless given. */
  perIp?: number;
}

export type LoginGate = { open: true } | { open: false; retryAfterSeconds: number };

type Row = { key: string; failures: number; window_started_at: string; locked_until: string | null };

/**
 * One failed-login counter per username, shared by the web form and the API, and one per client
 * address (issue 14 M4), kept in the database (every instance sees the same counts). A username
 * or address past its limit is locked until its window ends; the lockout is audited. Unknown
 * usernames are counted like known ones, so a lockout does not reveal which exist.
 */
export class LoginGuard {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly limits: LoginLimits,
  ) {}

  private keys(username: string, ip: string): [string, string] {
    return [`user:${username.trim().toLowerCase().slice(0, 200)}`, `ip:${ip.slice(0, 80)}`];
  }

  /** Whether a login may be tried now. */
  async gate(username: string, ip: string): Promise<LoginGate> {
    const now = this.clock.now().toISOString();
    const rows = (await this.knex("login_failures")
      .whereIn("key", this.keys(username, ip))
      .whereNotNull("locked_until")
      .where("locked_until", ">", now)) as Row[];
    if (rows.length === 0) return { open: true };
    const until = Math.max(...rows.map((r) => Date.parse(r.locked_until!)));
    return { open: false, retryAfterSeconds: Math.max(1, Math.ceil((until - Date.parse(now)) / 1000)) };
  }

  /** Counts a failure against the username and the address; locks and audits at the limit. */
  async failed(username: string, ip: string, channel: "web" | "api", userId: number | null): Promise<void> {
    const [userKey, ipKey] = this.keys(username, ip);
    const perIp = this.limits.perIp ?? this.limits.max * 3;
    await this.knex.transaction(async (trx) => {
      // Counts whose window and lock have both passed are kept no longer.
      const stale = new Date(this.clock.now().getTime() - this.limits.windowMs).toISOString();
      await trx("login_failures")
        .where("window_started_at", "<", stale)
        .where((q) =>
          q.whereNull("locked_until").orWhere("locked_until", "<", this.clock.now().toISOString()),
        )
        .delete();
      for (const [key, max] of [
        [userKey, this.limits.max],
        [ipKey, perIp],
      ] as const) {
        if (await this.count(trx, key, max)) {
          await recordAudit(trx, {
            actorUserId: null,
            action: "auth.lockout",
            entityType: key === userKey ? "user" : "client",
            entityId: key === userKey ? (userId ?? username.trim().toLowerCase()) : ip,
            after: {
              channel,
              failures: max,
              username: username.trim(),
              ip,
              minutes: this.limits.windowMs / 60_000,
            },
            at: this.clock.now().toISOString(),
          });
        }
      }
    });
  }

  /** Adds one failure; true when this one reaches the limit (the key is then locked). */
  private async count(trx: Knex.Transaction, key: string, max: number): Promise<boolean> {
    const now = this.clock.now();
    const iso = now.toISOString();
    const query = trx("login_failures").where({ key });
    const row = (await (isPostgres(trx) ? query.forUpdate() : query).first()) as Row | undefined;
    const fresh = !row || now.getTime() - Date.parse(row.window_started_at) >= this.limits.windowMs;
    const failures = fresh ? 1 : Number(row.failures) + 1;
    const lockedUntil =
      failures >= max
        ? new Date((fresh ? now.getTime() : Date.parse(row!.window_started_at)) + this.limits.windowMs)
        : null;
    const values = {
      failures,
      window_started_at: fresh ? iso : row!.window_started_at,
      locked_until: lockedUntil && lockedUntil.getTime() > now.getTime() ? lockedUntil.toISOString() : null,
    };
    if (row) await trx("login_failures").where({ key }).update(values);
    else
      await trx("login_failures")
        .insert({ key, ...values })
        .onConflict("key")
        .merge();
    return failures === max;
  }

  /** A successful login clears the username's count (not the address's). */
  async succeeded(username: string): Promise<void> {
    await this.knex("login_failures")
      .where({ key: this.keys(username, "")[0] })
      .delete();
  }
}
