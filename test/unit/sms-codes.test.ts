import { describe, expect, it } from "vitest";
import { maskCodes, renderMessage } from "../../src/messages/templates.js";
import {
  checkLimits,
  codeHmac,
  DAY,
  MINUTE,
  phoneLimitRules,
  sameHash,
  wrongCodeMessage,
} from "../../src/portal/sms-codes.js";

const now = new Date("2026-12-01T01:00:00.000Z");
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

/** Rules over a list of request times, as the repositories count them. */
function rulesOver(times: string[], perDay = 10) {
  const inside = (since: string) => times.filter((t) => t > since);
  return phoneLimitRules(
    perDay,
    (since) => Promise.resolve(inside(since).length),
    (since) => Promise.resolve(inside(since).sort()[0] ?? null),
  );
}

describe("the rate limits of SMS codes", () => {
  it("lets the first code go and holds a second one inside the minute, saying how long", async () => {
    expect(await checkLimits(rulesOver([]), now)).toBeNull();
    expect(await checkLimits(rulesOver([ago(20_000)]), now)).toEqual({
      outcome: "limited",
      retryAfterSeconds: 40,
      message: "验证码已发送，请 40 秒后再获取",
    });
    expect(await checkLimits(rulesOver([ago(MINUTE + 1)]), now)).toBeNull();
  });

  it("stops at ten in any 24 hours until the oldest leaves the window", async () => {
    const ten = Array.from({ length: 10 }, (_, i) => ago(DAY - 3600_000 - i * 2 * MINUTE));
    const limited = await checkLimits(rulesOver(ten), now);
    expect(limited?.message).toBe("该手机号今天获取验证码的次数已达上限，请明天再试");
    expect(limited?.retryAfterSeconds).toBe(3600);
    expect(await checkLimits(rulesOver(ten.slice(1)), now)).toBeNull();
  });
});

describe("code hashes and refusals", () => {
  it("binds the HMAC to the secret and what the code is for", () => {
    const h = codeHmac("s", "party-step:confirm:1:13800001111:123456");
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(sameHash(h, codeHmac("s", "party-step:confirm:1:13800001111:123456"))).toBe(true);
    expect(sameHash(h, codeHmac("s", "party-step:sign:1:13800001111:123456"))).toBe(false);
    expect(sameHash(h, codeHmac("t", "party-step:confirm:1:13800001111:123456"))).toBe(false);
    expect(sameHash(h, "short")).toBe(false);
  });

  it("counts down the tries left", () => {
    expect(wrongCodeMessage(0)).toBe("验证码不正确，还可以再试 4 次");
    expect(wrongCodeMessage(3)).toBe("验证码不正确，还可以再试 1 次");
    expect(wrongCodeMessage(4)).toBe("验证码错误次数过多，已失效，请重新获取");
  });

  it("masks a step code's digits but not the case number, with no opt-out line", () => {
    const text = renderMessage("step_code_confirm", { code: "123456", number: "（2026）湘0212民调字第12号" });
    expect(text).not.toContain("回复TD退订");
    expect(maskCodes("step_code_confirm", text)).toBe(
      "您正在同意共同申请司法确认（案件（2026）湘0212民调字第12号），验证码为******，5分钟内有效。请勿告诉他人；如非本人操作，请忽略本短信。",
    );
  });
});
