import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import type { Knex } from "knex";
import { recordAudit } from "../audit/audit.js";
import type { Clock } from "../clock.js";
import type { MessageService } from "../messages/service.js";
import { parseOrThrow } from "../validation.js";
import { codeRequestSchema, codeSignInSchema } from "./schemas.js";
import { SignInRepository } from "./sign-in-repository.js";

export const CODE_TTL_MS = 5 * 60_000;
export const MAX_CODE_FAILURES = 5;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface SignInLimits {
  /** Codes per phone in any 24 hours (one a minute at most in any case). */
  perPhonePerDay: number;
  /** Codes asked for from one client address in any hour, whatever the phones. */
  perIpPerHour: number;
}

export type CodeResult =
  { outcome: "sent"; expiresAt: string } | { outcome: "limited"; retryAfterSeconds: number; message: string };

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
    private readonly newCode: () => string = () => String(randomInt(0, 1_000_000)).padStart(6, "0"),
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
    if (!open) return { outcome: "refused", message: "验证码已失效，请重新获取" };
    const given = Buffer.from(this.hash(phone, code));
    if (!timingSafeEqual(given, Buffer.from(open.codeHash))) {
      await this.repo.countFailure(open.id);
      const left = MAX_CODE_FAILURES - open.failures - 1;
      return {
        outcome: "refused",
        message: left > 0 ? `验证码不正确，还可以再试 ${left} 次` : "验证码错误次数过多，已失效，请重新获取",
      };
    }
    if (!(await this.repo.useCode(open.id, now, MAX_CODE_FAILURES))) {
      return { outcome: "refused", message: "验证码已失效，请重新获取" };
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
    return createHmac("sha256", this.secret).update(`party-code:${phone}:${code}`).digest("hex");
  }

  private async limit(phone: string, ip: string, now: Date): Promise<CodeResult | null> {
    const since = (ms: number) => new Date(now.getTime() - ms).toISOString();
    const wait = async (column: "phone" | "ip", value: string, window: number) => {
      const oldest = await this.repo.oldestSince(column, value, since(window));
      const until = (oldest ? Date.parse(oldest) : now.getTime()) + window;
      return Math.max(1, Math.ceil((until - now.getTime()) / 1000));
    };
    if ((await this.repo.countSince("phone", phone, since(MINUTE))) >= 1) {
      const seconds = await wait("phone", phone, MINUTE);
      return {
        outcome: "limited",
        retryAfterSeconds: seconds,
        message: `验证码已发送，请 ${seconds} 秒后再获取`,
      };
    }
    if ((await this.repo.countSince("phone", phone, since(DAY))) >= this.limits.perPhonePerDay) {
      const seconds = await wait("phone", phone, DAY);
      return {
        outcome: "limited",
        retryAfterSeconds: seconds,
        message: "该手机号今天获取验证码的次数已达上限，请明天再试",
      };
    }
    if ((await this.repo.countSince("ip", ip, since(60 * MINUTE))) >= this.limits.perIpPerHour) {
      const seconds = await wait("ip", ip, 60 * MINUTE);
      const minutes = Math.max(1, Math.ceil(seconds / 60));
      return {
        outcome: "limited",
        retryAfterSeconds: seconds,
        message: `获取验证码过于频繁，请 ${minutes} 分钟后再试`,
      };
    }
    return null;
  }
}
