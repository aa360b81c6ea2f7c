import type { Knex } from "knex";
import { recentAuditEvents, type AuditEventView } from "./audit.js";

/** A page of the audit trail, newest first, as the admin's log page shows it (raw rows, all columns). */
export interface AuditPage {
  events: Record<string, unknown>[];
  total: number;
}

/** Reading the audit trail; writing it is `recordAudit`, inside each change's own transaction. */
export class AuditService {
  constructor(private readonly knex: Knex) {}

  recent(limit: number): Promise<AuditEventView[]> {
    return recentAuditEvents(this.knex, limit);
  }

  async page(page: number, pageSize: number): Promise<AuditPage> {
    const [total, events] = await Promise.all([
      this.knex("audit_events").count({ n: "*" }).first(),
      this.knex("audit_events as a")
        .leftJoin("users as u", "u.id", "a.actor_user_id")
        .select("a.*", "u.display_name as actor_name")
        .orderBy("a.id", "desc")
        .limit(pageSize)
        .offset((page - 1) * pageSize),
    ]);
    return { events, total: Number(total?.n ?? 0) };
  }
}
