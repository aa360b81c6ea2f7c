import type { Knex } from "knex";
import type { Status } from "./lifecycle.js";

export interface CaseEvent {
  caseId: number;
  actorUserId: number | null;
  action: string;
  fromStatus: Status | null;
  toStatus: Status | null;
  summary: string;
  data?: unknown;
  at: string;
}

/** One row of the case's timeline; written in the same transaction as the change it records. */
export async function writeCaseEvent(trx: Knex.Transaction, e: CaseEvent): Promise<void> {
  await trx("case_events").insert({
    case_id: e.caseId,
    actor_user_id: e.actorUserId,
    action: e.action,
    from_status: e.fromStatus,
    to_status: e.toStatus,
    summary: e.summary,
    data_json: e.data === undefined ? null : JSON.stringify(e.data),
    at: e.at,
  });
}
