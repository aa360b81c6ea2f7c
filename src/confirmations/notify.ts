import type { Knex } from "knex";
import { MOBILE, type MessageService } from "../messages/service.js";
import type { Row } from "./rows.js";

/** Queues `confirmation_decided` for a ruling, in the ruling's transaction; `result` in plain words. */
export type NotifyDecision = (trx: Knex.Transaction, row: Row, result: string) => Promise<void>;

/**
 * 司法确认结果: when the court ends an application (确认有效, 驳回, 不予受理, 撤回) each party of
 * the case gets one SMS at their mobile (their own, else their agent's; a phone shared by two
 * parties once), queued in the same transaction as the ruling. Opted-out phones get none.
 */
export function decisionNotifier(messages: MessageService | undefined): NotifyDecision {
  return async (trx, row, result) => {
    if (!messages) return;
    const court = (await trx("organisations").where({ id: row.court_id }).first("name")) as
      { name: string } | undefined;
    const parties = (await trx("parties")
      .where({ case_id: row.case_id })
      .orderBy("position")
      .select("phone", "agent_phone")) as { phone: string | null; agent_phone: string | null }[];
    const phones = parties
      .map((p) => [p.phone, p.agent_phone].find((x) => x && MOBILE.test(x)))
      .filter((x): x is string => !!x);
    for (const to of new Set(phones)) {
      await messages.queue(
        to,
        "confirmation_decided",
        { court: court?.name ?? "人民法院", result },
        { db: trx, caseId: Number(row.case_id) },
      );
    }
  };
}
