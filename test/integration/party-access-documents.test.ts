/**
 * How parties find their page (issue 17): the 告知书 carries a QR code and the address of /my
 * (issued and 待送达), and a committee prints an office poster with a QR code to /my/apply.
 * Screenshots (sqlite run): docs/screenshots/document-notice-qr.png and office-poster.png.
 */
import fs from "node:fs";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServices } from "../../src/services.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { fingerprint } from "../../src/documents/verification.js";
import {
  CaseApi,
  intakeBody,
  LONG_TOKENS,
  loadRefs,
  pdfText,
  person,
  prepareForMediation,
  TestClock,
  type Refs,
} from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { renderGray, renderPNG } from "../support/pdf-render.js";
import { sessionUser } from "../support/route-fixtures.js";
import { loginAs } from "../support/web.js";

const PUBLIC_URL = "https://tiaojie.example.gov.cn";
const SHOTS = path.resolve("docs/screenshots");
const clock = new TestClock("2026-09-01");
let ctx: TestContext;
let refs: Refs;
let clerk: CaseApi;

const binary = (req: request.Test) =>
  req.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on("data", (c: Buffer) => chunks.push(c));
    r.on("end", () => cb(null, Buffer.concat(chunks)));
  });

/** Share of dark pixels on a page (MuPDF, 40 dpi): a QR code is dense ink. */
function ink(pdf: Buffer, page = 0): number {
  const { pixels } = renderGray(pdf, page, 40);
  let n = 0;
  for (const b of pixels) if (b < 160) n++;
  return n / pixels.length;
}

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: { ...LONG_TOKENS, publicUrl: PUBLIC_URL } });
  refs = await loadRefs(ctx.knex);
  clerk = await CaseApi.as(ctx.app, "clerk");
});
afterAll(() => ctx.close());

describe("the notice (告知书) tells parties where to follow their case", () => {
  it("prints the /my address and its QR code on the draft and on the issued notice", async () => {
    const { id } = await clerk.create(
      intakeBody({ parties: [person("applicant", "王春生"), person("respondent", "李秋菊")] }),
    );
    await clerk.do(id, "accept");
    const web = await loginAs(ctx.app, "clerk");
    const draft = await binary(web.get(`/cases/${id}/drafts/notice.pdf`)).expect(200);
    const draftText = (await pdfText(draft.body as Buffer)).flat;
    expect(draftText).toContain("待送达");
    expect(draftText).toContain(`${PUBLIC_URL}/my`.replace(/\s+/g, ""));
    expect(draftText).toContain("输入手机号即可查看案件进展、表示是否同意调解、上传证据材料、评价调解工作");

    const kase = await clerk.detail(id);
    await clerk.do(id, "record-consent", {
      noticeGivenOn: "2026-09-01",
      consents: kase.parties.map((p) => ({ partyId: p.id, consented: true })),
    });
    const pdf = await clerk.pdf(`/cases/${id}/documents/notice.pdf`);
    const { flat, text, pages } = await pdfText(pdf);
    expect(flat).toContain(`用手机扫码或打开${PUBLIC_URL}/my`);
    expect(flat).toContain("评价调解工作");
    expect(text).toMatch(/文书验证码：[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    // The block sits on the last page, above the verification code: the QR code is dense ink.
    expect(ink(pdf, pages - 1)).toBeGreaterThan(0.01);
    if (ctx.dialect === "sqlite")
      fs.writeFileSync(path.join(SHOTS, "document-notice-qr.png"), renderPNG(pdf, pages - 1, 100));
  });

  it("keeps the notice's verification code when the public address changes (not in the fingerprint)", async () => {
    const { id } = await clerk.create(
      intakeBody({ parties: [person("applicant", "赵大山"), person("respondent", "钱小河")] }),
    );
    await prepareForMediation(clerk, id, refs.mediator("王德明"), "2026-09-01");
    const codeOf = async () => {
      const res = await clerk.getApi(`/cases/${id}/documents`).expect(200);
      return (res.body as { kind: string; verifyCode: string }[]).find((d) => d.kind === "notice")!
        .verifyCode;
    };
    const before = await codeOf();
    // The same content as before this change: the parties' names and the day it was given.
    const issued = await ctx.knex("document_issues").where({ case_id: id, kind: "notice" });
    expect(issued).toHaveLength(1);
    expect(issued[0].fingerprint).toBe(fingerprint({ p: ["赵大山", "钱小河"], d: "2026-09-01" }));

    // Another deployment address on the same database: the same code, nothing superseded.
    const moved = createServices(
      ctx.knex,
      clock,
      { ...loadConfig({ NODE_ENV: "test" }), publicUrl: "https://other.example.cn" },
      createLogger("silent"),
    );
    const admin = sessionUser(["admin"]);
    const { pdf } = await moved.documents.render(admin, id, "notice", "");
    const { flat } = await pdfText(pdf);
    expect(flat).toContain("https://other.example.cn/my");
    expect(flat).toContain(before);
    expect(await codeOf()).toBe(before);
    expect(await ctx.knex("document_issues").where({ case_id: id, kind: "notice" })).toHaveLength(1);
  });
});

describe("the committee's office poster", () => {
  const posterOf = async (username: string, orgId: number, status: number) => {
    const agent = await loginAs(ctx.app, username);
    return binary(agent.get(`/admin/organisations/${orgId}/poster.pdf`)).expect(status);
  };

  it("prints the committee's name, a QR code to /my/apply and the address, for an admin and its director", async () => {
    const beizhou = refs.org("北洲村人民调解委员会");
    await ctx
      .knex("organisations")
      .where({ id: beizhou })
      .update({ phone: "0731-25500001", address: "北洲村村委会一楼" });
    for (const who of ["admin", "director"]) {
      const res = await posterOf(who, beizhou, 200);
      expect(res.headers["content-type"]).toBe("application/pdf");
      const { flat, pages } = await pdfText(res.body as Buffer);
      expect(pages).toBe(1);
      for (const words of [
        "北洲村人民调解委员会",
        "有纠纷，找调解",
        "手机扫码申请调解、查看案件进展",
        `${PUBLIC_URL}/my`,
        "0731-25500001",
        "北洲村村委会一楼",
        "调解不收费",
      ])
        expect(flat).toContain(words);
      expect(ink(res.body as Buffer)).toBeGreaterThan(0.08);
      if (who === "director" && ctx.dialect === "sqlite")
        fs.writeFileSync(path.join(SHOTS, "office-poster.png"), renderPNG(res.body as Buffer, 0, 72));
    }
  });

  it("answers 404 to another committee's director and 403 to a clerk of the committee", async () => {
    await posterOf("director", refs.org("洲坪村人民调解委员会"), 404);
    await posterOf("clerk", refs.org("北洲村人民调解委员会"), 403);
    await posterOf("admin", 999999, 404);
  });

  it("links the poster from the organisation page for its director, not for a clerk", async () => {
    const beizhou = refs.org("北洲村人民调解委员会");
    const director = await loginAs(ctx.app, "director");
    expect((await director.get(`/organisations/${beizhou}`).expect(200)).text).toContain(
      `href="/admin/organisations/${beizhou}/poster.pdf"`,
    );
    const clerkWeb = await loginAs(ctx.app, "clerk");
    expect((await clerkWeb.get(`/organisations/${beizhou}`).expect(200)).text).not.toContain("poster.pdf");
  });
});
