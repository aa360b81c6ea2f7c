import { createHash, randomBytes } from "node:crypto";
import type { Knex } from "knex";
import { z } from "zod";
import { recordAudit } from "../audit/audit.js";
import type { Clock } from "../clock.js";
import type { OrganisationKind, RegionLevel } from "../places/kinds.js";
import { LoginGuard, type LoginLimits } from "./login-guard.js";
import { DUMMY_HASH, verifyPassword } from "./passwords.js";
import type { Role } from "./roles.js";
import type { SessionUser } from "./scope.js";
import { sessionUserCache } from "./session-user-cache.js";
import { deleteWebSessions } from "./sessions.js";

/** `POST /api/v1/token`: the body an integration signs in with. */
export const tokenSchema = z.object({
  username: z.string({ error: "请提供用户名" }).trim().min(1, "请提供用户名"),
  password: z.string({ error: "请提供密码" }).min(1, "请提供密码"),
});

export type LoginResult =
  | { outcome: "ok"; user: SessionUser }
  | { outcome: "failed" }
  | { outcome: "locked"; retryAfterSeconds: number };

function sha256(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export class AuthService {
  private readonly guard: LoginGuard;

  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly tokenHours: number,
    loginLimits: LoginLimits = { max: 10, windowMs: 15 * 60 * 1000 },
  ) {
    this.guard = new LoginGuard(knex, clock, loginLimits);
  }

  /**
   * A login through the web form or the API: refused while the username or the address is locked,
   * counted when it fails, audited either way (issue 14 M4, L10).
   */
  async login(username: string, password: string, ip: string, channel: "web" | "api"): Promise<LoginResult> {
    const gate = await this.guard.gate(username, ip);
    if (!gate.open) return { outcome: "locked", retryAfterSeconds: gate.retryAfterSeconds };
    const user = await this.authenticate(username, password);
    const at = this.clock.now().toISOString();
    if (user) {
      await this.guard.succeeded(username);
      await recordAudit(this.knex, {
        actorUserId: user.id,
        action: "auth.login",
        entityType: "user",
        entityId: user.id,
        after: { channel, ip },
        at,
      });
      return { outcome: "ok", user };
    }
    const known = (await this.knex("users")
      .whereRaw("lower(username) = ?", [username.trim().toLowerCase()])
      .first("id")) as { id: number } | undefined;
    await recordAudit(this.knex, {
      actorUserId: null,
      action: "auth.failure",
      entityType: "user",
      entityId: known ? Number(known.id) : username.trim().toLowerCase().slice(0, 100),
      after: { channel, ip, username: username.trim().slice(0, 100) },
      at,
    });
    await this.guard.failed(username, ip, channel, known ? Number(known.id) : null);
    return { outcome: "failed" };
  }

  /** The user for a username and password, or null. Unknown users cost as much time as known ones. */
  async authenticate(username: string, password: string): Promise<SessionUser | null> {
    const row = await this.knex("users")
      .whereRaw("lower(username) = ?", [username.trim().toLowerCase()])
      .first();
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    if (!row || !ok || !row.active) return null;
    return this.loadSessionUser(Number(row.id));
  }

  /**
   * The user of a web session or API token, kept a few seconds per process
   * (session-user-cache.ts: the admin pages' writes forget it at once here, other processes
   * within 5 s).
   */
  async sessionUser(id: number): Promise<SessionUser | null> {
    const cache = sessionUserCache(this.knex);
    const cached = cache.get(id);
    // A copy: a request may not change what the next one is given.
    if (cached !== undefined)
      return cached && { ...cached, roles: [...cached.roles], organisation: { ...cached.organisation } };
    const user = await this.loadSessionUser(id);
    cache.set(id, user);
    return user;
  }

  /** The user as the database has it now (a login reads it fresh). */
  async loadSessionUser(id: number): Promise<SessionUser | null> {
    const row = await this.knex("users as u")
      .join("organisations as o", "o.id", "u.organisation_id")
      .join("regions as r", "r.code", "o.region_code")
      .select(
        "u.id",
        "u.username",
        "u.display_name",
        "u.active",
        "o.id as org_id",
        "o.name as org_name",
        "o.kind as org_kind",
        "o.region_code",
        "r.level as region_level",
      )
      .where("u.id", id)
      .first();
    if (!row || !row.active) return null;
    const roles = (await this.knex("user_roles").where({ user_id: id }).orderBy("role")).map(
      (r: { role: string }) => r.role as Role,
    );
    if (roles.length === 0) return null;
    return {
      id: Number(row.id),
      username: String(row.username),
      displayName: String(row.display_name),
      roles,
      organisation: {
        id: Number(row.org_id),
        name: String(row.org_name),
        kind: row.org_kind as OrganisationKind,
        regionCode: String(row.region_code),
        regionLevel: row.region_level as RegionLevel,
      },
    };
  }

  /** Revokes one API token (the caller's own); true if it existed. */
  async revokeToken(token: string): Promise<boolean> {
    const row = (await this.knex("api_tokens")
      .where({ token_hash: sha256(token) })
      .first()) as { id: number; user_id: number } | undefined;
    if (!row) return false;
    await this.knex.transaction(async (trx) => {
      await trx("api_tokens").where({ id: row.id }).delete();
      await recordAudit(trx, {
        actorUserId: Number(row.user_id),
        action: "auth.token.revoke",
        entityType: "user",
        entityId: Number(row.user_id),
        at: this.clock.now().toISOString(),
      });
    });
    return true;
  }

  /** An admin's "sign out everywhere": every web session and API token of the user ends. */
  async signOutEverywhere(actorId: number, userId: number): Promise<{ sessions: number; tokens: number }> {
    return this.knex.transaction(async (trx) => {
      const tokens = await trx("api_tokens").where({ user_id: userId }).delete();
      const sessions = await deleteWebSessions(trx, userId);
      await recordAudit(trx, {
        actorUserId: actorId,
        action: "auth.signout_everywhere",
        entityType: "user",
        entityId: userId,
        after: { sessions, tokens },
        at: this.clock.now().toISOString(),
      });
      return { sessions, tokens };
    });
  }

  async issueToken(userId: number): Promise<{ token: string; expiresAt: string }> {
    const token = randomBytes(32).toString("base64url");
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.tokenHours * 3600_000).toISOString();
    await this.knex("api_tokens").insert({
      user_id: userId,
      token_hash: sha256(token),
      created_at: now.toISOString(),
      expires_at: expiresAt,
    });
    await recordAudit(this.knex, {
      actorUserId: userId,
      action: "auth.token",
      entityType: "user",
      entityId: userId,
      after: { expiresAt },
      at: now.toISOString(),
    });
    return { token, expiresAt };
  }

  async userForToken(token: string): Promise<SessionUser | null> {
    const row = await this.knex("api_tokens")
      .where({ token_hash: sha256(token) })
      .where("expires_at", ">", this.clock.now().toISOString())
      .first();
    return row ? this.sessionUser(Number(row.user_id)) : null;
  }
}
