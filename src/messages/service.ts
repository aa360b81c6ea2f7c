import type { Knex } from "knex";
import { z } from "zod";
import { recordAudit } from "../audit/audit.js";
import type { Clock } from "../clock.js";
import { ForbiddenError } from "../errors.js";
import { hasRole, type SessionUser } from "../people/scope.js";
import { parseOrThrow } from "../validation.js";
import { OutboxRepository, type OutboxMessage } from "./outbox-repository.js";
import { maskCodes, renderMessage, TEMPLATES, type TemplateName, type TemplateParams } from "./templates.js";

/** A mainland mobile number, as the outbox and the opt-outs store it: 11 digits. */
export const MOBILE = /^1[3-9]\d{9}$/;

/** `?to=&caseId=` of the outbox list (page and API). */
export const outboxQuery = z.object({
  to: z.string().trim().regex(MOBILE, "收信手机号应为 11 位手机号码，如 13800001111").optional(),
  caseId: z
    .string()
    .regex(/^\d{1,9}$/, "案件 ID 应为正整数")
    .transform(Number)
    .optional(),
});

/** What a message looks like to staff: the code digits hidden when `maskCodes` (production). */
export interface OutboxItem extends Omit<OutboxMessage, "params" | "lockedUntil" | "nextAttemptAt"> {
  templateLabel: string;
}

/**
 * The notification outbox: features queue a message (one row, in their own transaction if they
 * pass it); the worker (worker.ts) sends it. Opted-out phones get no notices, only sign-in codes.
 */
export class MessageService {
  readonly repo: OutboxRepository;
  /** Called after a message is queued, so the worker sends it without waiting for its next poll. */
  onQueued: () => void = () => {};

  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly production: boolean,
  ) {
    this.repo = new OutboxRepository(knex);
  }

  /**
   * Queues one SMS; null when the phone opted out of notices (sign-in codes always go), or when a
   * message with the same `dedupeKey` was queued before (once per key, whoever queues it).
   */
  async queue<K extends TemplateName>(
    to: string,
    template: K,
    params: TemplateParams[K],
    options: { caseId?: number | null; db?: Knex | Knex.Transaction; dedupeKey?: string } = {},
  ): Promise<number | null> {
    if (!MOBILE.test(to)) throw new Error(`not a mainland mobile number: ${to.slice(0, 3)}…`);
    if (!TEMPLATES[template].transactional && (await this.repo.isOptedOut(to, options.db))) return null;
    const id = await this.repo.insert(options.db ?? this.knex, {
      to,
      template,
      params: params as Record<string, unknown>,
      text: renderMessage(template, params),
      caseId: options.caseId ?? null,
      at: this.clock.now().toISOString(),
      dedupeKey: options.dedupeKey,
    });
    if (id === null) return null;
    // Inside a caller's transaction the row is not visible yet: the worker's next poll finds it.
    if (!options.db) this.onQueued();
    return id;
  }

  /** The outbox for staff: the admin sees all; a director the messages about their committee's cases. */
  async list(user: SessionUser, query: unknown, limit = 200): Promise<OutboxItem[]> {
    const filter = parseOrThrow(outboxQuery, query);
    let organisationId: number | undefined;
    if (!hasRole(user, "admin")) {
      if (!hasRole(user, "director")) throw new ForbiddenError("只有系统管理员和调委会主任可以查看短信记录");
      organisationId = user.organisation.id;
    }
    const rows = await this.repo.list({ ...filter, organisationId, limit });
    return rows.map((m) => ({
      id: m.id,
      to: m.to,
      channel: m.channel,
      template: m.template,
      templateLabel: (TEMPLATES as Record<string, { label: string }>)[m.template]?.label ?? m.template,
      text: this.production ? maskCodes(m.template, m.text) : m.text,
      status: m.status,
      attempts: m.attempts,
      lastError: m.lastError,
      caseId: m.caseId,
      createdAt: m.createdAt,
      sentAt: m.sentAt,
    }));
  }

  /** A phone stops receiving notices (a "TD" reply, or staff at the party's request). */
  async optOut(phone: string, actorUserId: number | null = null): Promise<boolean> {
    return this.knex.transaction(async (trx) => {
      const changed = await this.repo.optOut(trx, phone, this.clock.now().toISOString());
      if (changed) await this.audit(trx, "sms.opt_out", phone, actorUserId);
      return changed;
    });
  }

  async optIn(phone: string, actorUserId: number | null = null): Promise<boolean> {
    return this.knex.transaction(async (trx) => {
      const changed = await this.repo.optIn(trx, phone);
      if (changed) await this.audit(trx, "sms.opt_in", phone, actorUserId);
      return changed;
    });
  }

  isOptedOut(phone: string): Promise<boolean> {
    return this.repo.isOptedOut(phone);
  }

  private audit(trx: Knex.Transaction, action: string, phone: string, actorUserId: number | null) {
    return recordAudit(trx, {
      actorUserId,
      action,
      entityType: "phone",
      entityId: `${phone.slice(0, 3)}****${phone.slice(7)}`,
      at: this.clock.now().toISOString(),
    });
  }
}
