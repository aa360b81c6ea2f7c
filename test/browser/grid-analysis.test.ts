import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoHistory } from "../../src/demo/history.js";
import {
  horizontalOverflow,
  launchBrowser,
  logIn,
  startServer,
  type RunningServer,
  axeViolations,
} from "../support/browser.js";
import { TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { insertOrganisation, insertReport, insertUser } from "../support/grid-analysis.js";

/**
 * 研判 (/analysis) and 管控 (/watch) in the browser, for a centre's dispatcher on the demo's two
 * years of disputes and a season of grid reports: both pages at 1280 and 390 wide with nothing
 * scrolling sideways and no axe-core violation (WCAG 2.1 A/AA); a high-risk dispute put on the
 * watch list through the pages, checked in, and shown with its check-ins.
 */
const clock = new TestClock("2027-06-15T10:00:00+08:00");
const SIZES = [
  { name: "desktop", viewport: { width: 1280, height: 800 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
];

let ctx: TestContext;
let server: RunningServer;
let browser: Browser;
let riskyReport: number;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  await seedDemoHistory(ctx.knex, clock);
  const centre = await insertOrganisation(
    ctx.knex,
    "南洲镇综治中心（研判）",
    "governance_center",
    "430212101000",
    "南洲综治",
  );
  const dept = await insertOrganisation(
    ctx.knex,
    "渌口区城市管理局（研判）",
    "department",
    "430212000000",
    "城管",
  );
  await insertUser(ctx.knex, "ga_desk", "彭海燕", centre, "dispatcher");
  const villages = ["430212101201", "430212101202", "430212101201001"];
  const categories = ["dispute", "hazard", "request"];
  for (let i = 0; i < 36; i++) {
    const month = i % 2 ? "06" : "05";
    const day = String(1 + (i % 12)).padStart(2, "0");
    const done = i % 3 !== 0;
    await insertReport(ctx.knex, centre, {
      at: `2027-${month}-${day}T0${i % 9}:30:00`,
      region_code: villages[i % 3],
      category: categories[i % 3 === 0 ? 0 : i % 4 === 0 ? 2 : 1],
      reporter_kind: i % 5 === 0 ? "party" : "grid_worker",
      status: done ? "done" : "dispatched",
      dispatched_to: dept,
      dispatched_at: new Date(`2027-${month}-${day}T12:00:00+08:00`).toISOString(),
      due_on: `2027-${month}-${String(8 + (i % 12)).padStart(2, "0")}`,
      done_on: done ? `2027-${month}-${String(6 + (i % 14)).padStart(2, "0")}` : null,
      parties_json: JSON.stringify([
        {
          side: "applicant",
          name: i % 6 === 0 ? "易春生" : `当事人${i}`,
          phone: i % 6 === 0 ? "13807331188" : null,
        },
      ]),
    });
  }
  riskyReport = await insertReport(ctx.knex, centre, {
    at: "2027-06-14T16:20:00",
    summary: "北洲村二组与养殖场因排污引发纠纷，村民 9 人聚集，一方扬言要砸设备",
    risk_level: "major",
    threats: true,
    people: 9,
  });
  server = await startServer(ctx.app);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

async function dispatcherPage(viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ baseURL: server.baseURL, viewport, bypassCSP: true, locale: "zh-CN" });
  await logIn(page, "ga_desk");
  return page;
}

describe("管控: a high-risk dispute on the watch list with its check-ins", () => {
  it("the dispatcher confirms the proposal with a date and a checker, then records a check-in", async () => {
    const page = await dispatcherPage({ width: 1280, height: 800 });
    await page.goto("/watch");
    await page.getByRole("link", { name: `将 网格上报 #${riskyReport} 列入管控` }).click();
    await expect.poll(() => page.locator("#f-reason-risk_major").isChecked()).toBe(true);
    expect(await page.locator("#f-reason-threats").isChecked()).toBe(true);
    expect(await page.locator("#f-reason-group").isChecked()).toBe(true);
    await page.locator("#f-checkerName").fill("");
    await page.getByRole("button", { name: "列入管控" }).click();
    await expect.poll(() => page.locator(".error-summary").textContent()).toContain("请填写回访责任人");
    await page.locator("#f-checkerName").fill("彭海燕");
    await page.locator("#f-nextCheckOn").fill("2027-06-16");
    await page.locator("#f-note").fill("每周到场回访一次，联系派出所掌握动态");
    await page.getByRole("button", { name: "列入管控" }).click();
    await page.waitForURL(/\/watch\/\d+$/);
    await page.locator("#f-note").fill("到养殖场和二组走访，双方同意由镇调委会组织调解，情绪平稳");
    await page.locator("#f-nextCheckOn").fill("2027-06-22");
    await page.getByRole("button", { name: "保存回访" }).click();
    await page.waitForURL(/\/watch\/\d+$/);
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("回访记录（1 次）");
    expect(text).toContain("双方同意由镇调委会组织调解");
    expect(text).toContain("2027年6月22日");
    await page.goto("/watch");
    expect(await page.locator(".watch-item").first().textContent()).toContain(`网格上报 #${riskyReport}`);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: "docs/screenshots/watch-list.png" });
    await page.close();
  });
});

describe("研判 and 管控 at desktop and phone width", () => {
  for (const size of SIZES) {
    for (const path of ["/analysis", "/watch", "/analysis?period=quarter&year=2027&quarter=2"]) {
      it(`${path} at ${size.name}: no sideways scrolling, axe clean`, async () => {
        const page = await dispatcherPage(size.viewport);
        await page.goto(path);
        expect(await page.locator("h1").textContent()).toMatch(/研判分析|管控名单/);
        const { scrollWidth, clientWidth } = await horizontalOverflow(page);
        expect(scrollWidth, path).toBeLessThanOrEqual(clientWidth);
        expect(await axeViolations(page)).toEqual([]);
        if (path === "/analysis") {
          expect(await page.locator(".figures-line").textContent()).toMatch(
            /^上报 \d+ 件，办结 \d+ 件，办结率 \d+\.\d%$/,
          );
          expect(await page.locator(".village-tile").count()).toBeGreaterThanOrEqual(2);
          if (size.name === "desktop")
            await page.screenshot({ path: "docs/screenshots/grid-analysis.png", fullPage: true });
        }
        await page.close();
      });
    }
  }
});
