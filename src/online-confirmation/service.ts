import type { Knex } from "knex";
import { z } from "zod";
import type { Clock } from "../clock.js";
import { applyJointly } from "../cases/actions/apply-confirmation.js";
import { writeCaseEvent } from "../cases/events.js";
import { PARTY_STALE_MESSAGE } from "../cases/party-steps.js";
import { loadCase, lockCase, updateGuarded } from "../cases/repository.js";
import { ActionStore } from "../cases/store.js";
import type { CaseView } from "../cases/views.js";
import { homeCourt } from "../confirmations/court-choice.js";
import { ConflictError, LegalRuleError, NotFoundError } from "../errors.js";
import { partyIdsForPhone } from "../portal/case-detail-repository.js";
import { stepCodeField, type StepCodes } from "../portal/step-codes.js";
import { beijingDate } from "../shared/dates.js";
import { parseOrThrow } from "../validation.js";
import { buildOverview, materialsFor, NO_COURT, type ConfirmationOverview } from "./overview.js";
import { OnlineConfirmationRepository } from "./repository.js";
import { confirmationWindow } from "./window.js";

/** `POST /portal/cases/{id}/confirmation {code, agree: true}`. */
export const agreeSchema = z.object({
  code: stepCodeField,
  agree: z.preprocess(
    (v) => (v === "true" || v === "on" || v === "yes" ? true : v),
    z.literal(true, { error: "请确认同意共同申请司法确认（agree 应为 true）" }),
  ),
});

export interface AgreeResult {
  agreedAt: string;
  /** Every party has agreed: the application went to the court. */
  applied: boolean;
  confirmationId?: number;
}

const NOT_FOUND = "找不到该纠纷，或它与您的手机号无关";

/**
 * 网上申请司法确认 (issue 19 part 3, RL33): after an effective written agreement, each party
 * agrees on their phone with an SMS code (purpose `confirm`); when every party has agreed within
 * the 30 days, the joint application goes to the court in the same transaction, through the
 * staff action's own path (`applyJointly`), marked online: the court serving the committee's
 * area (`homeCourt`), applied today, the generated 申请书 and the materials.
 */
