/**
 * Issue 18's loop through the pages. On a phone (390×844) the grid worker 刘小红 reports a
 * dispute in 北洲村 with a photo; the township centre's dispatcher sends it from the dispatch desk
 * to 北洲村人民调解委员会; the committee concludes the linked case (当场化解, through the case service);
 * the grid worker sees the outcome on her phone and rates it. A second report, a hazard sent to
 * the city management bureau, passes its due date (已逾期 on the desk) and is answered late
 * (超期办结). axe-core finds nothing on the grid worker's home, the report form, the dispatch desk
 * and the report page. Screenshots: docs/screenshots/grid-worker-phone.png,
 * grid-report-form-phone.png, grid-dispatch-desk.png, grid-report-page.png. A party reports from /my
 * (我要反映问题) and finds it listed there.
 */
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CaseSetup,
  horizontalOverflow,
  launchBrowser,
  logIn,
  startServer,
  type RunningServer,
  axeViolations,
} from "../support/browser.js";
import { createTestContext, type TestContext } from "../support/context.js";

const SHOTS = path.resolve("docs/screenshots");
let now = new Date("2026-12-01T01:00:00Z"); // 09:00 in Beijing

let ctx: TestContext;
let server: RunningServer;
let browser: Browser;
let setup: CaseSetup;

