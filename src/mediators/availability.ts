import type { Knex } from "knex";
import { recordAudit } from "../audit/audit.js";
import { isoNow, type Clock } from "../clock.js";
import { NotFoundError } from "../errors.js";
import type { SessionUser } from "../people/scope.js";
import { beijingDate } from "../shared/dates.js";
import { parseOrThrow } from "../validation.js";
import type { MediatorRecords } from "./records.js";
import {
  deleteRelation,
  deleteUnavailability,
  insertRelation,
  insertUnavailability,
} from "./records-writes.js";
import { relationSchema, unavailabilitySchema } from "./schemas.js";

/**
 * What a mediator's keepers (or the mediator themself) declare: absences (请假, 外出培训, …), which
 * matching reads as unavailability on the proposed dates, and ties to people (亲属, 同户, …),
 * which bar the mediator from those people's cases. Each change leaves an audit event.
 */
export class MediatorAvailability {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly records: MediatorRecords,
  ) {}

  async addUnavailability(user: SessionUser, id: number, input: unknown): Promise<void> {
    await this.records.declarable(user, id);
    const data = parseOrThrow(unavailabilitySchema, input);
    await this.knex.transaction(async (trx) => {
      const now = isoNow(this.clock);
      const periodId = await insertUnavailability(trx, { mediatorId: id, ...data }, user.id, now);
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "mediator.unavailability.add",
        entityType: "mediator",
        entityId: id,
        after: { id: periodId, ...data },
        at: now,
      });
    });
  }

  async removeUnavailability(user: SessionUser, id: number, periodId: number): Promise<void> {
    await this.records.declarable(user, id);
    await this.knex.transaction(async (trx) => {
      const row = await deleteUnavailability(trx, id, periodId);
      if (!row) throw new NotFoundError("找不到该时段");
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "mediator.unavailability.remove",
        entityType: "mediator",
        entityId: id,
        before: { fromOn: row.from_on, toOn: row.to_on, reason: row.reason },
        at: isoNow(this.clock),
      });
    });
  }

  async addRelation(user: SessionUser, id: number, input: unknown): Promise<void> {
    await this.records.declarable(user, id);
    const data = parseOrThrow(relationSchema(beijingDate(this.clock.now())), input);
    await this.knex.transaction(async (trx) => {
      const now = isoNow(this.clock);
      await insertRelation(trx, { mediatorId: id, ...data }, user.id, now);
      // The audit names the tie, not the other person's identity numbers.
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "mediator.relation.add",
        entityType: "mediator",
        entityId: id,
        after: { kind: data.kind, personName: data.personName },
        at: now,
      });
    });
  }

  async removeRelation(user: SessionUser, id: number, relationId: number): Promise<void> {
    await this.records.declarable(user, id);
    await this.knex.transaction(async (trx) => {
      const row = await deleteRelation(trx, id, relationId);
      if (!row) throw new NotFoundError("找不到该关系");
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "mediator.relation.remove",
        entityType: "mediator",
        entityId: id,
        before: { kind: row.kind, personName: row.person_name },
        at: isoNow(this.clock),
      });
    });
  }
}
