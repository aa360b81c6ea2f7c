/**
 * Issue 19 part 3 end to end: a written agreement recorded on paper; both parties, each on a phone
 * (390×844, touch), open 申请司法确认 on /my, get an SMS code and agree; the judge (desktop) sees
 * the application in the queue marked 线上申请 with who agreed when, files it and confirms the
 * agreement; a party then sees the ruling on /my and downloads it. axe-core on the party's page.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CaseSetup,
  drainDispute,
  launchBrowser,
  logIn,
  startServer,
  type RunningServer,
  axeViolations,
} from "../support/browser.js";
import { createTestContext, type TestContext } from "../support/context.js";

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;
const SHOT = path.resolve("docs/screenshots/online-confirmation-phone.png");
/** Beijing 09:00 on Tuesday 1 December 2026. */
let now = new Date("2026-12-01T01:00:00Z");

let ctx: TestContext;
let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ctx = await createTestContext({ clock: { now: () => new Date(now) } });
  server = await startServer(ctx.app);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

async function open(options: object): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseURL, bypassCSP: true, ...options });
  contexts.push(context);
  return context.newPage();
}

async function outboxCode(phone: string, template: string): Promise<string> {
  const row = (await ctx
    .knex("message_outbox")
    .where({ to_phone: phone, template })
    .orderBy("id", "desc")
    .first()) as { params_json: string };
  return (JSON.parse(row.params_json) as { code: string }).code;
}

async function signIn(page: Page, phone: string): Promise<void> {
  await page.goto("/my/login");
  await page.getByLabel("手机号").fill(phone);
  await page.getByRole("button", { name: "获取验证码" }).tap();
  await page.getByLabel("短信验证码").waitFor();
  await page.getByLabel("短信验证码").fill(await outboxCode(phone, "sign_in_code"));
  await Promise.all([
    page.waitForURL("**/my"),
    page.getByRole("button", { name: "登录", exact: true }).tap(),
  ]);
}

/** From the case page to 申请司法确认, a code by SMS, the yes and 同意共同申请. */
async function agree(page: Page, id: number, phone: string, shoot = false): Promise<void> {
  await page.goto(`/my/cases/${id}`);
  await Promise.all([
    page.waitForURL(`**/my/cases/${id}/confirmation`),
    page.getByRole("link", { name: "申请司法确认" }).tap(),
  ]);
  expect(await page.locator("main").textContent()).toContain("株洲市渌口区人民法院");
  await Promise.all([
    page.waitForURL(`**/my/cases/${id}/confirmation?code=sent*`),
    page.getByRole("button", { name: "获取验证码" }).tap(),
  ]);
  await page.getByText("验证码已发送到您的手机").waitFor();
  await page.getByLabel("短信验证码").fill(await outboxCode(phone, "step_code_confirm"));
  await page.getByLabel("同意与对方当事人共同向上述法院申请司法确认", { exact: false }).check();
  if (shoot) {
    expect(await axeViolations(page)).toEqual([]);
    fs.mkdirSync(path.dirname(SHOT), { recursive: true });
    await page.screenshot({ path: SHOT, fullPage: true });
  }
  await Promise.all([
    page.waitForURL(`**/my/cases/${id}/confirmation?agreed=1`),
    page.getByRole("button", { name: "同意共同申请" }).tap(),
  ]);
}

describe("judicial confirmation applied for online", () => {
  it("goes from two phones to the judge's queue, and the ruling back to the party", async () => {
    const setup = new CaseSetup(ctx.services, ctx.knex);
    const body = drainDispute({}, 41);
    const [applicant, respondent] = body.parties.map((p) => p.phone!);
    const kase = await setup.inMediation(body);
    await setup.session(kase.id, "2026-12-01T08:30", "agreement", "经调解双方达成书面协议。");
    await setup.writtenAgreement(await ctx.services.cases.get(await setup.user("clerk"), kase.id), [
      "2026-12-10",
      "2026-12-20",
    ]);
    const id = kase.id;

    now = new Date("2026-12-02T02:00:00Z");
    const first = await open(PHONE);
    await signIn(first, applicant!);
    await agree(first, id, applicant!, true);
    expect(await first.locator("main").textContent()).toContain("已同意，等待对方");
    expect(await ctx.knex("confirmations").where({ case_id: id })).toHaveLength(0);

    now = new Date("2026-12-02T03:00:00Z");
    const second = await open(PHONE);
    await signIn(second, respondent!);
    await agree(second, id, respondent!);
    expect(await second.locator("#court-steps").textContent()).toContain(
      "各方当事人在网上向株洲市渌口区人民法院提交了司法确认申请",
    );

    // The judge, at a desk: the queue marks it 线上申请; the application says who agreed when.
    const judge = await open({ viewport: { width: 1280, height: 800 } });
    await logIn(judge, "judge");
    await judge.goto("/court");
    const row = judge.locator("tr", { hasText: kase.number });
    expect(await row.locator(".tag-online").textContent()).toBe("线上申请");
    await Promise.all([
      judge.waitForURL("**/court/confirmations/*"),
      row.getByRole("link", { name: kase.number }).click(),
    ]);
    const online = (await judge.locator("#online-application").textContent()) ?? "";
    expect(online).toContain("刘顺：2026-12-02 10:00 同意");
    expect(online).toContain("王桂香：2026-12-02 11:00 同意");
    expect(online).toContain("送达地址及联系电话确认书");
    await Promise.all([
      judge.waitForURL("**?done=file"),
      judge.getByRole("button", { name: "立案并编号" }).click(),
    ]);
    await judge.getByLabel("调解协议有效（确认）").check();
    await Promise.all([
      judge.waitForURL("**?done=decision"),
      judge.getByRole("button", { name: "作出裁定" }).click(),
    ]);

    // The party sees the court's steps and downloads the ruling.
    await first.goto(`/my/cases/${id}`);
    const card = (await first.locator("#confirmation").textContent()) ?? "";
    expect(card).toMatch(/株洲市渌口区人民法院立案审查，案号（2026）湘0212民特\d+号/);
    expect(card).toContain("作出裁定：确认有效");
    const link = first.locator('a[href*="/documents/ruling"]');
    const href = await link.getAttribute("href");
    const pdf = await first.context().request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  });
});
