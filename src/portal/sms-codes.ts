import { createHmac, randomInt, timingSafeEqual } from "node:crypto";

/**
 * What every SMS code of a party shares (sign-in.ts, step-codes.ts): six digits, kept only as an
 * HMAC under the session secret (a 6-digit code's plain hash could be tried in a second), valid
 * 5 minutes, void after 5 wrong tries, and the rate limits in sliding windows.
 */
export const CODE_TTL_MS = 5 * 60_000;
export const MAX_CODE_FAILURES = 5;
export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

export type Limited = { outcome: "limited"; retryAfterSeconds: number; message: string };

export const newSixDigitCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, "0");

/** The HMAC-SHA256 (hex) of what a code proves (`material` names its use, the phone and the code). */
export function codeHmac(secret: string, material: string): string {
  return createHmac("sha256", secret).update(material).digest("hex");
}

/** Compares two hex hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** What a wrong code answers, given the wrong tries before this one. */
export function wrongCodeMessage(failuresBefore: number): string {
  const left = MAX_CODE_FAILURES - failuresBefore - 1;
  return left > 0 ? `验证码不正确，还可以再试 ${left} 次` : "验证码错误次数过多，已失效，请重新获取";
}

export const EXPIRED_CODE_MESSAGE = "验证码已失效，请重新获取";

/** One sliding window: at most `max` requests in `windowMs`, counted from the stored requests. */
export interface LimitRule {
  windowMs: number;
  max: number;
  count(since: string): Promise<number>;
  /** When the oldest request inside the window was made (to say how long to wait). */
  oldest(since: string): Promise<string | null>;
  message(seconds: number): string;
}

/** The first rule a new request would break, as a "limited" answer; null when none. */
export async function checkLimits(rules: LimitRule[], now: Date): Promise<Limited | null> {
  for (const rule of rules) {
    const since = new Date(now.getTime() - rule.windowMs).toISOString();
    if ((await rule.count(since)) < rule.max) continue;
    const oldest = await rule.oldest(since);
    const until = (oldest ? Date.parse(oldest) : now.getTime()) + rule.windowMs;
    const seconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
    return { outcome: "limited", retryAfterSeconds: seconds, message: rule.message(seconds) };
  }
  return null;
}

/** A phone's own limits: one code a minute, `perDay` in any 24 hours. */
export function phoneLimitRules(
  perDay: number,
  count: (since: string) => Promise<number>,
  oldest: (since: string) => Promise<string | null>,
): LimitRule[] {
  return [
    { windowMs: MINUTE, max: 1, count, oldest, message: (s) => `验证码已发送，请 ${s} 秒后再获取` },
    {
      windowMs: DAY,
      max: perDay,
      count,
      oldest,
      message: () => "该手机号今天获取验证码的次数已达上限，请明天再试",
    },
  ];
}
