/**
 * Judicial confirmation in the browser, the whole path: a written agreement, the parties' joint
 * application, the judge files, extends and rejects; the committee re-mediates and re-applies; the
 * judge confirms; the ruling's verification code checks out at /verify for anyone.
 * "Today" is Monday 23 November 2026, 10:00 in Beijing.
 */
import { PDFParse } from "pdf-parse";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseSetup, launchBrowser, logIn, startServer, type RunningServer } from "../support/browser.js";
import { createTestContext, type TestContext } from "../support/context.js";

let browser: Browser;
let ctx: TestContext;
let server: RunningServer;
let setup: CaseSetup;

beforeAll(async () => {
  browser = await launchBrowser();
  ctx = await createTestContext({ clock: { now: () => new Date("2026-11-23T02:00:00Z") } });
  server = await startServer(ctx.app);
  setup = new CaseSetup(ctx.services, ctx.knex);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

async function as(username: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.baseURL,
    locale: "zh-CN",
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await logIn(page, username);
  return page;
}

const flat = async (page: Page, selector = "main") =>
  (await page.locator(selector).innerText()).replace(/\s+/g, " ");

async function applyForConfirmation(page: Page, caseId: number): Promise<void> {
  await page.goto(`/cases/${caseId}`);
  await page.locator(".action-buttons a", { hasText: "登记司法确认申请" }).click();
  expect(await page.locator("#f-courtId").inputValue()).not.toBe("");
  await page.locator("button.btn-large").click();
  await page.waitForURL(`**/cases/${caseId}?done=apply-confirmation`);
  expect(await flat(page, ".case-sub")).toContain("司法确认中");
}

async function openFromQueue(judge: Page): Promise<void> {
  await judge.goto("/court");
  await judge.locator("table a").first().click();
  await judge.waitForURL(/\/court\/confirmations\/\d+$/);
}

describe("judicial confirmation, from the joint application to a verified ruling", () => {
  it("runs the full path through the judge's desk", async () => {
    const kase = await setup.inMediation();
    await setup.session(kase.id, "2026-11-23T08:30", "agreement", "双方达成协议。");
    await setup.writtenAgreement(await ctx.services.cases.get(await setup.user("clerk"), kase.id), [
      "2026-12-01",
      "2026-12-15",
    ]);

    const clerk = await as("clerk");
    await applyForConfirmation(clerk, kase.id);

    const judge = await as("judge");
    const home = await flat(judge);
    expect(home).toContain("司法确认申请：待处理（1 件）"); // issue 16: decided ones behind a filter
    expect(home).toContain(kase.number);
    expect(home).toContain("待立案");
    await openFromQueue(judge);
    await judge.locator("button", { hasText: "立案并编号" }).click();
    expect(await flat(judge)).toContain("本院案号 （2026）湘0212民特1号");
    // Filed 2026-11-23: 15 days end on Tuesday 2026-12-08.
    expect(await flat(judge)).toContain("裁定期限：2026年12月8日");

    await judge.locator("#f-reason").fill("需核实排水沟权属");
    await judge.locator("#f-approvedBy").fill("李院长");
    await judge.locator("button", { hasText: "延长 10 日" }).click();
    // 12-08 + 10 days = Friday 12-18.
    expect(await flat(judge)).toContain("裁定期限：2026年12月18日");
    expect(await judge.locator("button", { hasText: "延长 10 日" }).count()).toBe(0);

    // A rejection needs a ground and reasons: first the error, then the ruling.
    await judge.locator("#f-outcome-rejected").check();
    await judge.locator("button", { hasText: "作出裁定" }).click();
    expect(await flat(judge, ".error-summary")).toContain("驳回申请须至少选择一项法定理由");
    await judge.locator("#f-ground-unclear").check();
    await judge.locator("#f-reasons").fill("分期履行的金额约定不明。");
    await judge.locator("button", { hasText: "作出裁定" }).click();
    expect(await flat(judge)).toContain("已裁定驳回申请");

    const director = await as("director");
    await director.goto(`/cases/${kase.id}`);
    expect(await flat(director, ".case-sub")).toContain("司法确认被驳回");
    await director.locator(".action-buttons a", { hasText: "重新调解" }).click();
    await director.locator("#f-reason").fill("法院驳回，双方同意明确分期金额后重新签订协议");
    await director.locator("button.btn-large").click();
    expect(await flat(director, ".case-sub")).toContain("调解中");

    await setup.session(kase.id, "2026-11-23T09:30", "agreement", "明确分期金额，重新达成协议。");
    await setup.writtenAgreement(await ctx.services.cases.get(await setup.user("clerk"), kase.id), [
      "2026-12-01",
      "2026-12-20",
    ]);
    await applyForConfirmation(clerk, kase.id);

    await judge.goto("/court");
    expect(await flat(judge)).toContain("待立案");
    await judge.locator("tr", { hasText: "待立案" }).locator("a").click();
    await judge.locator("button", { hasText: "立案并编号" }).click();
    expect(await flat(judge)).toContain("（2026）湘0212民特2号");
    await judge.locator("#f-outcome-confirmed").check();
    await judge.locator("button", { hasText: "作出裁定" }).click();
    expect(await flat(judge)).toContain("已裁定调解协议有效");

    await clerk.goto(`/cases/${kase.id}`);
    expect(await flat(clerk, ".case-sub")).toContain("已司法确认");
    await clerk.locator("#documents summary").click(); // the list of documents is folded
    expect(await flat(clerk, "#documents")).toContain("民事裁定书");

    const res = await judge.request.get(`/cases/${kase.id}/documents/ruling.pdf`);
    expect(res.headers()["content-type"]).toBe("application/pdf");
    const parser = new PDFParse({ data: await res.body() });
    const text = (await parser.getText()).text;
    await parser.destroy();
    expect(text.replace(/\s+/g, "")).toContain("（2026）湘0212民特2号");
    const code = text.match(/文书验证码：([0-9A-Z-]+)/)![1]!;

    const anyone = await (await browser.newContext({ baseURL: server.baseURL })).newPage();
    await anyone.goto(`/verify/${code}`);
    const verified = await flat(anyone);
    expect(verified).toContain("验证通过：当前有效版本");
    expect(verified).toContain("民事裁定书");
    expect(verified).toContain(kase.number);
    expect(verified).not.toContain("刘顺");
  });

  it("lets the judge refuse to file, keeping what was ticked when the reasons are missing", async () => {
    const kase = await setup.inMediation();
    await setup.session(kase.id, "2026-11-23T08:30", "agreement", "双方达成协议。");
    await setup.writtenAgreement(await ctx.services.cases.get(await setup.user("clerk"), kase.id), [
      "2026-12-01",
    ]);
    const clerk = await as("clerk");
    await applyForConfirmation(clerk, kase.id);

    const judge = await as("judge");
    await openFromQueue(judge);
    await judge.locator("#f-refuse-rights_title").check();
    await judge.locator("button", { hasText: "裁定不予受理" }).click();
    expect(await flat(judge, ".error-summary")).toContain("请填写不予受理的理由");
    expect(await judge.locator("#f-refuse-rights_title").isChecked()).toBe(true);
    await judge.locator("#f-refuse-reasons").fill("协议约定确认宅基地使用权归属。");
    await judge.locator("button", { hasText: "裁定不予受理" }).click();
    expect(await flat(judge)).toContain("已裁定不予受理");
    expect(await flat(judge)).toContain("民事裁定书（不予受理）PDF");
    await judge.goto("/court");
    expect(await flat(judge)).toContain("已办结（不予受理）");

    await clerk.goto(`/cases/${kase.id}`);
    expect(await flat(clerk, ".case-sub")).toContain("已达成协议");
    expect(await flat(clerk)).toContain("已裁定不予受理");
    await clerk.locator("#documents summary").click();
    expect(await flat(clerk, "#documents")).toContain("民事裁定书（不予受理）");
  });
});
