import { describe, expect, it } from "vitest";
import { ConfigError, DEVELOPMENT_SESSION_SECRET, loadConfig, startupWarnings } from "../../src/config.js";
import { DEMO_PASSWORD } from "../../src/demo/seed.js";
import { COMMON_PASSWORDS, passwordProblem } from "../../src/people/password-policy.js";

describe("production settings (issue 14 L7)", () => {
  it("refuses the development SESSION_SECRET in production, even when set explicitly", () => {
    expect(() => loadConfig({ NODE_ENV: "production", SESSION_SECRET: DEVELOPMENT_SESSION_SECRET })).toThrow(
      ConfigError,
    );
    expect(loadConfig({ NODE_ENV: "development" }).sessionSecret).toBe(DEVELOPMENT_SESSION_SECRET);
  });

  it("explains at start-up that COOKIE_SECURE behind a proxy needs TRUST_PROXY", () => {
    const secret = "s".repeat(40);
    const behind = loadConfig({ NODE_ENV: "production", SESSION_SECRET: secret, COOKIE_SECURE: "true" });
    expect(startupWarnings(behind).join("")).toContain("TRUST_PROXY=1");
    const fixed = loadConfig({
      NODE_ENV: "production",
      SESSION_SECRET: secret,
      COOKIE_SECURE: "true",
      TRUST_PROXY: "1",
    });
    expect(startupWarnings(fixed)).toEqual([]);
    expect(startupWarnings(loadConfig({ NODE_ENV: "development" }))).toEqual([]);
  });
});

describe("password policy (issue 14 M4)", () => {
  it("refuses short, common and one-character passwords, and ones containing the username", () => {
    for (const p of [
      "12345678",
      "password",
      "88888888",
      "11111111",
      "qwerty123",
      "PassWord",
      "１２３４５６７８",
    ])
      expect(passwordProblem(p), p).toBe("该密码过于常见，容易被猜中，请换一个");
    expect(passwordProblem("abc123")).toBe("密码至少 8 位");
    expect(passwordProblem("zzzzzzzzzz")).toBe("密码不能由同一个字符重复组成");
    expect(passwordProblem("zhangwei-2026", "zhangwei")).toBe("密码不能包含用户名");
    expect(passwordProblem("Tiaojie-2026x", "zhangwei")).toBeNull();
    expect(passwordProblem("调解委员会第三组")).toBeNull();
  });

  it("ships a list of at least 100 common passwords; the demo password is not policed at sign-in", () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(100);
    // demo1234 is not in the list: the README's demo accounts keep working, new passwords are checked.
    expect(COMMON_PASSWORDS.has(DEMO_PASSWORD)).toBe(false);
  });
});
