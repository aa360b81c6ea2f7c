import type { Knex } from "knex";
import { z } from "zod";
import type { Clock } from "../clock.js";
import { NotFoundError, ValidationError } from "../errors.js";
import type { MessageService } from "../messages/service.js";
import { parseOrThrow } from "../validation.js";
import { partyIdsForPhone } from "./case-detail-repository.js";
import {
  checkLimits,
  CODE_TTL_MS,
  codeHmac,
  EXPIRED_CODE_MESSAGE,
  type Limited,
  MAX_CODE_FAILURES,
  newSixDigitCode,
  phoneLimitRules,
  sameHash,
  wrongCodeMessage,
} from "./sms-codes.js";
import { StepCodesRepository, type StepCodeKey } from "./step-codes-repository.js";

/** The steps a party confirms with a fresh SMS code: signing the agreement, agreeing to apply for confirmation. */
export const STEP_PURPOSES = ["sign", "confirm"] as const;
export type StepPurpose = (typeof STEP_PURPOSES)[number];

const TEMPLATE = { sign: "step_code_sign", confirm: "step_code_confirm" } as const;

/** `POST /portal/cases/{id}/codes {purpose}`. */
export const stepCodeRequestSchema = z.object({
  purpose: z.enum(STEP_PURPOSES, {
    error: "用途 purpose 应为 sign（签署调解协议）或 confirm（申请司法确认）",
  }),
});

/** The `code` a step's body carries. */
export const stepCodeField = z
  .string({ error: "请填写短信验证码" })
  .trim()
  .regex(/^\d{6}$/, "验证码应为短信中的 6 位数字");

export type StepCodeResult = { outcome: "sent"; expiresAt: string } | Limited;

/** A code found right by `verify`, to be used once by `consume` inside the step's transaction. */
export interface StepCodeTicket {
  readonly id: number;
}

const NOT_FOUND = "找不到该纠纷，或它与您的手机号无关";
const refuse = (message: string) => new ValidationError([{ field: "code", message }]);

/**
 * Fresh SMS codes for a party's step on a case (签署协议, 申请司法确认), bound to the phone, the
 * case and the purpose: a code for one never serves another, nor signs in. The same rules as the
 * sign-in code (sms-codes.ts): 6 digits kept as an HMAC, 5 minutes, void after 5 wrong tries, one a
 * minute and `perPhonePerDay` a day per phone (counted apart from sign-in codes). Queued through
 * the outbox with a template that says what the code is for.
 *
 * A step uses it in two parts: `verify(phone, caseId, purpose, code)` before its transaction (a
 * wrong try is counted and stays counted: 400 naming `code`), then `consume(trx, ticket)` inside
 * it — if the step fails, the code is not used up; of two racing uses, one wins.
 */
export class StepCodes {
  private readonly repo: StepCodesRepository;

  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly messages: MessageService,
    private readonly secret: string,
    private readonly perPhonePerDay = 10,
    private readonly newCode: () => string = newSixDigitCode,
  ) {
    this.repo = new StepCodesRepository(knex);
  }

  /** Sends a code for the party's step; 404 unless a party or agent of the case has the phone. */
  async request(phone: string, caseId: number, body: unknown, ip: string): Promise<StepCodeResult> {
    await this.mustBeParty(phone, caseId);
    const { purpose } = parseOrThrow(stepCodeRequestSchema, body ?? {});
    const now = this.clock.now();
    const limited = await checkLimits(
      phoneLimitRules(
        this.perPhonePerDay,
        (since) => this.repo.countSince(phone, since),
        (since) => this.repo.oldestSince(phone, since),
      ),
      now,
    );
    if (limited) return limited;
    const key = { phone, caseId, purpose };
    const code = this.newCode();
    const at = now.toISOString();
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS).toISOString();
    const number = await this.repo.caseLabel(caseId);
    await this.knex.transaction(async (trx) => {
      await this.repo.insert(trx, key, { codeHash: this.hash(key, code), ip, at, expiresAt });
      await this.messages.queue(phone, TEMPLATE[purpose], { code, number }, { db: trx, caseId });
    });
    this.messages.onQueued();
    return { outcome: "sent", expiresAt };
  }

  /** Checks the code (400 naming `code` when missing, wrong, used, void or expired). */
  async verify(phone: string, caseId: number, purpose: StepPurpose, code: unknown): Promise<StepCodeTicket> {
    const given = parseOrThrow(z.object({ code: stepCodeField }), { code }).code;
    const key: StepCodeKey = { phone, caseId, purpose };
    const open = await this.repo.open(key, this.clock.now().toISOString(), MAX_CODE_FAILURES);
    if (!open) throw refuse(EXPIRED_CODE_MESSAGE);
    if (!sameHash(this.hash(key, given), open.codeHash)) {
      await this.repo.countFailure(open.id);
      throw refuse(wrongCodeMessage(open.failures));
    }
    return { id: open.id };
  }

  /** Uses the verified code, in the step's transaction; 400 if it was used (or went void) meanwhile. */
  async consume(trx: Knex.Transaction, ticket: StepCodeTicket): Promise<void> {
    if (!(await this.repo.use(trx, ticket.id, this.clock.now().toISOString(), MAX_CODE_FAILURES))) {
      throw refuse(EXPIRED_CODE_MESSAGE);
    }
  }

  private async mustBeParty(phone: string, caseId: number): Promise<void> {
    if (!Number.isSafeInteger(caseId) || caseId <= 0) throw new NotFoundError(NOT_FOUND);
    if (!(await partyIdsForPhone(this.knex, phone, caseId)).length) throw new NotFoundError(NOT_FOUND);
  }

  private hash(key: StepCodeKey, code: string): string {
    return codeHmac(this.secret, `party-step:${key.purpose}:${key.caseId}:${key.phone}:${code}`);
  }
}
