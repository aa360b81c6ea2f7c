import type { Knex } from "knex";

export interface AuditEntry {
  actorUserId: number | null;
  action: string;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
  at: string;
}

/** Writes one audit event; call it inside the transaction that makes the change. */
export async function recordAudit(trx: Knex | Knex.Transaction, entry: AuditEntry): Promise<void> {
  await trx("audit_events").insert({
    actor_user_id: entry.actorUserId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: String(entry.entityId),
    before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
    after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
    at: entry.at,
  });
}

export interface AuditEventView {
  id: number;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  at: string;
}

export async function recentAuditEvents(knex: Knex, limit: number): Promise<AuditEventView[]> {
  const rows = await knex("audit_events as a")
    .leftJoin("users as u", "u.id", "a.actor_user_id")
    .select("a.id", "u.display_name as actorName", "a.action", "a.entity_type", "a.entity_id", "a.at")
    .orderBy("a.id", "desc")
    .limit(limit);
  return rows.map((r: Record<string, unknown>) => ({
    id: Number(r.id),
    actorName: (r.actorName as string | null) ?? null,
    action: String(r.action),
    entityType: String(r.entity_type),
    entityId: String(r.entity_id),
    at: String(r.at),
  }));
}
