/**
 * Issue 16's journey on a phone (390×844), as the committee lives it: register the eaves-water
 * dispute without the particulars nobody knew at the window, accept, give the notice and take
 * consent, assign the mediator the form ranks first, record a session, record the written
 * agreement (the particulars asked for inside its form: no detour), print it. Everything by
 * tapping and typing; the taps, the fields typed and the pages loaded are counted, and the
 * journey must stay within the stated budgets (measured 2026-11-30 before the issue: about 125
 * taps, 80 fields and 31 page loads with a detour through 更正信息). "Today" is Monday
 * 23 November 2026, 10:00 in Beijing.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  BEIZHOU,
  horizontalOverflow,
  launchBrowser,
  logIn,
  residentId,
  startServer,
} from "../support/browser.js";
import { createTestContext } from "../support/context.js";

const NOW = new Date("2026-11-23T02:00:00Z");
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "zh-CN" };

/**
 * The budgets: the journey below took 25 taps (buttons, links, choices), 29 fields typed and 13
 * page loads when this test was written; with a little room. A detour breaks them.
 */
const MAX_TAPS = 30;
const MAX_FIELDS = 32;
const MAX_PAGE_LOADS = 15;

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

/** A phone signed in as a demo user, counting what its user does. */
class Phone {
  taps = 0;
  fields = 0;
  loads = 0;
  /** Every non-2xx/3xx answer to a navigation: a refused form is a detour. */
  readonly refusals: string[] = [];
  constructor(readonly page: Page) {
    page.on("load", () => this.loads++);
    page.on("response", (r) => {
      if (r.request().isNavigationRequest() && r.status() >= 400)
        this.refusals.push(`${r.status()} ${r.url()}`);
    });
  }
  el(id: string): Locator {
    return this.page.locator(`[id='${id}']`);
  }
  async type(id: string, value: string): Promise<void> {
    this.fields++;
    await this.el(id).fill(value);
  }
  async choose(id: string, option: string | { label: string }): Promise<void> {
    this.taps++;
    await this.el(id).selectOption(option);
  }
  async tick(id: string): Promise<void> {
    this.taps++;
    await this.el(id).check();
  }
  /** Taps a link or button that leads to another page and waits for it. */
  async go(target: Locator): Promise<void> {
    this.taps++;
    await Promise.all([this.page.waitForEvent("load"), target.click()]);
  }
  /** Taps the case page's action button with this label. */
  async action(label: string): Promise<void> {
    await this.go(this.page.locator(".action-buttons a", { hasText: new RegExp(`^${label}$`) }));
    expect(await this.page.locator("h1").innerText()).toBe(label);
  }
  /** Taps the form's big button; expects the case page with the saved notice. */
  async save(label: string): Promise<void> {
    await this.go(this.page.locator("button.btn-large"));
    const main = (await this.page.locator("main").innerText()).replace(/\s+/g, " ");
    expect(main, main).toContain(`已保存：${label}`);
  }
}

async function phoneAs(baseURL: string, username: string): Promise<Phone> {
  const context = await browser.newContext({ baseURL, ...PHONE });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  await logIn(page, username);
  return new Phone(page);
}

