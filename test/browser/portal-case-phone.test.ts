/**
 * A party on their phone (390×844): signs in with the SMS code (read from the outbox, where the
 * console transport leaves it), finds their case on /my, opens it, and reads its status, next step,
 * mediator, session, documents and timeline; the 大字 toggle works there; axe finds nothing on
 * /my and /my/cases/{id}. Screenshots: docs/screenshots/my-list-phone.png, my-case-phone.png.
 */
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseDetail } from "../../src/cases/service.js";
import {
  CaseSetup,
  drainDispute,
  launchBrowser,
  startServer,
  villager,
  type RunningServer,
  axeViolations,
} from "../support/browser.js";
import { createTestContext, type TestContext } from "../support/context.js";

const SHOTS = path.resolve("docs/screenshots");
/** Beijing 08:30 on Monday 23 November 2026, moved on as the case goes. */
let now = new Date("2026-11-23T00:30:00Z");
const PHONE = "13973310101";

let ctx: TestContext;
let server: RunningServer;
let browser: Browser;
let kase: CaseDetail;
let respondentId: string;

beforeAll(async () => {
  ctx = await createTestContext({ clock: { now: () => new Date(now) } });
  server = await startServer(ctx.app);
  browser = await launchBrowser();
  const setup = new CaseSetup(ctx.services, ctx.knex);
  const respondent = villager("respondent", "王桂香", "19700805", 102);
  respondentId = respondent.idNumber!;
  kase = await setup.inMediation(
    drainDispute({
      parties: [{ ...villager("applicant", "刘顺", "19650312", 101), phone: PHONE }, respondent],
    }),
  );
  now = new Date("2026-11-23T02:00:00Z");
  kase = await setup.session(kase.id, "2026-11-23T09:30", "agreement", "经调解双方达成协议。");
  now = new Date("2026-11-23T02:30:00Z");
  kase = await setup.writtenAgreement(kase, ["2026-12-20"]);
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

describe("a party's case on the phone", () => {
  it("signs in, opens the case from /my, and reads it in plain words", async () => {
    const page = await browser.newPage({
      baseURL: server.baseURL,
      viewport: { width: 390, height: 844 },
      bypassCSP: true,
    });
    await page.goto("/my/login");
    await page.getByLabel("手机号").fill(PHONE);
    await page.getByRole("button", { name: "获取验证码" }).click();
    await page.getByLabel("短信验证码").fill(await lastCode());
    await Promise.all([
      page.waitForURL("**/my"),
      page.getByRole("button", { name: "登录", exact: true }).click(),
    ]);

    await expect.poll(() => page.locator("h1").textContent()).toBe("我的纠纷");
    expect(await axeViolations(page), "/my").toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, "my-list-phone.png"), fullPage: true });

    await Promise.all([
      page.waitForURL(`**/my/cases/${kase.id}`),
      page.locator(".portal-case-link").first().click(),
    ]);
    const text = (await page.locator("main").textContent()) ?? "";
    for (const words of [
      "已达成调解协议",
      "下一步：王桂香应按协议在2026年12月20日前履行",
      "调解员：王德明",
      "人民调解协议书（PDF）",
      "经过",
    ]) {
      expect(text).toContain(words);
    }
    expect(text).not.toContain(respondentId);
    expect(await axeViolations(page), "/my/cases/{id}").toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, "my-case-phone.png"), fullPage: true });

    // The document link gives the PDF.
    const href = await page.getByRole("link", { name: "人民调解告知书（PDF）" }).getAttribute("href");
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");

    // 大字 works on the party's pages and comes back to the same page.
    await page.getByRole("button", { name: "大字" }).click();
    await page.waitForURL(`**/my/cases/${kase.id}`);
    expect(await page.locator("html").getAttribute("class")).toContain("text-large");
    await page.close();
  });
});
