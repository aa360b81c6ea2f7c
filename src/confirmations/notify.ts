import type { Knex } from "knex";
import { MOBILE, type MessageService } from "../messages/service.js";
import type { TemplateName, TemplateParams } from "../messages/templates.js";
import type { Row } from "./rows.js";

/** Queues `confirmation_decided` for a ruling, in the ruling's transaction; `result` in plain words. */
export type NotifyDecision = (trx: Knex.Transaction, row: Row, result: string) => Promise<void>;

/** The court's other steps the parties are told of by SMS: filing (with its number), a request for material. */
export interface NotifySteps {
  filed(trx: Knex.Transaction, row: Row, number: string): Promise<void>;
  materialRequested(trx: Knex.Transaction, row: Row, request: string): Promise<void>;
}

/**
 * One SMS to each party of the application's case at their mobile (their own, else their agent's;
 * a phone shared by two parties once), queued in the step's transaction, so a step that fails
 * queues nothing. Opted-out phones get none. `params` gets the court's name.
 */
function notifyParties(messages: MessageService | undefined) {
  return async <K extends TemplateName>(
    trx: Knex.Transaction,
    row: Row,
    template: K,
    params: (court: string) => TemplateParams[K],
  ): Promise<void> => {
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
      await messages.queue(to, template, params(court?.name ?? "人民法院"), {
        db: trx,
        caseId: Number(row.case_id),
      });
    }
  };
}

/** 司法确认结果: when the court ends an application (确认有效, 驳回, 不予受理, 撤回). */
export function decisionNotifier(messages: MessageService | undefined): NotifyDecision {
  const send = notifyParties(messages);
  return (trx, row, result) => send(trx, row, "confirmation_decided", (court) => ({ court, result }));
}

/** 法院立案 and 要求补充材料 (issue 19): the parties follow the court's steps on their phones. */
export function stepNotifier(messages: MessageService | undefined): NotifySteps {
  const send = notifyParties(messages);
  return {
    filed: (trx, row, number) => send(trx, row, "confirmation_filed", (court) => ({ court, number })),
    materialRequested: (trx, row, request) =>
      send(trx, row, "confirmation_material_requested", (court) => ({ court, request })),
  };
}
