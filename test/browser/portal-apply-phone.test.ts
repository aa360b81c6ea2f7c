/**
 * 我要调解 on a phone (390×844, JavaScript on): a villager signs in with the SMS code, taps 我要调解
 * on /my, fills in the form (the place down to the villager group, the amount as "2,000元"),
 * submits and reads the tracking code on the confirmation page; the clerk's intake queue shows
 * the case tagged 网上申请. No axe violation on the form; no sideways scrolling; targets ≥ 44 px.
 * Screenshot: docs/screenshots/my-apply-phone.png.
 */
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fontSizeOf,
  horizontalOverflow,
  launchBrowser,
  logIn,
  startServer,
  type RunningServer,
  axeViolations,
} from "../support/browser.js";
import { createTestContext, type TestContext } from "../support/context.js";

const SHOTS = path.resolve("docs/screenshots");
/** Beijing 15:20 on Monday 30 November 2026. */
const NOW = new Date("2026-11-30T07:20:00Z");
const PHONE = "13973310401";

let ctx: TestContext;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  ctx = await createTestContext({ clock: { now: () => new Date(NOW) } });
  server = await startServer(ctx.app);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

async function lastCode(): Promise<string> {
  const row = (await ctx
    .knex("message_outbox")
    .where({ to_phone: PHONE, template: "sign_in_code" })
    .orderBy("id", "desc")
    .first()) as { params_json: string };
  return (JSON.parse(row.params_json) as { code: string }).code;
}

describe("applying for mediation on the phone", () => {
  it("a villager applies from /my/apply and reads the tracking code", async () => {
    const context = await browser.newContext({
      baseURL: server.baseURL,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto("/my/login");
    await page.getByLabel("手机号").fill(PHONE);
    await page.getByRole("button", { name: "获取验证码" }).click();
    await page.getByLabel("短信验证码").fill(await lastCode());
    await Promise.all([
      page.waitForURL("**/my"),
      page.getByRole("button", { name: "登录", exact: true }).click(),
    ]);

    await Promise.all([page.waitForURL("**/my/apply"), page.getByRole("link", { name: "我要调解" }).click()]);
    await page.getByLabel("纠纷类型").selectOption({ label: "邻里" });
    await page.getByLabel("在哪里发生").selectOption("430212101201002");
    await page
      .getByLabel("事情经过")
      .fill("邻居修房子把排水沟堵了，下雨时水流进我家院子，墙也泡裂了，想请调委会帮忙协商修沟和赔偿。");
    await page.getByLabel("发生日期").fill("2026-11-20");
    await page.getByLabel("涉及金额（元）").fill("2,000元");
    await page.getByLabel("对方姓名或单位名称").fill("王桂香");
    await page.getByLabel("对方手机号").fill("13973310402");
    await page.getByLabel("您的姓名").fill("张建国");

    // Phone-first: no sideways scrolling, big targets, no axe violation.
    const overflow = await horizontalOverflow(page);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);
    for (const label of ["纠纷类型", "在哪里发生", "对方手机号"]) {
      expect((await page.getByLabel(label).boundingBox())!.height, label).toBeGreaterThanOrEqual(44);
    }
    const submit = page.getByRole("button", { name: "提交申请" });
    expect((await submit.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: path.join(SHOTS, "my-apply-phone.png"), fullPage: true });

    await Promise.all([page.waitForURL("**/my/apply/*/done"), submit.click()]);
    const code = (await page.locator(".tracking-code").textContent())?.trim() ?? "";
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    const size = await fontSizeOf(page, ".tracking-code");
    expect(size).toBeGreaterThanOrEqual(32);
    expect(await page.locator("main").textContent()).toContain("北洲村人民调解委员会已收到您的调解申请");
    await page.screenshot({ path: path.join(SHOTS, "my-apply-done-phone.png"), fullPage: true });

    const axePage = await browser.newPage({
      baseURL: server.baseURL,
      viewport: { width: 390, height: 844 },
      bypassCSP: true,
    });
    await axePage.context().addCookies(await context.cookies());
    await axePage.goto("/my/apply");
    expect(await axeViolations(axePage), "/my/apply").toEqual([]);
    await axePage.close();
    await context.close();

    const row = await ctx.knex("cases").where({ tracking_code: code }).first();
    expect(row).toMatchObject({ channel: "online", region_code: "430212101201002" });
    expect(Number(row.amount_fen)).toBe(200000);

    const staff = await browser.newPage({ baseURL: server.baseURL });
    await logIn(staff, "clerk");
    await staff.goto("/");
    const queue = await staff.locator("main").textContent();
    expect(queue).toContain("网上申请");
    await staff.goto(`/cases/${row.id}`);
    expect(await staff.locator("main").textContent()).toContain(code);
    await staff.close();
  });
});