export class OnlineConfirmation {
  private readonly repo = new OnlineConfirmationRepository();

  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly codes: StepCodes,
  ) {}

  async overview(phone: string, id: number): Promise<ConfirmationOverview> {
    const { kase, partyIds } = await this.load(phone, id);
    const consents = kase.agreement
      ? await this.repo.openConsents(this.knex, kase.id, kase.agreement.id)
      : [];
    return buildOverview(kase, partyIds, this.today(), consents, await this.court(this.knex, kase));
  }

  /**
   * The party's agreement. 400 (`agree`, `code`), 404 (not theirs), 409 (no agreement to apply
   * for, applied already, agreed already, changed meanwhile), 422 (the 30 days are over). Checked
   * before the code is verified, so a refusal by law does not spend it; then again in the
   * transaction, with the case locked.
   */
  async agree(
    phone: string,
    id: number,
    body: unknown,
    client: { ip: string; userAgent: string | null },
  ): Promise<AgreeResult> {
    const { kase: seen, partyIds } = await this.load(phone, id);
    const input = parseOrThrow(agreeSchema, body ?? {});
    await this.refusal(this.knex, seen, partyIds);
    const ticket = await this.codes.verify(phone, id, "confirm", input.code);
    const now = this.clock.now();
    const at = now.toISOString();
    const today = beijingDate(now);
    return this.knex.transaction(async (trx) => {
      await lockCase(trx, id);
      const kase = (await loadCase(trx, id))!;
      const { consents, mine, court } = await this.refusal(trx, kase, partyIds);
      await this.codes.consume(trx, ticket);
      const agreement = kase.agreement!;
      for (const p of mine) {
        await this.repo.insert(trx, {
          caseId: id,
          agreementId: agreement.id,
          partyId: p.id,
          phone,
          at,
          ...client,
        });
      }
      const agreed = new Set([...consents.map((c) => c.partyId), ...mine.map((p) => p.id)]);
      const everyone = kase.parties.every((p) => agreed.has(p.id));
      const actor = { kind: "party", partyId: mine[0]!.id };
      const waiting = kase.parties.filter((p) => !agreed.has(p.id)).map((p) => p.name);
      const event = {
        caseId: id,
        actorUserId: null,
        action: "party-apply-confirmation",
        fromStatus: kase.status,
        toStatus: kase.status,
        summary: `${mine.map((p) => p.name).join("、")}在网上同意共同申请司法确认${
          waiting.length ? `，等待${waiting.join("、")}同意` : ""
        }`,
        data: { actor, partyIds: mine.map((p) => p.id), channel: "online" },
        at,
      };
      if (!everyone) {
        if (!(await updateGuarded(trx, id, kase.version, kase.status, { updated_at: at })))
          throw new ConflictError(PARTY_STALE_MESSAGE);
        await writeCaseEvent(trx, event);
        return { agreedAt: at, applied: false };
      }
      const effect = await applyJointly(kase, new ActionStore(trx), at, {
        courtId: court.id,
        appliedOn: today,
        applicantPartyIds: kase.parties.map((p) => p.id),
        materials: materialsFor(kase),
        channel: "online",
      });
      await this.repo.attach(trx, id, agreement.id, effect.confirmationId);
      const patch = { status: effect.to, updated_at: at };
      if (!(await updateGuarded(trx, id, kase.version, kase.status, patch)))
        throw new ConflictError(PARTY_STALE_MESSAGE);
      await writeCaseEvent(trx, event);
      await writeCaseEvent(trx, {
        caseId: id,
        actorUserId: null,
        action: "apply-confirmation",
        fromStatus: kase.status,
        toStatus: effect.to,
        summary: effect.summary,
        data: { ...(effect.data as object), actor, confirmationId: effect.confirmationId },
        at,
      });
      return { agreedAt: at, applied: true, confirmationId: effect.confirmationId };
    });
  }

  /** Who agreed online to an application, and when (the judge's page). */
  async agreedFor(confirmationId: number, kase: CaseView): Promise<{ name: string; agreedAt: string }[]> {
    const rows = await this.repo.forConfirmation(this.knex, confirmationId);
    return rows.map((r) => ({
      name: kase.parties.find((p) => p.id === r.partyId)?.name ?? "当事人",
      agreedAt: r.agreedAt,
    }));
  }

  /** Throws what the law or the case's state refuses; else this round's agreements, the reader's open parties and the court. */
  private async refusal(db: Knex | Knex.Transaction, kase: CaseView, partyIds: number[]) {
    const window = confirmationWindow(kase, this.today());
    if (window.stage === "applied") throw new ConflictError("这起纠纷已经申请司法确认，不需要再次同意");
    if (window.stage === "none") throw new ConflictError(`${window.reason}，不能申请司法确认`);
    if (window.stage === "closed") throw new LegalRuleError(window.reason!);
    const court = await this.court(db, kase);
    if (!court) throw new ConflictError(NO_COURT);
    const consents = await this.repo.openConsents(db, kase.id, kase.agreement!.id);
    const mine = kase.parties.filter(
      (p) => partyIds.includes(p.id) && !consents.some((c) => c.partyId === p.id),
    );
    if (!mine.length) throw new ConflictError("您已同意共同申请司法确认，正在等待对方当事人同意");
    return { consents, mine, court };
  }

  private async court(db: Knex | Knex.Transaction, kase: CaseView) {
    return homeCourt(await this.repo.activeCourts(db), kase);
  }

  private async load(phone: string, id: number): Promise<{ kase: CaseView; partyIds: number[] }> {
    if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError(NOT_FOUND);
    const partyIds = await partyIdsForPhone(this.knex, phone, id);
    const kase = partyIds.length ? await loadCase(this.knex, id) : null;
    if (!kase) throw new NotFoundError(NOT_FOUND);
    return { kase, partyIds };
  }

  private today(): string {
    return beijingDate(this.clock.now());
  }
}
