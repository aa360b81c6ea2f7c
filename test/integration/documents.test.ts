import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CaseApi,
  intakeBody,
  LONG_TOKENS,
  loadRefs,
  pdfText,
  person,
  prepareForMediation,
  sessionBody,
  TestClock,
  writtenAgreement,
  type CaseJson,
  type Refs,
} from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { renderGray } from "../support/pdf-render.js";

const clock = new TestClock("2026-09-01");
let ctx: TestContext;
let refs: Refs;
let clerk: CaseApi;
let mediator: CaseApi;
let kase: CaseJson;

const pdfOf = (url: string) => clerk.pdf(url.replace(/^\/api\/v1/, ""));

async function textOf(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const { text, pages } = await pdfText(pdf);
  return { text, pages };
}

/** Renders the first page (MuPDF, 40 dpi, gray) and returns the share of dark pixels. */
function inkOnFirstPage(pdf: Buffer): number {
  const { pixels } = renderGray(pdf, 0, 40);
  let ink = 0;
  for (const b of pixels) if (b < 160) ink++;
  return ink / pixels.length;
}

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  refs = await loadRefs(ctx.knex);
  clerk = await CaseApi.as(ctx.app, "clerk");
  mediator = await CaseApi.as(ctx.app, "mediator");
  // Twenty-one parties, two with rare Extension A surnames (㛃, 䶮) and one with an Extension B one.
  const respondents = Array.from({ length: 19 }, (_, i) => person("respondent", `村民${i + 1}号`));
  const body = intakeBody({
    parties: [
      person("applicant", "王㛃"),
      person("applicant", "李䶮"),
      ...respondents.slice(0, 18),
      person("respondent", "𠮷田"),
    ],
    summary: "因村道旁排水沟长期堵塞，雨季积水漫入多户院落，双方就疏通责任和损失赔偿发生争执。".repeat(3),
  });
  const created = await clerk.create(body);
  await prepareForMediation(clerk, created.id, refs.mediator("王德明"), "2026-09-01");
  await mediator.do(
    created.id,
    "record-session",
    sessionBody("2026-09-01T09:30:00+08:00", "agreement", "经调解双方达成协议。"),
  );
  const detail = await mediator.detail(created.id);
  const agreement = writtenAgreement(detail, "2026-09-01", ["2026-09-15", "2026-10-15"]);
  (agreement.obligations as { amountFen?: number }[])[1]!.amountFen = 150000;
  (agreement.obligations as { amountFen?: number }[])[0]!.amountFen = 130050;
  kase = await mediator.do(created.id, "record-agreement", agreement);
});
afterAll(() => ctx.close());

