/**
 * Matching in the browser: a clerk opens a traffic-accident case, reads the 推荐调解员 panel (the
 * traffic expert first, with reasons; the member related to a party excluded, with the reason),
 * assigns the village's 五老 team as a whole, and the case page shows it. The case is set up
 * through the service; the panel and the assignment are clicked. "Today" is 23 November 2026.
 */
import type { Browser, BrowserContextOptions, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  BEIZHOU,
  CaseSetup,
  horizontalOverflow,
  launchBrowser,
  logIn,
  startServer,
  villager,
} from "../support/browser.js";
import { createTestContext } from "../support/context.js";

const NOW = new Date("2026-11-23T02:00:00Z");

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
  return {
    setup: new CaseSetup(ctx.services, ctx.knex),
    async openAs(username: string, options: BrowserContextOptions = {}): Promise<Page> {
      const context = await browser.newContext({
        baseURL: server.baseURL,
        locale: "zh-CN",
        viewport: { width: 1280, height: 900 },
        ...options,
      });
      cleanups.push(() => context.close());
      const page = await context.newPage();
      await logIn(page, username);
      return page;
    },
  };
}

async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, " ").trim();
}

/** A collision on the village road: the applicant is the nephew 谢春生 (a 北洲村 五老) has declared. */
async function trafficCase(setup: CaseSetup) {
  const kase = await setup.register("clerk", {
    source: "police_referral",
    typeCode: "road_traffic",
    summary:
      "刘建军驾驶货车与邓桂花的电动三轮车在村道会车时相撞，邓桂花受伤住院，双方就医疗费和误工费协商不成。",
    occurredOn: "2026-11-18",
    regionCode: BEIZHOU,
    address: "北洲村村道",
    amountYuan: "86000",
    peopleInvolved: 2,
    riskLevel: "ordinary",
    parties: [
      {
        side: "applicant",
        kind: "person",
        name: "刘建军",
        idNumber: "430212198003152118",
        ethnicity: "汉族",
        occupation: "货车司机",
        phone: "13973310211",
        address: "湖南省株洲市渌口区南洲镇北洲村第一村民小组",
      },
      villager("respondent", "邓桂花", "19700805", 212),
    ],
  });
  await setup.act("clerk", kase.id, "accept");
  return kase;
}

describe("recommending mediators for a case", () => {
  it("shows the traffic expert first and the related mediator excluded, and assigns the 五老 team", async () => {
    const { setup, openAs } = await world();
    const kase = await trafficCase(setup);
    const page = await openAs("clerk");
    const response = await page.goto(`/cases/${kase.id}`);
    expect(response?.status()).toBe(200);

    const panel = page.locator("#match-panel");
    expect(await textOf(panel.locator("h2").first())).toBe("推荐调解员");
    const first = panel.locator("table.matches tbody tr").first();
    const cells = (await first.locator("td").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
    expect(cells[0]).toBe("1");
    expect(cells[1]).toMatch(/^黄立新 专家调解员·县级专家 · 渌口区人民调解专家库（第二批）/);
    expect(cells[3]).toContain("擅长道路交通事故纠纷");
    expect(cells[3]).toContain("在办案件 0 件（上限 8 件）");

    const excluded = await panel.locator("ul.excluded li").allInnerTexts();
    expect(excluded).toContain(
      "谢春生（“五老”调解员（老军人） · 本委员会）：与当事人刘建军有亲属关系，依法应当回避",
    );
    expect(excluded).toContain(
      "曾国栋（专家调解员 · 渌口区人民调解专家库（第一批））：渌口区人民调解专家库第一批聘期已于2026年2月28日届满",
    );
    // The excluded are never ranked.
    expect(await textOf(panel.locator("table.matches"))).not.toContain("谢春生");

    const team = panel.locator("ul.teams li", { hasText: "北洲村“五老”调解队" });
    expect(await textOf(team)).toContain("谢春生不参加：与当事人刘建军有亲属关系，依法应当回避");
    await Promise.all([
      page.waitForURL(/\/actions\/assign\?team=\d+/),
      team.getByRole("link", { name: "整体指派该团队" }).click(),
    ]);
    expect(await textOf(page.locator("h1"))).toBe("指派调解员");
    expect(await page.locator("#f-teamId option:checked").innerText()).toContain("北洲村“五老”调解队");
    // A team takes over: nobody is preselected one by one.
    for (const select of await page.locator("#mediator-choices select").all()) {
      expect(await select.inputValue()).toBe("");
    }
    const [post] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.waitForEvent("load"),
      page.locator("button.btn-large").click(),
    ]);
    expect(post.status()).toBe(303);
    expect(new URL(page.url()).pathname).toBe(`/cases/${kase.id}`);
    expect(await textOf(page.locator(".notice"))).toBe("已保存：指派调解员。");

    const mediators = page
      .locator("section", { has: page.locator("h2", { hasText: /^调解员$/ }) })
      .locator("li");
    expect(await mediators.allInnerTexts()).toEqual([
      "主持调解员：何德顺（“五老”调解员）",
      "协助调解员：刘长庚（“五老”调解员）",
      "协助调解员：罗玉梅（“五老”调解员）",
    ]);
    expect(await textOf(page.locator("#match-panel"))).toContain(
      "已整体指派：北洲村“五老”调解队（“五老”调解队）",
    );
    const latest = (await page.locator("ol.timeline > li").first().innerText()).replace(/\s+/g, " ");
    expect(latest).toContain(
      "整体指派北洲村“五老”调解队：主持调解员：何德顺；协助调解员：刘长庚、罗玉梅（谢春生不参加：与当事人刘建军有亲属关系，依法应当回避）",
    );
    // With a lead on the case the panel folds; opened, it marks who is now on the case.
    const fold = page.locator("#match-panel details > summary");
    expect(await textOf(fold)).toMatch(/^本案已有主持调解员。展开推荐名单/);
    await fold.click();
    expect(await textOf(page.locator("#match-panel table.matches"))).toContain("何德顺（本案主持调解员）");
  });

  it("preselects a recommended expert as lead from the panel", async () => {
    const { setup, openAs } = await world();
    const kase = await trafficCase(setup);
    const page = await openAs("clerk");
    await page.goto(`/cases/${kase.id}`);
    const row = page.locator("#match-panel table.matches tbody tr").first();
    await Promise.all([
      page.waitForURL(/\/actions\/assign\?lead=\d+/),
      row.getByRole("link", { name: "指派为主持调解员" }).click(),
    ]);
    expect(await page.getByLabel(/^黄立新/).inputValue()).toBe("lead");
    await page.locator("#f-chosenBy-parties").check();
    await Promise.all([page.waitForEvent("load"), page.locator("button.btn-large").click()]);
    expect(new URL(page.url()).pathname).toBe(`/cases/${kase.id}`);
    expect(await textOf(page.locator("ol.timeline > li").first())).toContain(
      "主持调解员：黄立新（当事人选定）",
    );
  });

  it("fits the case page with the panel on a phone", async () => {
    const { setup, openAs } = await world();
    const kase = await trafficCase(setup);
    const page = await openAs("clerk", {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await page.goto(`/cases/${kase.id}`);
    expect(await page.locator("#match-panel").count()).toBe(1);
    const { scrollWidth, clientWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  });
});