beforeAll(async () => {
  ctx = await createTestContext({ clock: { now: () => new Date(now) } });
  server = await startServer(ctx.app);
  browser = await launchBrowser();
  setup = new CaseSetup(ctx.services, ctx.knex);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

async function signedIn(username: string, phone: boolean): Promise<Page> {
  const page = await browser.newPage({
    baseURL: server.baseURL,
    viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    bypassCSP: true,
  });
  await logIn(page, username);
  return page;
}

const later = (hours: number) => {
  now = new Date(now.getTime() + hours * 3600_000);
};

/** The grid worker fills in the report form and submits it; the report's id. */
async function report(page: Page, category: string, summary: string, photo?: Buffer): Promise<number> {
  await page.getByRole("link", { name: "上报", exact: true }).click();
  await page.waitForURL("**/grid/reports/new");
  await page.getByLabel(category).check();
  await page.getByLabel("发生了什么").fill(summary);
  await page.locator("#f-parties\\.0\\.name").fill("刘顺");
  await page.locator("#f-parties\\.0\\.phone").fill("13973310401");
  await page.locator("#f-parties\\.1\\.name").fill("王桂香");
  await page.getByLabel("涉及人数").fill("2");
  if (photo) {
    await page
      .getByLabel("第 1 张照片")
      .setInputFiles({ name: "围墙.jpg", mimeType: "image/jpeg", buffer: photo });
  }
  await Promise.all([
    page.waitForURL(/\/grid\/reports\/\d+\?done=reported$/),
    page.getByRole("button", { name: "提交上报" }).click(),
  ]);
  return Number(/\/grid\/reports\/(\d+)/.exec(page.url())![1]);
}

describe("the grid loop through the pages", () => {
  it("report → dispatch to the committee → concluded case → rated; a late work order shows overdue", async () => {
    // 1. 排查: the grid worker on her phone.
    const worker = await signedIn("grid", true);
    expect(new URL(worker.url()).pathname).toBe("/grid");
    expect(await axeViolations(worker)).toEqual([]);
    await worker.getByRole("link", { name: "上报", exact: true }).click();
    await worker.waitForURL("**/grid/reports/new");
    // Her grid, 北洲村, is preselected; the form fits the phone.
    expect(await worker.locator("#f-regionCode option:checked").textContent()).toBe("北洲村");
    expect(await axeViolations(worker)).toEqual([]);
    const overflow = await horizontalOverflow(worker);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);
    await worker.getByLabel("矛盾纠纷").check();
    await worker.screenshot({ path: path.join(SHOTS, "grid-report-form-phone.png"), fullPage: false });
    await worker.goto("/grid");

    const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: "#7a6" } })
      .jpeg()
      .toBuffer();
    const disputeId = await report(
      worker,
      "矛盾纠纷",
      "刘顺和王桂香两家因宅基地边界的围墙吵起来，王家要推倒围墙重砌，刘家不同意。",
      photo,
    );
    expect(await worker.locator(".portal-status").textContent()).toContain("待分流");
    expect(await worker.locator(".grid-photos img").count()).toBe(1);

    // 2. 分流: three hours later the dispatcher opens the desk.
    later(3);
    const centre = await signedIn("center", false);
    expect(new URL(centre.url()).pathname).toBe("/grid/desk");
    const waiting = centre.locator("li", { has: centre.locator(`a[href="/grid/reports/${disputeId}"]`) });
    expect(await waiting.textContent()).toContain("已等待 3 小时");
    expect(await axeViolations(centre)).toEqual([]);
    await centre.locator(`a[href="/grid/reports/${disputeId}"]`).click();
    await centre.waitForURL(`**/grid/reports/${disputeId}`);
    expect(await centre.locator(".grid-photos img").count()).toBe(1);
    expect(await axeViolations(centre)).toEqual([]);
    await centre.screenshot({ path: path.join(SHOTS, "grid-report-page.png"), fullPage: true });
    // 小事不出村: an ordinary dispute of two neighbours goes to the village committee by default.
    const village = centre.getByLabel(/北洲村人民调解委员会/);
    expect(await village.isChecked()).toBe(true);
    expect(await centre.locator("#f-to").textContent()).toContain("小事不出村");
    expect(await centre.locator("#f-to").textContent()).not.toContain("[object");
    await Promise.all([
      centre.waitForURL(/done=dispatch/),
      centre.getByRole("button", { name: "交办", exact: true }).click(),
    ]);
    expect(await centre.locator(".portal-status").textContent()).toContain("办理中");
    const caseId = Number(
      (await centre.locator('a[href^="/cases/"]').count())
        ? /\/cases\/(\d+)/.exec(
            (await centre.locator('a[href^="/cases/"]').first().getAttribute("href"))!,
          )![1]
        : (await ctx.knex("grid_reports").where({ id: disputeId }).first()).case_id,
    );
    expect(caseId).toBeGreaterThan(0);

    // 3. 调处: the committee works the case; its page says where it came from.
    const clerk = await signedIn("clerk", false);
    await clerk.goto(`/cases/${caseId}`);
    expect(await clerk.locator(".facts").textContent()).toContain(`网格上报 #${disputeId}（网格员 刘小红）`);
    await clerk.close();
    later(24);
    await concludeCase(caseId);

    // 4. 反馈 and 5. 评价: the grid worker sees the outcome and rates it.
    later(2);
    await worker.goto(`/grid/reports/${disputeId}`);
    expect(await worker.locator(".portal-status").textContent()).toContain("已办结");
    expect(await worker.locator(".grid-outcome").count()).toBe(1);
    await worker.getByLabel("满意", { exact: true }).check();
    await worker.getByLabel("想说的话（可以不填）").fill("调解员来得快，两家都服气。");
    await Promise.all([
      worker.waitForURL(/done=rating/),
      worker.getByRole("button", { name: "提交评价" }).click(),
    ]);
    expect(await worker.locator("#rating-h").textContent()).toBe("评价");
    expect(await worker.locator(".grid-report").textContent()).toContain("调解员来得快");
    await worker.goto("/grid");
    expect(await axeViolations(worker)).toEqual([]);
    await worker.screenshot({ path: path.join(SHOTS, "grid-worker-phone.png"), fullPage: true });

    // A second report, a hazard, to the city management bureau, due in a week.
    await worker.goto("/grid");
    const hazardId = await report(worker, "安全隐患", "北洲村三组路边排水沟堵塞，雨天积水漫进两户人家厨房。");
    later(1);
    await centre.goto(`/grid/reports/${hazardId}`);
    await centre.getByLabel(/渌口区城市管理和综合执法局/).check();
    const due = await centre.getByLabel("办理期限").inputValue();
    await Promise.all([
      centre.waitForURL(/done=dispatch/),
      centre.getByRole("button", { name: "交办", exact: true }).click(),
    ]);

    // A request the centre has not got to yet.
    later(2);
    await worker.goto("/grid");
    const requestId = await report(worker, "群众诉求", "北洲村二组五保户刘大爷家的屋顶漏雨，请求帮助修缮。");

    // Nine days on, unanswered: 已逾期 on the desk and on the department's list.
    later(24 * 9);
    await centre.goto("/grid/desk");
    const out = centre.locator("li", { has: centre.locator(`a[href="/grid/reports/${hazardId}"]`) });
    expect(await out.textContent()).toMatch(/已逾期 \d+ 天/);
    const still = centre.locator("li", { has: centre.locator(`a[href="/grid/reports/${requestId}"]`) });
    expect(await still.textContent()).toContain("已等待 9 天");
    expect(await axeViolations(centre)).toEqual([]);
    await centre.screenshot({ path: path.join(SHOTS, "grid-dispatch-desk.png"), fullPage: true });
    const city = await signedIn("city", false);
    expect(new URL(city.url()).pathname).toBe("/grid/orders");
    expect(
      await city.locator("li", { has: city.locator(`a[href="/grid/reports/${hazardId}"]`) }).textContent(),
    ).toMatch(/已逾期 \d+ 天/);
    await city.locator(`a[href="/grid/reports/${hazardId}"]`).click();
    await city.getByLabel("做了什么").fill("已派人疏通排水沟，清出淤泥两车。");
    await Promise.all([
      city.waitForURL(/done=reply/),
      city.getByRole("button", { name: "提交办理结果" }).click(),
    ]);
    const doneOn = await ctx.knex("grid_reports").where({ id: hazardId }).first();
    expect(String(doneOn.done_on) > due).toBe(true);

    // Answered late: the desk's 已办结 list says so.
    await centre.goto("/grid/desk");
    const finished = centre.locator("li", { has: centre.locator(`a[href="/grid/reports/${hazardId}"]`) });
    expect(await finished.textContent()).toMatch(/超期 \d+ 天办结/);
    await city.close();
    await centre.close();
    await worker.close();
  });
});

describe("a party's 我要反映问题 on the phone", () => {
  it("reports from /my and finds the report listed with its status", async () => {
    const phone = "13973310499";
    const page = await browser.newPage({
      baseURL: server.baseURL,
      viewport: { width: 390, height: 844 },
      bypassCSP: true,
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
    await page.getByRole("link", { name: "我要反映问题" }).click();
    await page.waitForURL("**/my/reports/new");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("群众诉求").check();
    await page.getByLabel("地点").selectOption({ label: "北洲村" });
    await page.getByLabel("发生了什么").fill("村口路灯坏了一个多月，晚上看不见路。");
    await Promise.all([
      page.waitForURL(/\/my\/reports\/\d+\?done=reported$/),
      page.getByRole("button", { name: "提交上报" }).click(),
    ]);
    expect(await page.locator(".portal-status").textContent()).toContain("待分流");
    await page.goto("/my");
    expect(await page.locator("#reports").textContent()).toContain("群众诉求 · 北洲村");
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});

/** The committee settles the linked case at intake (当场化解, through the case service): it concludes. */
async function concludeCase(caseId: number) {
  await setup.act("clerk", caseId, "resolve-on-spot", {
    summary: "调解员到现场丈量，双方同意围墙按原址重砌，费用各半。",
  });
}
