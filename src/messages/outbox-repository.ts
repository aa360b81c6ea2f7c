import type { Knex } from "knex";

/** One row of the outbox, as the worker and the staff's list see it. */
export interface OutboxMessage {
  id: number;
  to: string;
  channel: "sms";
  template: string;
  params: Record<string, unknown>;
  text: string;
  status: "queued" | "sent" | "failed";
  attempts: number;
  nextAttemptAt: string;
  lockedUntil: string | null;
  lastError: string | null;
  caseId: number | null;
  createdAt: string;
  sentAt: string | null;
}

export interface NewMessage {
  to: string;
  template: string;
  params: Record<string, unknown>;
  text: string;
  caseId: number | null;
  at: string;
  /** At most one message ever carries a key (unique index): a second insert does nothing. */
  dedupeKey?: string;
}

export interface OutboxFilter {
  to?: string;
  caseId?: number;
  /** A director's committee: only messages about its cases. */
  organisationId?: number;
  limit: number;
}

type Row = Record<string, unknown>;

function fromRow(r: Row): OutboxMessage {
  return {
    id: Number(r.id),
    to: String(r.to_phone),
    channel: "sms",
    template: String(r.template),
    params: JSON.parse(String(r.params_json)) as Record<string, unknown>,
    text: String(r.text),
    status: r.status as OutboxMessage["status"],
    attempts: Number(r.attempts),
    nextAttemptAt: String(r.next_attempt_at),
    lockedUntil: (r.locked_until as string | null) ?? null,
    lastError: (r.last_error as string | null) ?? null,
    caseId: r.case_id === null || r.case_id === undefined ? null : Number(r.case_id),
    createdAt: String(r.created_at),
    sentAt: (r.sent_at as string | null) ?? null,
  };
}

/** All SQL of the outbox and the opt-outs; plain statements that read alike on SQLite and PostgreSQL. */
export class OutboxRepository {
  constructor(private readonly knex: Knex) {}

  /** The new row's id; null when a message with the same `dedupeKey` exists (nothing inserted). */
  async insert(db: Knex | Knex.Transaction, m: NewMessage): Promise<number | null> {
    const insert = db("message_outbox").insert({
      to_phone: m.to,
      channel: "sms",
      template: m.template,
      params_json: JSON.stringify(m.params),
      text: m.text,
      status: "queued",
      attempts: 0,
      next_attempt_at: m.at,
      case_id: m.caseId,
      created_at: m.at,
      dedupe_key: m.dedupeKey ?? null,
    });
    const [row] = await (m.dedupeKey ? insert.onConflict("dedupe_key").ignore() : insert).returning("id");
    if (row === undefined) return null;
    return Number(typeof row === "object" ? (row as { id: number }).id : row);
  }

  /** Ids of messages due now and not held by a live claim (the claim itself is `claim`). */
  async dueIds(now: string, limit: number): Promise<number[]> {
    const rows = (await this.knex("message_outbox")
      .where({ status: "queued" })
      .where("next_attempt_at", "<=", now)
      .where((q) => q.whereNull("locked_until").orWhere("locked_until", "<", now))
      .orderBy("id")
      .limit(limit)
      .select("id")) as { id: number }[];
    return rows.map((r) => Number(r.id));
  }

  /**
   * Takes one message for sending until `until`: a single guarded UPDATE, so of two instances
   * (or two drains) racing for a row exactly one changes it — PostgreSQL re-checks the WHERE on
   * the locked row, SQLite serialises writes. A claim whose holder died expires at `until`.
   */
  async claim(id: number, now: string, until: string): Promise<OutboxMessage | null> {
    const changed = await this.knex("message_outbox")
      .where({ id, status: "queued" })
      .where("next_attempt_at", "<=", now)
      .where((q) => q.whereNull("locked_until").orWhere("locked_until", "<", now))
      .update({ locked_until: until });
    if (changed !== 1) return null;
    const row = (await this.knex("message_outbox").where({ id }).first()) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** The outcome of a send, written only by the claim's holder (`locked_until` as the fence). */
  async settle(
    id: number,
    claim: string,
    outcome: { status: "sent" | "queued" | "failed"; at: string; nextAttemptAt?: string; error?: string },
  ): Promise<boolean> {
    const changed = await this.knex("message_outbox")
      .where({ id, locked_until: claim })
      .update({
        status: outcome.status,
        attempts: this.knex.raw("attempts + 1"),
        locked_until: null,
        sent_at: outcome.status === "sent" ? outcome.at : null,
        last_error: outcome.error ?? null,
        ...(outcome.nextAttemptAt ? { next_attempt_at: outcome.nextAttemptAt } : {}),
      });
    return changed === 1;
  }

  async list(filter: OutboxFilter): Promise<OutboxMessage[]> {
    const q = this.knex("message_outbox as m").select("m.*").orderBy("m.id", "desc").limit(filter.limit);
    if (filter.to) q.where("m.to_phone", filter.to);
    if (filter.caseId !== undefined) q.where("m.case_id", filter.caseId);
    if (filter.organisationId !== undefined) {
      q.join("cases as c", "c.id", "m.case_id").where("c.organisation_id", filter.organisationId);
    }
    return ((await q) as Row[]).map(fromRow);
  }

  async get(id: number): Promise<OutboxMessage | null> {
    const row = (await this.knex("message_outbox").where({ id }).first()) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** `db`: the caller's transaction when queueing inside one (SQLite has one connection: the pool's would wait on it). */
  async isOptedOut(phone: string, db: Knex | Knex.Transaction = this.knex): Promise<boolean> {
    return Boolean(await db("sms_opt_outs").where({ phone }).first("phone"));
  }

  async optOut(db: Knex | Knex.Transaction, phone: string, at: string): Promise<boolean> {
    if (await db("sms_opt_outs").where({ phone }).first("phone")) return false;
    await db("sms_opt_outs").insert({ phone, opted_out_at: at });
    return true;
  }

  async optIn(db: Knex | Knex.Transaction, phone: string): Promise<boolean> {
    return (await db("sms_opt_outs").where({ phone }).delete()) > 0;
  }
}
