import { createHash, randomBytes } from "node:crypto";
import type { Knex } from "knex";
import type { Clock } from "../clock.js";
import type { OrganisationKind, RegionLevel } from "../places/kinds.js";
import { DUMMY_HASH, verifyPassword } from "./passwords.js";
import type { Role } from "./roles.js";
import type { SessionUser } from "./scope.js";

function sha256(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export class AuthService {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly tokenHours: number,
  ) {}

  /** The user for a username and password, or null. Unknown users cost as much time as known ones. */
  async authenticate(username: string, password: string): Promise<SessionUser | null> {
    const row = await this.knex("users")
      .whereRaw("lower(username) = ?", [username.trim().toLowerCase()])
      .first();
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    if (!row || !ok || !row.active) return null;
    return this.sessionUser(Number(row.id));
  }

  async sessionUser(id: number): Promise<SessionUser | null> {
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
