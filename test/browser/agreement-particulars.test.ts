/**
 * Issue 16 on a phone (390×844): a party registered without the particulars a written agreement
 * states (sex, birth date, ethnicity, occupation) no longer sends the mediator to another page —
 * the agreement's form asks for them, and one submission records both; the agreement can also be
 * saved unsigned first (待签署) and completed later. "Today" is Monday 23 November 2026.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  CaseSetup,
  drainDispute,
  horizontalOverflow,
  launchBrowser,
  logIn,
  startServer,
  villager,
} from "../support/browser.js";
import { createTestContext } from "../support/context.js";

const NOW = new Date("2026-11-23T02:00:00Z");
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

let browser: Browser;
let cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function world() {
  const ctx = await createTestContext({ clock: { now: () => new Date(NOW) } });
  cleanups.push(() => ctx.close());
  const server = await startServer(ctx.app);
  cleanups.push(() => server.close());
  const context = await browser.newContext({ baseURL: server.baseURL, locale: "zh-CN", ...PHONE });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  await logIn(page, "mediator");
  return { setup: new CaseSetup(ctx.services, ctx.knex), page, knex: ctx.knex };
}

const text = async (l: Locator) => (await l.innerText()).replace(/\s+/g, " ").trim();

async function submit(page: Page, button: Locator): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.request().isNavigationRequest()),
    page.waitForEvent("load"),
    button.click(),
  ]);
  return response.status();
}

async function fillAgreement(page: Page) {
  const byId = (id: string) => page.locator(`[id='${id}']`);
  await byId("f-facts").fill("被申请人垫高宅基地时堵塞两家之间的排水沟，致雨水倒灌申请人厨房。");
  await byId("f-disputedMatters").fill("排水沟的疏通责任及损失赔偿数额。");
  await byId("f-responsibilities").fill("被申请人堵塞排水沟，应负主要责任。");
  await byId("f-terms").fill("被申请人于 12 月 15 日前赔偿申请人 800 元。");
  await byId("f-obligations.0.obligor").selectOption({ label: "王桂香（被申请人）" });
  await byId("f-obligations.0.obligee").selectOption({ label: "刘顺（申请人）" });
  await byId("f-obligations.0.content").fill("赔偿损失");
  await byId("f-obligations.0.amountYuan").fill("800");
  await byId("f-obligations.0.dueOn").fill("2026-12-15");
  await byId("f-obligations.0.manner").fill("现金");
  await byId("f-obligations.0.place").fill("北洲村村委会");
}

describe("the written agreement on a phone, after particulars were missing at intake", () => {
  it("is saved as a draft, then recorded in one pass with the particulars", async () => {
    const { setup, page, knex } = await world();
    const liu = villager("applicant", "刘顺", "19650312", 101);
    delete liu.idNumber;
    delete liu.ethnicity;
    delete liu.occupation;
    const kase = await setup.inMediation(
      drainDispute({ parties: [liu, villager("respondent", "王桂香", "19700805", 102)] }),
    );
    await setup.session(kase.id, "2026-11-23T09:00", "agreement", "双方同意由被申请人赔偿。");

    await page.goto(`/cases/${kase.id}/actions/record-agreement`);
    const particulars = page.locator("fieldset.particulars");
    expect(await page.locator("h2", { hasText: "当事人信息（书面协议须写明）" }).count()).toBe(1);
    expect(await text(particulars.locator("legend"))).toBe("刘顺（申请人）");
    expect(await particulars.locator("label").allInnerTexts()).toEqual([
      "性别",
      "出生日期",
      "民族",
      "职业或工作单位",
    ]);
    await fillAgreement(page);
    await page.locator("[id='f-particulars.0.ethnicity']").fill("汉族");

    // Printed before signing: saved as a draft, the case page offers to continue or print.
    expect(await submit(page, page.getByRole("button", { name: "保存草稿（待签署）" }))).toBe(303);
    expect(await text(page.locator(".notice"))).toBe("已保存：书面调解协议草稿（待签署）。");
    const card = page.locator("#agreement-draft");
    expect(await card.getByRole("link", { name: "打印待签署文本" }).getAttribute("href")).toBe(
      `/cases/${kase.id}/drafts/agreement.pdf`,
    );
    await Promise.all([
      page.waitForURL(/actions\/record-agreement/),
      card.getByRole("link", { name: "继续填写" }).click(),
    ]);
    expect(await page.locator("[id='f-facts']").inputValue()).toContain("垫高宅基地");
    expect(await page.locator("[id='f-particulars.0.ethnicity']").inputValue()).toBe("汉族");

    // Signed: the particulars and the signatures, one submission.
    await page.locator("[id='f-particulars.0.gender']").selectOption("male");
    await page.locator("[id='f-particulars.0.birthDate']").fill("1965-03-12");
    await page.locator("[id='f-particulars.0.occupation']").fill("农民");
    await page.locator("[id='f-signatures.0.signedOn']").fill("2026-11-23");
    await page.locator("[id='f-signatures.1.signedOn']").fill("2026-11-23");
    const { scrollWidth, clientWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const status = await submit(page, page.locator("button.btn-large"));
    expect(status, status === 303 ? "" : await text(page.locator("main"))).toBe(303);
    expect(await text(page.locator(".notice"))).toBe("已保存：记录调解协议。");
    expect(await page.locator("#agreement-draft").count()).toBe(0);
    expect(await text(page.locator("h2", { hasText: /^调解协议/ }))).toBe(
      "调解协议（书面协议，2026年11月23日生效）",
    );
    const party = await knex("parties").where({ case_id: kase.id, name: "刘顺" }).first();
    expect([party.gender, party.birth_date, party.ethnicity, party.occupation]).toEqual([
      "male",
      "1965-03-12",
      "汉族",
      "农民",
    ]);
    expect(await knex("agreement_drafts").where({ case_id: kase.id }).first()).toBeUndefined();
  });
});
