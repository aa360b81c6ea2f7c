import type { Knex } from "knex";
import { ConflictError, NotFoundError } from "../errors.js";
import { writeCaseEvent } from "./events.js";
import type { Action } from "./lifecycle.js";
import { loadCase, lockCase, updateGuarded } from "./repository.js";
import { ActionStore } from "./store.js";
import type { CaseView, PartyView } from "./views.js";

/** What a party's own step changes: the case columns and its event (status unchanged). */
export interface PartyEffect {
  action: Action | string;
  summary: string;
  caseUpdate?: Record<string, unknown>;
  data?: Record<string, unknown>;
}

/** The version the party's page showed has changed: someone else acted on the case meanwhile. */
export const PARTY_STALE_MESSAGE = "调解委员会刚刚更新了这起纠纷，请返回重新查看后再操作";

/**
 * A party's own step on a case (an answer to the notice online, …) as one guarded write, like a
 * staff action (CaseService.act): the case locked and loaded in the transaction, the version the
 * party saw checked when given, the step decides (and may refuse by throwing), the case row
 * written with `updateGuarded` (so a concurrent staff change makes it 409 and nothing is stored),
 * and an event whose actor is the party: actor_user_id NULL, data.actor = {kind: "party", partyId}.
 */
export async function partyStep(
  knex: Knex,
  at: Date,
  target: { caseId: number; partyId: number; version?: number },
  step: (ctx: { kase: CaseView; party: PartyView; store: ActionStore; now: string }) => Promise<PartyEffect>,
): Promise<void> {
  await knex.transaction(async (trx) => {
    await lockCase(trx, target.caseId);
    const kase = await loadCase(trx, target.caseId);
    const party = kase?.parties.find((p) => p.id === target.partyId);
    if (!kase || !party) throw new NotFoundError("找不到该纠纷，或它与您的手机号无关");
    if (target.version !== undefined && target.version !== kase.version) {
      throw new ConflictError(PARTY_STALE_MESSAGE);
    }
    const now = at.toISOString();
    const effect = await step({ kase, party, store: new ActionStore(trx), now });
    const patch = { ...effect.caseUpdate, updated_at: now };
    if (!(await updateGuarded(trx, kase.id, kase.version, kase.status, patch))) {
      throw new ConflictError(PARTY_STALE_MESSAGE);
    }
    await writeCaseEvent(trx, {
      caseId: kase.id,
      actorUserId: null,
      action: effect.action,
      fromStatus: kase.status,
      toStatus: kase.status,
      summary: effect.summary,
      data: { ...effect.data, actor: { kind: "party", partyId: party.id } },
      at: now,
    });
  });
}