describe("the documents of a case", () => {
  it("lists what exists in the case's state, each with a verification code", async () => {
    const res = await clerk["auth"](request(ctx.app).get(`/api/v1/cases/${kase.id}/documents`)).expect(200);
    const docs = res.body as { kind: string; ref?: string; title: string; url: string; verifyCode: string }[];
    expect(docs.map((d) => d.kind)).toEqual([
      "file-cover",
      "application",
      "registration",
      "notice",
      "session-record",
      "agreement",
    ]);
    for (const d of docs) expect(d.verifyCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(new Set(docs.map((d) => d.verifyCode)).size).toBe(docs.length);
    // Listing again gives the same codes: nothing changed.
    const again = (await clerk["auth"](request(ctx.app).get(`/api/v1/cases/${kase.id}/documents`)))
      .body as typeof docs;
    expect(again.map((d) => d.verifyCode)).toEqual(docs.map((d) => d.verifyCode));
  });

  it("prints the agreement with every party, amounts in figures and capitals, and its code", async () => {
    const pdf = await pdfOf(`/api/v1/cases/${kase.id}/documents/agreement.pdf`);
    const { text, pages } = await textOf(pdf);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain("人民调解协议书");
    expect(text).toContain(kase.number);
    for (const p of kase.parties.filter((x) => !x.name.startsWith("𠮷"))) expect(text).toContain(p.name);
    expect(text).toContain("王㛃");
    expect(text).toContain("李䶮");
    expect(text).toContain("（大写：壹仟叁佰元伍角）");
    expect(text).toContain("（大写：壹仟伍佰元整）");
    expect(text).toContain("1,300.50");
    expect(text).toContain("纠纷主要事实");
    expect(text).toContain("各方当事人的责任");
    expect(text).toContain("一式二十二份");
    expect(text).toContain("人民调解协议书（续）");
    expect(text).toMatch(/文书验证码：[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    // An Extension B character is not in the font: printed as □ and named, never silently dropped.
    expect(text).toContain("□田");
    expect(text).toContain("U+20BB7");
    expect(inkOnFirstPage(pdf)).toBeGreaterThan(0.01);
  });

  it("prints the session record, registration, notice and application", async () => {
    const expectations: [string, string[]][] = [
      ["session-record/1", ["人民调解笔录", "调解经过", "经调解双方达成协议。", "参加人员"]],
      ["registration", ["人民调解受理登记表", "纠纷来源", "当事人申请", "人民币壹仟叁佰元整"]],
      ["notice", ["人民调解告知书", "选择或者接受人民调解员", "如实陈述纠纷事实"]],
      ["application", ["人民调解申请书", "此致", "北洲村人民调解委员会"]],
    ];
    for (const [doc, needles] of expectations) {
      const pdf = await pdfOf(`/api/v1/cases/${kase.id}/documents/${doc}.pdf`);
      const { text } = await textOf(pdf);
      for (const n of needles) expect(text, doc).toContain(n);
      expect(inkOnFirstPage(pdf), doc).toBeGreaterThan(0.005);
    }
  });

  it("binds the whole file: cover, index with page numbers, every document, back cover", async () => {
    const pdf = await pdfOf(`/api/v1/cases/${kase.id}/file.pdf`);
    const { text, pages } = await textOf(pdf);
    const order = [
      "人民调解卷宗",
      "卷内目录",
      "人民调解申请书",
      "人民调解受理登记表",
      "人民调解告知书",
      "人民调解笔录",
      "人民调解协议书",
      "卷内备考表",
    ];
    // Titles are letter-spaced on the page; compare without white space.
    const flat = text.replace(/\s+/g, "");
    let at = -1;
    for (const title of order) {
      const next = flat.indexOf(title, at + 1);
      expect(next, title).toBeGreaterThan(at);
      at = next;
    }
    // The index row gives the application's first page, and that page is where it starts.
    const first = Number(flat.match(/1人民调解申请书2026年9月1日(\d+)/)![1]);
    expect(first).toBeGreaterThanOrEqual(3);
    expect((await pdfText(pdf, [first])).flat).toContain("人民调解申请书");
    expect(text).toContain(`卷内第 ${pages} 页`);
  });

  it("answers 404 for a document the case does not have, and to another committee", async () => {
    await clerk["auth"](request(ctx.app).get(`/api/v1/cases/${kase.id}/documents/decline-notice.pdf`)).expect(
      404,
    );
    await clerk["auth"](
      request(ctx.app).get(`/api/v1/cases/${kase.id}/documents/session-record/9.pdf`),
    ).expect(404);
    const clerk2 = await CaseApi.as(ctx.app, "clerk2");
    await clerk2["auth"](request(ctx.app).get(`/api/v1/cases/${kase.id}/documents`)).expect(404);
    await clerk2["auth"](request(ctx.app).get(`/api/v1/cases/${kase.id}/documents/agreement.pdf`)).expect(
      404,
    );
  });
});

describe("verification", () => {
  it("shows a genuine document's kind, number, committee and date to anyone, without personal data", async () => {
    const docs = (await clerk["auth"](request(ctx.app).get(`/api/v1/cases/${kase.id}/documents`))).body as {
      kind: string;
      verifyCode: string;
    }[];
    const code = docs.find((d) => d.kind === "agreement")!.verifyCode;
    const page = await request(ctx.app).get(`/verify/${code}`).expect(200);
    expect(page.text).toContain("验证通过：当前有效版本");
    expect(page.text).toContain("人民调解协议书");
    expect(page.text).toContain(kase.number);
    expect(page.text).toContain("北洲村人民调解委员会");
    expect(page.text).toContain("2026年9月1日");
    for (const p of kase.parties) expect(page.text).not.toContain(p.name);
    // Typed by hand: lower case, no dashes, O for 0.
    await request(ctx.app)
      .get(`/verify/${code.replace(/-/g, "").toLowerCase()}`)
      .expect(200);
    const missing = await request(ctx.app).get("/verify/AAAA-BBBB-CCCC").expect(404);
    expect(missing.text).toContain("未找到该验证码");
  });

  it("marks older copies superseded when a document's content changes", async () => {
    const list = async () =>
      (await clerk["auth"](request(ctx.app).get(`/api/v1/cases/${kase.id}/documents`))).body as {
        kind: string;
        verifyCode: string;
      }[];
    const before = (await list()).find((d) => d.kind === "agreement")!.verifyCode;
    // The court's rejection arrives with the confirmation issue; here it is set directly.
    await ctx.knex("cases").where({ id: kase.id }).update({ status: "confirmation_rejected" });
    clock.set("2026-09-10");
    const director = await CaseApi.as(ctx.app, "director");
    await director.do(kase.id, "reopen", { reason: "法院驳回司法确认申请，双方同意变更协议" });
    await mediator.do(
      kase.id,
      "record-session",
      sessionBody("2026-09-10T09:30:00+08:00", "agreement", "重新调解。"),
    );
    const detail = await mediator.detail(kase.id);
    await mediator.do(kase.id, "record-agreement", writtenAgreement(detail, "2026-09-10", ["2026-09-30"]));
    const after = (await list()).find((d) => d.kind === "agreement")!.verifyCode;
    expect(after).not.toBe(before);
    const old = await request(ctx.app).get(`/verify/${before}`).expect(200);
    expect(old.text).toContain("此文书已被新版本取代");
    const current = await request(ctx.app).get(`/verify/${after}`).expect(200);
    expect(current.text).toContain("验证通过：当前有效版本");
  });
});