describe("a mediator's day on a phone", () => {
  it("registers, accepts, gives notice, assigns, records a session and a written agreement, and prints it — no detour", async () => {
    const ctx = await createTestContext({ clock: { now: () => new Date(NOW) } });
    cleanups.push(() => ctx.close());
    const server = await startServer(ctx.app);
    cleanups.push(() => server.close());

    // The clerk at the window: two villagers, their ID numbers and phones, nothing more.
    const clerk = await phoneAs(server.baseURL, "clerk");
    await clerk.go(clerk.page.locator(".desk-actions").getByRole("link", { name: "登记纠纷" }));
    await clerk.choose("f-typeCode", "neighbourhood");
    await clerk.type(
      "f-summary",
      "被申请人新建房屋的屋檐伸出地界，雨水滴落在申请人院内，墙脚受潮开裂。申请人要求改建屋檐并赔偿修墙费用。",
    );
    await clerk.choose("f-regionCode", BEIZHOU);
    await clerk.type("f-amountYuan", "2,000元");
    await clerk.type("f-parties.0.name", "唐福生");
    await clerk.type("f-parties.0.idNumber", residentId("19560410", 151));
    await clerk.type("f-parties.0.phone", "13973310051");
    await clerk.type("f-parties.1.name", "刘志刚");
    await clerk.type("f-parties.1.idNumber", residentId("19710822", 163));
    await clerk.type("f-parties.1.phone", "13973310052");
    await clerk.save("纠纷已登记");
    const caseUrl = new URL(clerk.page.url()).pathname;
    expect(caseUrl).toMatch(/^\/cases\/\d+$/);
    expect(await clerk.page.locator("main").innerText()).toContain("人民币贰仟元整");

    await clerk.action("受理");
    await clerk.save("受理");
    await clerk.action("告知权利义务并记录当事人意见");
    await clerk.tick("f-consents.0.consented-yes");
    await clerk.tick("f-consents.1.consented-yes");
    await clerk.save("告知权利义务并记录当事人意见");

    // The committee gives it to 王德明 (the demo user "mediator"), one of the first the form offers.
    await clerk.action("指派调解员");
    const rows = await clerk.page.locator("#mediator-choices > .field label").allInnerTexts();
    expect(rows.slice(0, 5).some((label) => label.startsWith("王德明"))).toBe(true);
    clerk.taps++;
    await clerk.page.getByLabel(/^王德明/).selectOption("lead");
    await clerk.save("指派调解员");
    expect(await clerk.page.locator("main").innerText()).toContain("主持调解员：王德明");

    const mediator = await phoneAs(server.baseURL, "mediator");
    await mediator.go(mediator.page.locator(`a[href='${caseUrl}']`).first());
    await mediator.action("记录调解笔录");
    await mediator.type("f-heldAt", "2026-11-23T09:00");
    await mediator.choose("f-placeKind", "office");
    await mediator.tick("f-isPublic-yes");
    await mediator.type(
      "f-applicantStatement",
      "屋檐滴水使院墙受潮开裂，要求改建屋檐并赔偿修墙费用 2000 元。",
    );
    await mediator.type("f-respondentStatement", "同意加装接水槽，认为赔偿过高。");
    await mediator.type("f-record", "调解员讲明相邻关系中不得使雨水直接排向相邻不动产的规定，双方各让一步。");
    await mediator.tick("f-outcome-agreement");
    await mediator.save("记录调解笔录");

    // The written agreement: the particulars intake left blank are asked for here.
    await mediator.action("记录调解协议");
    expect(await mediator.page.locator("h2", { hasText: "当事人信息（书面协议须写明）" }).count()).toBe(1);
    await mediator.type("f-facts", "被申请人新建房屋屋檐伸出地界，雨水滴落致申请人院墙受潮开裂。");
    await mediator.type("f-disputedMatters", "屋檐的改建及院墙修复费用的承担。");
    await mediator.type("f-responsibilities", "被申请人建房未留足滴水距离，应承担主要责任。");
    await mediator.type(
      "f-terms",
      "被申请人于 12 月 10 日前加装接水槽，并于 12 月 20 日前支付修墙费用 1500 元。",
    );
    await mediator.choose("f-obligations.0.obligor", { label: "刘志刚（被申请人）" });
    await mediator.choose("f-obligations.0.obligee", { label: "唐福生（申请人）" });
    await mediator.type("f-obligations.0.content", "支付修墙费用");
    await mediator.type("f-obligations.0.amountYuan", "1500");
    await mediator.type("f-obligations.0.dueOn", "2026-12-20");
    await mediator.type("f-obligations.0.manner", "转账");
    await mediator.type("f-obligations.0.place", "北洲村村委会");
    for (const i of [0, 1]) {
      await mediator.type(`f-particulars.${i}.ethnicity`, "汉族");
      await mediator.type(`f-particulars.${i}.occupation`, "农民");
      await mediator.type(`f-particulars.${i}.address`, "湖南省株洲市渌口区南洲镇北洲村第三村民小组");
      await mediator.type(`f-signatures.${i}.signedOn`, "2026-11-23");
    }
    const { scrollWidth, clientWidth } = await horizontalOverflow(mediator.page);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await mediator.save("记录调解协议");
    expect(await mediator.page.locator("h2", { hasText: /^调解协议/ }).innerText()).toContain("书面协议");

    // Printed: the 人民调解协议书 is one tap away on the case page.
    const link = mediator.page.locator("a", { hasText: /^人民调解协议书/ }).first();
    if (!(await link.isVisible())) {
      mediator.taps++;
      await mediator.page.locator("details", { has: link }).locator("summary").first().click();
    }
    mediator.taps++;
    const response = await mediator.page.request.get((await link.getAttribute("href"))!);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/pdf");

    const taps = clerk.taps + mediator.taps;
    const fields = clerk.fields + mediator.fields;
    const loads = clerk.loads + mediator.loads;
    // Shown in the test output: the closing note of issue 16 quotes them.
    console.info(`phone journey: ${taps} taps, ${fields} fields, ${loads} page loads`);
    expect([...clerk.refusals, ...mediator.refusals]).toEqual([]);
    expect(taps).toBeLessThanOrEqual(MAX_TAPS);
    expect(fields).toBeLessThanOrEqual(MAX_FIELDS);
    expect(loads).toBeLessThanOrEqual(MAX_PAGE_LOADS);
  });
});
