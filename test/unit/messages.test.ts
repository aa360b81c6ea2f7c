import { describe, expect, it } from "vitest";
import { canonicalQuery, percentEncode, rpcTimestamp, signRpc } from "../../src/messages/aliyun.js";
import { BASE_DELAY_MS, MAX_DELAY_MS, nextAttemptAt } from "../../src/messages/backoff.js";
import { loadSmsConfig } from "../../src/messages/config.js";
import {
  maskCodes,
  OPT_OUT_LINE,
  providerParams,
  renderMessage,
  TEMPLATE_NAMES,
  TEMPLATES,
} from "../../src/messages/templates.js";
import { codeRequestSchema } from "../../src/portal/schemas.js";

describe("SMS templates", () => {
  it("render the sign-in code in Chinese, without the opt-out line", () => {
    const text = renderMessage("sign_in_code", { code: "123456" });
    expect(text).toMatch(/^您的验证码为123456，5分钟内有效/);
    expect(text).not.toContain(OPT_OUT_LINE);
  });

  it("end every notice with 回复TD退订", () => {
    const samples = {
      invitation: { committee: "北洲村人民调解委员会", typeName: "邻里纠纷", url: "https://t.example/my" },
      application_accepted: { committee: "北洲村人民调解委员会", number: "（2026）北洲调字第1号" },
      application_referred: { from: "北洲村调委会", to: "渌口镇调委会" },
      application_declined: { committee: "北洲村调委会", reason: "已由人民法院受理" },
      session_scheduled: { time: "2026年12月3日 9:30", place: "北洲村调解室" },
      session_cancelled: { time: "12月3日 09:30", reason: "调解员临时有事" },
      agreement_ready: { number: "（2026）北洲调字第1号", url: "https://t.example/my" },
      obligation_due: { dueOn: "2026年12月10日", content: "支付修缮费 1300 元" },
      confirmation_decided: { court: "渌口区人民法院", result: "确认调解协议有效" },
      report_received: { id: "12", to: "北洲村人民调解委员会" },
      report_done: { id: "12", result: "已清淤疏通排水沟" },
      confirmation_filed: { court: "渌口区人民法院", number: "（2026）湘0212民特12号" },
      confirmation_material_requested: { court: "渌口区人民法院", request: "双方身份证复印件" },
    } as const;
    const codes = ["sign_in_code", "step_code_sign", "step_code_confirm"];
    for (const name of TEMPLATE_NAMES.filter((n) => !codes.includes(n))) {
      const text = renderMessage(name, samples[name as keyof typeof samples] as never);
      expect(text, name).toMatch(/回复TD退订$/);
      expect(text, name).not.toMatch(/undefined|\{|\}/);
      expect(TEMPLATES[name].transactional).toBe(false);
    }
  });

  it("say where a session is: a place, or the online link", () => {
    expect(renderMessage("session_scheduled", { time: "12月3日 9:30", place: "村调解室" })).toContain(
      "在村调解室调解",
    );
    const online = renderMessage("session_scheduled", {
      time: "12月3日 9:30",
      link: "https://meet.example/1",
    });
    expect(online).toContain("线上视频调解");
    // Spaces around the link: nothing sticks to it when the phone makes it tappable.
    expect(online).toContain(" https://meet.example/1 回复TD退订");
    expect(JSON.parse(providerParams("session_scheduled", { time: "t", link: "https://m/1" }))).toEqual({
      time: "t",
      place: "线上视频",
      link: "届时请登录后点“进入视频调解”： https://m/1",
    });
  });

  it("mask the digits of sign-in codes only", () => {
    expect(maskCodes("sign_in_code", "您的验证码为123456，5分钟内有效")).toBe(
      "您的验证码为******，5分钟内有效",
    );
    expect(maskCodes("obligation_due", "支付 1300 元")).toBe("支付 1300 元");
  });
});

describe("retry backoff", () => {
  const now = new Date("2026-12-01T00:00:00Z");
  it("doubles from 30 seconds and stops after the last attempt", () => {
    expect(nextAttemptAt(now, 1, 5)!.getTime() - now.getTime()).toBe(BASE_DELAY_MS);
    expect(nextAttemptAt(now, 2, 5)!.getTime() - now.getTime()).toBe(2 * BASE_DELAY_MS);
    expect(nextAttemptAt(now, 4, 5)!.getTime() - now.getTime()).toBe(8 * BASE_DELAY_MS);
    expect(nextAttemptAt(now, 5, 5)).toBeNull();
  });
  it("never waits more than an hour", () => {
    expect(nextAttemptAt(now, 20, 99)!.getTime() - now.getTime()).toBe(MAX_DELAY_MS);
  });
});

describe("Alibaba Cloud RPC signature (v1, HMAC-SHA1)", () => {
  it("matches the provider's documented example", () => {
    // The DescribeRegions example of Alibaba Cloud's "Signature mechanism" pages: id testid, secret testsecret.
    const params = {
      TimeStamp: "2016-02-23T12:46:24Z",
      Format: "XML",
      AccessKeyId: "testid",
      Action: "DescribeRegions",
      SignatureMethod: "HMAC-SHA1",
      SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
      Version: "2014-05-26",
      SignatureVersion: "1.0",
    };
    expect(signRpc("GET", params, "testsecret")).toBe("CT9X0VtwR86fNWSnsc6v8YGOjuE=");
    expect(canonicalQuery(params)).toMatch(/^AccessKeyId=testid&Action=DescribeRegions&Format=XML&/);
  });

  it("percent-encodes as RFC 3986 (space %20, * %2A, ~ kept, Chinese as UTF-8)", () => {
    expect(percentEncode("a b*c~d'!()")).toBe("a%20b%2Ac~d%27%21%28%29");
    expect(percentEncode("枫桥")).toBe("%E6%9E%AB%E6%A1%A5");
    expect(percentEncode('{"code":"1"}')).toBe("%7B%22code%22%3A%221%22%7D");
  });

  it("stamps time in UTC without milliseconds", () => {
    expect(rpcTimestamp(new Date("2026-12-01T08:00:00.123Z"))).toBe("2026-12-01T08:00:00Z");
  });
});

describe("SMS configuration", () => {
  it("defaults to the console transport and reads one template code per template", () => {
    const config = loadSmsConfig({ SMS_TEMPLATE_SIGN_IN_CODE: "SMS_1" });
    expect(config.transport).toBe("console");
    expect(config.endpoint).toBe("https://dysmsapi.aliyuncs.com");
    expect(config.templateCodes).toEqual({ sign_in_code: "SMS_1" });
  });
  it("refuses aliyun without keys, naming them", () => {
    expect(() => loadSmsConfig({ SMS_TRANSPORT: "aliyun" })).toThrow(/ALIYUN_ACCESS_KEY_ID/);
    expect(() => loadSmsConfig({ SMS_TRANSPORT: "carrier-pigeon" })).toThrow(/SMS_TRANSPORT/);
  });
});

describe("party phone numbers", () => {
  it("accept a mainland mobile as typed and refuse others naming 手机号", () => {
    expect(codeRequestSchema.parse({ phone: "+86 138-0000-1111" }).phone).toBe("13800001111");
    for (const phone of ["12800001111", "1380000111", "0731-2222333", "", 13800001111]) {
      const r = codeRequestSchema.safeParse({ phone });
      expect(r.success, String(phone)).toBe(false);
      expect(r.error!.issues[0]!.message).toContain("手机号");
    }
  });
});
