import { createHash } from "node:crypto";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { actorsFor, decide, type CaseFacts } from "../../src/cases/lifecycle.js";
import type { PartyView } from "../../src/cases/views.js";
import { ValidationError } from "../../src/errors.js";
import { agreementText, canonicalText, textHash } from "../../src/signing/agreement-text.js";
import { maskIp, maskPhone } from "../../src/signing/mask.js";
import { checkPng, pngFromDataUrl, SIGNATURE_LIMITS } from "../../src/signing/png.js";
import { currentSignatures, voidedBy } from "../../src/signing/rules.js";

const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

describe("the canonical text and its hash", () => {
  it("is the same for the same words however the lines end, trail or are composed", () => {
    const base = "人民调解协议书\n申请人：张三\n\n协议内容";
    expect(canonicalText(base)).toBe(base);
    expect(canonicalText("人民调解协议书\r\n申请人：张三  \r\n\r\n协议内容\n\n")).toBe(base);
    expect(canonicalText("\n人民调解协议书\r申请人：张三\u3000\n\n协议内容")).toBe(base);
    // é written as e + combining accent is NFC-composed.
    expect(canonicalText("Cafe\u0301")).toBe("Café");
    expect(textHash(base)).toBe(sha(base));
    expect(textHash("人民调解协议书\r\n申请人：张三\r\n\r\n协议内容")).toBe(sha(base));
  });

  it("changes with any change to the words", () => {
    expect(textHash("赔偿 800 元")).not.toBe(textHash("赔偿 900 元"));
    expect(textHash("赔偿 800 元")).not.toBe(textHash("赔偿 800元"));
  });

  it("states the parties, the content and each obligation as the 协议书 does", () => {
    const party = (id: number, side: "applicant" | "respondent", name: string) =>
      ({ id, side, kind: "person", name, gender: "male", address: "北洲村" }) as unknown as PartyView;
    const text = agreementText(
      {
        number: "（2026）北洲调字第1号",
        organisationName: "北洲村人民调解委员会",
        parties: [party(1, "applicant", "张三"), party(2, "respondent", "李四")],
      },
      {
        facts: "事实",
        disputedMatters: "争议",
        responsibilities: "责任",
        terms: "李四赔偿张三。",
        copies: null,
        obligations: [
          {
            obligor: "李四",
            obligee: "张三",
            content: "赔偿损失",
            amountFen: 80000,
            place: "调解室",
            manner: "现金",
            dueOn: "2026-12-31",
          },
        ],
      },
    );
    expect(text.split("\n")[0]).toBe("人民调解协议书");
    expect(text).toContain("申请人：张三，男，住北洲村");
    expect(text).toContain("经北洲村人民调解委员会调解，双方当事人自愿达成如下协议：\n李四赔偿张三。");
    expect(text).toContain("1. 李四于2026年12月31日前在调解室以现金方式向张三赔偿损失，金额");
    expect(text).toContain("本协议一式三份");
    expect(canonicalText(text)).toBe(text);
  });
});

describe("the void rule", () => {
  const rows = [
    { id: 1, hash: "a", voidAt: null },
    { id: 2, hash: "a", voidAt: "2026-12-01T01:00:00Z" },
    { id: 3, hash: "b", voidAt: null },
  ];
  it("counts a signature only for the text it was given on", () => {
    expect(currentSignatures(rows, "a").map((r) => r.id)).toEqual([1]);
    expect(currentSignatures(rows, "b").map((r) => r.id)).toEqual([3]);
    expect(currentSignatures(rows, "c")).toEqual([]);
  });
  it("voids, on a new text, every open signature on another; the same text voids none", () => {
    expect(voidedBy(rows, "c").map((r) => r.id)).toEqual([1, 3]);
    expect(voidedBy(rows, "a").map((r) => r.id)).toEqual([3]);
    expect(voidedBy([{ hash: "a", voidAt: null }], "a")).toEqual([]);
  });
});

describe("seal-agreement in the lifecycle", () => {
  const facts = (signing: CaseFacts["signing"], over: Partial<CaseFacts> = {}): CaseFacts => ({
    status: "in_mediation",
    consentComplete: true,
    consentRefused: false,
    hasLeadMediator: true,
    sessionCount: 1,
    scheduledSessions: 0,
    hasAgreement: false,
    openObligations: 0,
    ownCommittee: true,
    signing,
    ...over,
  });
  const director = actorsFor(["director"], false);
  it("is the director's, once every party has signed the current text", () => {
    expect(decide("seal-agreement", facts({ unsigned: [] }), director)).toEqual({ allowed: true });
    const early = decide("seal-agreement", facts({ unsigned: ["张三", "李四"] }), director);
    expect(early).toMatchObject({ allowed: false, refusal: "rule" });
    expect(early.allowed || early.reason).toContain("尚有当事人未签署协议：张三、李四");
    expect(decide("seal-agreement", facts(null), director)).toMatchObject({
      allowed: false,
      refusal: "state",
    });
    expect(decide("seal-agreement", facts({ unsigned: [] }), actorsFor(["mediator"], true))).toMatchObject({
      allowed: false,
      refusal: "role",
    });
    expect(
      decide("seal-agreement", facts({ unsigned: [] }, { status: "agreement" }), director),
    ).toMatchObject({
      allowed: false,
      refusal: "state",
    });
  });
});

describe("personal data on the signature record", () => {
  it("masks the phone's middle digits and the end of the address", () => {
    expect(maskPhone("13800138000")).toBe("138****8000");
    expect(maskIp("203.0.113.25")).toBe("203.0.*.*");
    expect(maskIp("::ffff:10.1.2.3")).toBe("10.1.*.*");
    expect(maskIp("2001:db8::1")).toBe("2001:db8:*");
    expect(maskIp(null)).toBe("未记录");
  });
});

describe("the signature image", () => {
  const fieldOf = async (p: Promise<unknown>) => {
    try {
      await p;
      return null;
    } catch (e) {
      return e instanceof ValidationError ? e.errors[0]!.message : String(e);
    }
  };
  it("must be a PNG by content, not blank, within the limits", async () => {
    const ink = await sharp(
      Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120"><path d="M10 60 L 290 60" stroke="#000" stroke-width="6"/></svg>',
      ),
    )
      .png()
      .toBuffer();
    expect(await fieldOf(checkPng(ink, "signature", SIGNATURE_LIMITS, "签名"))).toBeNull();
    const blank = await sharp({
      create: { width: 300, height: 120, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 0 } },
    })
      .png()
      .toBuffer();
    expect(await fieldOf(checkPng(blank, "signature", SIGNATURE_LIMITS, "签名"))).toContain("空白");
    const jpeg = await sharp(ink).flatten({ background: "#fff" }).jpeg().toBuffer();
    expect(await fieldOf(checkPng(jpeg, "signature", SIGNATURE_LIMITS, "签名"))).toBe(
      "签名图片不是 PNG 格式",
    );
    const big = Buffer.concat([ink, Buffer.alloc(SIGNATURE_LIMITS.maxBytes)]);
    expect(await fieldOf(checkPng(big, "signature", SIGNATURE_LIMITS, "签名"))).toContain("不能超过");
    expect(() => pngFromDataUrl("data:image/jpeg;base64,AAAA", "signature")).toThrow(ValidationError);
    expect(pngFromDataUrl(`data:image/png;base64,${ink.toString("base64")}`, "signature").equals(ink)).toBe(
      true,
    );
  });
});
