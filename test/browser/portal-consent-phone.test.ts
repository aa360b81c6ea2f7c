/**
 * Consent online on a phone (390×844, JavaScript off): the clerk accepts the case, the respondent
 * signs in with the SMS code (read from the outbox), opens the case, reads the 告知书 and agrees
 * to mediation; the case page then says so, and the staff's case page marks it 网上确认. No axe
 * violation on the notice page. Screenshot: docs/screenshots/my-consent-phone.png.
 */
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseDetail } from "../../src/cases/service.js";
import {
  CaseSetup,
  drainDispute,
  fontSizeOf,
  launchBrowser,
  logIn,
  startServer,
  villager,
  type RunningServer,
  axeViolations,
} from "../support/browser.js";
import { createTestContext, type TestContext } from "../support/context.js";

const SHOTS = path.resolve("docs/screenshots");
/** Beijing 15:20 on Monday 30 November 2026. */
const NOW = new Date("2026-11-30T07:20:00Z");
const PHONE = "13973310202";

let ctx: TestContext;
let server: RunningServer;
let browser: Browser;
let kase: CaseDetail;

beforeAll(async () => {
  ctx = await createTestContext({ clock: { now: () => new Date(NOW) } });
  server = await startServer(ctx.app);
  browser = await launchBrowser();
  const setup = new CaseSetup(ctx.services, ctx.knex);
  kase = await setup.register(
    "clerk",
    drainDispute({
      parties: [
        villager("applicant", "刘顺", "19650312", 201),
        { ...villager("respondent", "王桂香", "19700805", 202), phone: PHONE },
      ],
    }),
  );
  await setup.act("clerk", kase.id, "accept");
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

describe("consent online on the phone", () => {
  it("the respondent signs in, reads the notice and agrees to mediation", async () => {
    // The invitation went out on acceptance.
    const invitation = await ctx
      .knex("message_outbox")
      .where({ to_phone: PHONE, template: "invitation" })
      .first();
    expect(invitation).toBeTruthy();

    const context = await browser.newContext({
      baseURL: server.baseURL,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      javaScriptEnabled: false,
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

    await Promise.all([
      page.waitForURL(`**/my/cases/${kase.id}`),
      page.locator(".portal-case-link").first().click(),
    ]);
    expect(await page.locator("#consent").textContent()).toContain("请阅读告知书并表示是否同意调解");
    await Promise.all([
      page.waitForURL(`**/my/cases/${kase.id}/notice`),
      page.getByRole("link", { name: "阅读告知书" }).click(),
    ]);
    const notice = (await page.locator(".portal-notice").textContent()) ?? "";
    expect(notice).toContain("当事人在人民调解活动中享有下列权利");
    // Large readable type and big targets.
    expect(await fontSizeOf(page, ".portal-notice p")).toBeGreaterThanOrEqual(18);
    for (const name of ["同意调解", "不同意调解"]) {
      const box = await page.getByRole("button", { name, exact: true }).boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
    }

    await page.getByLabel("我已阅读以上告知书").check();
    await page.screenshot({ path: path.join(SHOTS, "my-consent-phone.png"), fullPage: true });
    await Promise.all([
      page.waitForURL(`**/my/cases/${kase.id}#consent`),
      page.getByRole("button", { name: "同意调解", exact: true }).click(),
    ]);
    expect(await page.locator("#consent").textContent()).toContain("您已同意调解");

    const axePage = await browser.newPage({
      baseURL: server.baseURL,
      viewport: { width: 390, height: 844 },
      bypassCSP: true,
    });
    await axePage.context().addCookies(await context.cookies());
    await axePage.goto(`/my/cases/${kase.id}/notice`);
    expect(await axeViolations(axePage), "/my/cases/{id}/notice").toEqual([]);
    await axePage.close();
    await context.close();

    // The staff's case page marks the answer as given online.
    const staff = await browser.newPage({ baseURL: server.baseURL });
    await logIn(staff, "clerk");
    await staff.goto(`/cases/${kase.id}`);
    expect(await staff.locator("main").textContent()).toContain("同意调解（2026年11月30日 网上确认）");
    await staff.close();
  });
});
