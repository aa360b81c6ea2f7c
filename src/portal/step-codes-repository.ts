import type { Knex } from "knex";

export interface StepCodeRow {
  id: number;
  codeHash: string;
  failures: number;
}

export interface StepCodeKey {
  phone: string;
  caseId: number;
  purpose: string;
}

/** All SQL of a party's step codes (`party_step_codes`, which also counts requests for the limits). */
export class StepCodesRepository {
  constructor(private readonly knex: Knex) {}

  async countSince(phone: string, since: string): Promise<number> {
    const row = (await this.knex("party_step_codes")
      .where({ phone })
      .where("created_at", ">", since)
      .count({ n: "*" })
      .first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  }

  async oldestSince(phone: string, since: string): Promise<string | null> {
    const row = (await this.knex("party_step_codes")
      .where({ phone })
      .where("created_at", ">", since)
      .min({ at: "created_at" })
      .first()) as { at: string | null } | undefined;
    return row?.at ?? null;
  }

  /** The case's number as the SMS names it (the tracking code before it has one). */
  async caseLabel(caseId: number): Promise<string> {
    const row = (await this.knex("cases").where({ id: caseId }).first("number", "tracking_code")) as
      { number: string | null; tracking_code: string | null } | undefined;
    return row?.number ?? row?.tracking_code ?? String(caseId);
  }

  async insert(
    trx: Knex.Transaction,
    key: StepCodeKey,
    row: { codeHash: string; ip: string; at: string; expiresAt: string },
  ): Promise<void> {
    // A new code replaces any earlier one still open for the same phone, case and step.
    await trx("party_step_codes")
      .where({ phone: key.phone, case_id: key.caseId, purpose: key.purpose })
      .whereNull("used_at")
      .update({ used_at: row.at });
    await trx("party_step_codes").insert({
      phone: key.phone,
      case_id: key.caseId,
      purpose: key.purpose,
      code_hash: row.codeHash,
      ip: row.ip.slice(0, 64),
      failures: 0,
      created_at: row.at,
      expires_at: row.expiresAt,
    });
  }

  /** The one open code for the phone, case and step: not used, not expired, not void. */
  async open(key: StepCodeKey, now: string, maxFailures: number): Promise<StepCodeRow | null> {
    const row = (await this.knex("party_step_codes")
      .where({ phone: key.phone, case_id: key.caseId, purpose: key.purpose })
      .whereNull("used_at")
      .where("expires_at", ">", now)
      .where("failures", "<", maxFailures)
      .orderBy("id", "desc")
      .first("id", "code_hash", "failures")) as Record<string, unknown> | undefined;
    if (!row) return null;
    return { id: Number(row.id), codeHash: String(row.code_hash), failures: Number(row.failures) };
  }

  async countFailure(id: number): Promise<void> {
    await this.knex("party_step_codes")
      .where({ id })
      .update({ failures: this.knex.raw("failures + 1") });
  }

  /** Uses the code once, inside the step's transaction: of two racing uses, one wins. */
  async use(trx: Knex.Transaction, id: number, now: string, maxFailures: number): Promise<boolean> {
    const changed = await trx("party_step_codes")
      .where({ id })
      .whereNull("used_at")
      .where("expires_at", ">", now)
      .where("failures", "<", maxFailures)
      .update({ used_at: now });
    return changed === 1;
  }
}
