/**
 * 群众评单 on a phone (390×844): once the agreement is in effect, each party signs in, opens the
 * case on /my and rates it (满意 / 基本满意 / 不满意 and a comment, no JavaScript needed); the page
 * then says 感谢您的评价, and the officer's statistics count both ratings in 满意率. axe finds
 * nothing on the card. Screenshot: docs/screenshots/my-rating-phone.png (the card at 390 wide).
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseDetail } from "../../src/cases/service.js";
import {
  CaseSetup,
  drainDispute,
  launchBrowser,
  logIn,
  startServer,
  villager,
  type RunningServer,
} from "../support/browser.js";
import { createTestContext, type TestContext } from "../support/context.js";

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const SHOTS = path.resolve("docs/screenshots");
let now = new Date("2026-11-23T00:30:00Z");
const APPLICANT = "13973310201";
const RESPONDENT = "13973310202";

let ctx: TestContext;
let server: RunningServer;
let browser: Browser;
let kase: CaseDetail;

beforeAll(async () => {
  ctx = await createTestContext({ clock: { now: () => new Date(now) } });
  server = await startServer(ctx.app);
  browser = await launchBrowser();
  const setup = new CaseSetup(ctx.services, ctx.knex);
  kase = await setup.inMediation(
    drainDispute({
      parties: [
        { ...villager("applicant", "刘顺", "19650312", 201), phone: APPLICANT },
        { ...villager("respondent", "王桂香", "19700805", 202), phone: RESPONDENT },
      ],
    }),
  );
  now = new Date("2026-11-23T02:00:00Z");
  kase = await setup.session(kase.id, "2026-11-23T09:30", "agreement", "经调解双方达成协议。");
  now = new Date("2026-11-23T02:30:00Z");
  kase = await setup.writtenAgreement(kase, ["2026-12-20"]);
  now = new Date("2026-11-24T02:00:00Z");
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const found = await page.evaluate<{ id: string; help: string; nodes: { target: string[] }[] }[]>(
    `axe.run("#rating", { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
       .then((r) => r.violations.map((v) => ({ id: v.id, help: v.help,
         nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  );
  return found.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function signIn(phone: string, javaScriptEnabled: boolean): Promise<Page> {
  const page = await browser.newPage({
    baseURL: server.baseURL,
    viewport: { width: 390, height: 844 },
    bypassCSP: true,
    javaScriptEnabled,
  });
  await page.goto("/my/login");
  await page.getByLabel("手机号").fill(phone);
  await page.getByRole("button", { name: "获取验证码" }).click();
  const row = (await ctx
    .knex("message_outbox")
    .where({ to_phone: phone, template: "sign_in_code" })
    .orderBy("id", "desc")
    .first()) as { params_json: string };
  await page.getByLabel("短信验证码").fill((JSON.parse(row.params_json) as { code: string }).code);
  await Promise.all([
    page.waitForURL("**/my"),
    page.getByRole("button", { name: "登录", exact: true }).click(),
  ]);
  await page.goto(`/my/cases/${kase.id}`);
  return page;
}

async function rate(page: Page, choice: string, comment: string) {
  await page.getByLabel(choice, { exact: true }).check();
  await page.getByLabel("想说的话（可以不填）").fill(comment);
  await Promise.all([
    page.waitForURL(`**/my/cases/${kase.id}`),
    page.getByRole("button", { name: "提交评价" }).click(),
  ]);
}

describe("rating a concluded case on the phone", () => {
  it("both parties rate, each once, and the officer's 满意率 counts them", async () => {
    // The first party's phone runs no JavaScript: the card is a plain form.
    const first = await signIn(APPLICANT, false);
    const card = first.locator("#rating");
    await expect.poll(() => card.locator("h2").textContent()).toBe("评价本次调解");
    // Each choice is a big target.
    for (const choice of await card.locator(".rating-choice").all()) {
      expect((await choice.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    }
    await first.getByLabel("满意", { exact: true }).check();
    await first.getByLabel("想说的话（可以不填）").fill("王调解员很耐心，谢谢。");
    await card.screenshot({ path: path.join(SHOTS, "my-rating-phone.png") });
    await rate(first, "满意", "王调解员很耐心，谢谢。");
    expect(await first.locator("#rating").textContent()).toContain("感谢您的评价");
    expect(await first.getByRole("button", { name: "提交评价" }).count()).toBe(0);
    await first.close();

    const second = await signIn(RESPONDENT, true);
    expect(await violations(second)).toEqual([]);
    await rate(second, "不满意", "拖得太久了。");
    expect(await second.locator("#rating").textContent()).toContain("不满意");
    await second.close();

    const officer = await browser.newPage({ baseURL: server.baseURL, viewport: { width: 390, height: 844 } });
    await logIn(officer, "officer");
    await officer.goto("/stats?period=year&year=2026");
    expect(await officer.locator("main").textContent()).toContain("含当事人评价 2 条");
    await officer.close();
  });
});
