import type { Knex } from "knex";

export interface CodeRow {
  id: number;
  codeHash: string;
  failures: number;
  expiresAt: string;
}

/** All SQL of a party's sign-in: requested codes (also the rate-limit counts) and party tokens. */
export class SignInRepository {
  constructor(private readonly knex: Knex) {}

  async countSince(column: "phone" | "ip", value: string, since: string): Promise<number> {
    const row = (await this.knex("party_sign_in_codes")
      .where(column, value)
      .where("created_at", ">", since)
      .count({ n: "*" })
      .first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  }

  /** When the oldest request inside the window was made (to say how long to wait). */
  async oldestSince(column: "phone" | "ip", value: string, since: string): Promise<string | null> {
    const row = (await this.knex("party_sign_in_codes")
      .where(column, value)
      .where("created_at", ">", since)
      .min({ at: "created_at" })
      .first()) as { at: string | null } | undefined;
    return row?.at ?? null;
  }

  async insertCode(
    trx: Knex.Transaction,
    row: { phone: string; codeHash: string; ip: string; at: string; expiresAt: string },
  ): Promise<void> {
    // A new code replaces any earlier one still open for the phone.
    await trx("party_sign_in_codes")
      .where({ phone: row.phone })
      .whereNull("used_at")
      .update({ used_at: row.at });
    await trx("party_sign_in_codes").insert({
      phone: row.phone,
      code_hash: row.codeHash,
      ip: row.ip.slice(0, 64),
      failures: 0,
      created_at: row.at,
      expires_at: row.expiresAt,
    });
  }

  /** The phone's one open code: not used, not expired, fewer than `maxFailures` wrong tries. */
  async openCode(phone: string, now: string, maxFailures: number): Promise<CodeRow | null> {
    const row = (await this.knex("party_sign_in_codes")
      .where({ phone })
      .whereNull("used_at")
      .where("expires_at", ">", now)
      .where("failures", "<", maxFailures)
      .orderBy("id", "desc")
      .first()) as Record<string, unknown> | undefined;
    if (!row) return null;
    return {
      id: Number(row.id),
      codeHash: String(row.code_hash),
      failures: Number(row.failures),
      expiresAt: String(row.expires_at),
    };
  }

  /** Uses the code once: of two requests racing with the right code, one wins. */
  async useCode(id: number, now: string, maxFailures: number): Promise<boolean> {
    const changed = await this.knex("party_sign_in_codes")
      .where({ id })
      .whereNull("used_at")
      .where("expires_at", ">", now)
      .where("failures", "<", maxFailures)
      .update({ used_at: now });
    return changed === 1;
  }

  async countFailure(id: number): Promise<void> {
    await this.knex("party_sign_in_codes")
      .where({ id })
      .update({ failures: this.knex.raw("failures + 1") });
  }

  async insertToken(row: { phone: string; tokenHash: string; at: string; expiresAt: string }): Promise<void> {
    await this.knex("party_tokens").insert({
      phone: row.phone,
      token_hash: row.tokenHash,
      created_at: row.at,
      expires_at: row.expiresAt,
    });
  }

  async phoneForToken(tokenHash: string, now: string): Promise<string | null> {
    const row = (await this.knex("party_tokens")
      .where({ token_hash: tokenHash })
      .where("expires_at", ">", now)
      .first("phone")) as { phone: string } | undefined;
    return row?.phone ?? null;
  }
}
