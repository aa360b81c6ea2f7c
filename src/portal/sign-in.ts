import { createHash, randomBytes } from "node:crypto";
import type { Knex } from "knex";
import { recordAudit } from "../audit/audit.js";
import type { Clock } from "../clock.js";
import type { MessageService } from "../messages/service.js";
import { parseOrThrow } from "../validation.js";
import { codeRequestSchema, codeSignInSchema } from "./schemas.js";
import { SignInRepository } from "./sign-in-repository.js";
import {
  checkLimits,
  CODE_TTL_MS,
  codeHmac,
  EXPIRED_CODE_MESSAGE,
  type Limited,
  MAX_CODE_FAILURES,
  MINUTE,
  newSixDigitCode,
  phoneLimitRules,
  sameHash,
  wrongCodeMessage,
} from "./sms-codes.js";

export { CODE_TTL_MS, MAX_CODE_FAILURES };

export interface SignInLimits {
  /** Codes per phone in any 24 hours (one a minute at most in any case). */
  perPhonePerDay: number;
  /** Codes asked for from one client address in any hour, whatever the phones. */
  perIpPerHour: number;
}

export type CodeResult = { outcome: "sent"; expiresAt: string } | Limited;

export type VerifyResult = { outcome: "ok"; phone: string } | { outcome: "refused"; message: string };

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/**
 * A party signs in with their phone: a 6-digit code by SMS (through the outbox), then the code
 * for a party token (API) or a party web session (/my). Codes are kept only as an HMAC under the
 * session secret (a 6-digit code's plain hash could be tried in a second), for 5 minutes, void
 * after 5 wrong tries; tokens as SHA-256, in a table of their own (never a staff token).
 */
export class PartySignIn {
  private readonly repo: SignInRepository;

  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly messages: MessageService,
    private readonly secret: string,
    private readonly tokenHours: number,
    private readonly limits: SignInLimits = { perPhonePerDay: 10, perIpPerHour: 30 },
    private readonly newCode: () => string = newSixDigitCode,
  ) {
    this.repo = new SignInRepository(knex);
  }

  async requestCode(input: unknown, ip: string): Promise<CodeResult> {
    const { phone } = parseOrThrow(codeRequestSchema, input);
    const now = this.clock.now();
    const limited = await this.limit(phone, ip, now);
    if (limited) return limited;
    const code = this.newCode();
    const at = now.toISOString();
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS).toISOString();
    await this.knex.transaction(async (trx) => {
      await this.repo.insertCode(trx, { phone, codeHash: this.hash(phone, code), ip, at, expiresAt });
      await this.messages.queue(phone, "sign_in_code", { code }, { db: trx });
    });
    this.messages.onQueued();
    return { outcome: "sent", expiresAt };
  }

  /** Checks a code; right once only, void after five wrong tries or five minutes. */
  async verify(input: unknown): Promise<VerifyResult> {
    const { phone, code } = parseOrThrow(codeSignInSchema, input);
    const now = this.clock.now().toISOString();
    const open = await this.repo.openCode(phone, now, MAX_CODE_FAILURES);
    if (!open) return { outcome: "refused", message: EXPIRED_CODE_MESSAGE };
    if (!sameHash(this.hash(phone, code), open.codeHash)) {
      await this.repo.countFailure(open.id);
      return { outcome: "refused", message: wrongCodeMessage(open.failures) };
    }
    if (!(await this.repo.useCode(open.id, now, MAX_CODE_FAILURES))) {
      return { outcome: "refused", message: EXPIRED_CODE_MESSAGE };
    }
    await recordAudit(this.knex, {
      actorUserId: null,
      action: "portal.sign_in",
      entityType: "phone",
      entityId: `${phone.slice(0, 3)}****${phone.slice(7)}`,
      at: now,
    });
    return { outcome: "ok", phone };
  }

  async issueToken(phone: string): Promise<{ token: string; expiresAt: string }> {
    const token = randomBytes(32).toString("base64url");
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.tokenHours * 3600_000).toISOString();
    await this.repo.insertToken({ phone, tokenHash: sha256(token), at: now.toISOString(), expiresAt });
    return { token, expiresAt };
  }

  /** The phone a party token was issued to, while it is valid. Staff tokens are not found here. */
  phoneForToken(token: string): Promise<string | null> {
    return this.repo.phoneForToken(sha256(token), this.clock.now().toISOString());
  }

  private hash(phone: string, code: string): string {
    return codeHmac(this.secret, `party-code:${phone}:${code}`);
  }

  private limit(phone: string, ip: string, now: Date): Promise<Limited | null> {
    const count = (column: "phone" | "ip", value: string) => (since: string) =>
      this.repo.countSince(column, value, since);
    const oldest = (column: "phone" | "ip", value: string) => (since: string) =>
      this.repo.oldestSince(column, value, since);
    return checkLimits(
      [
        ...phoneLimitRules(this.limits.perPhonePerDay, count("phone", phone), oldest("phone", phone)),
        {
          windowMs: 60 * MINUTE,
          max: this.limits.perIpPerHour,
          count: count("ip", ip),
          oldest: oldest("ip", ip),
          message: (seconds) => `获取验证码过于频繁，请 ${Math.max(1, Math.ceil(seconds / 60))} 分钟后再试`,
        },
      ],
      now,
    );
  }
}
