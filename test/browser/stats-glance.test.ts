import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoHistory } from "../../src/demo/history.js";
import {
  horizontalOverflow,
  launchBrowser,
  logIn,
  startServer,
  type RunningServer,
} from "../support/browser.js";
import { createTestContext, type TestContext } from "../support/context.js";

/**
 * The statistics page for a bureau chief at a glance, on the demo's two years of disputes: the
 * period's four key figures inside the first screen on a desktop and a phone, the filter folded,
 * and nothing wider than a phone (no table scrolling sideways either).
 */
const NOW = new Date("2026-11-23T02:00:00Z");
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
};
const KEY_FIGURES = ["#kf-accepted", "#kf-concluded", "#kf-successful", "#kf-village"];

let ctx: TestContext;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  const clock = { now: () => new Date(NOW) };
  ctx = await createTestContext({ clock });
  await seedDemoHistory(ctx.knex, clock);
  server = await startServer(ctx.app);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

async function officerPage(options: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseURL, locale: "zh-CN", ...options });
  const page = await context.newPage();
  await logIn(page, "officer");
  return page;
}

/** Bounding boxes of the key figures, and the viewport they must lie in. */
async function keyFigureBoxes(page: Page) {
  const boxes = [];
  for (const selector of KEY_FIGURES) {
    const box = await page.locator(selector).boundingBox();
    expect(box, selector).not.toBeNull();
    boxes.push({ selector, ...box! });
  }
  return boxes;
}

/** Elements (table wrappers included) whose content is wider than they are. */
async function sidewaysScrollers(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(
    `[...document.querySelectorAll("main *")]
       .filter((e) => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1
         && ["auto", "scroll"].includes(getComputedStyle(e).overflowX))
       .map((e) => e.tagName.toLowerCase() + "." + e.className)`,
  );
}

describe("/stats at a glance", () => {
  for (const [name, options] of [
    ["desktop 1280×800", DESKTOP],
    ["phone 390×844", PHONE],
  ] as const) {
    it(`shows the four key figures in the first screen (${name})`, async () => {
      const page = await officerPage(options);
      await page.goto("/stats");
      await page.evaluate("document.fonts.ready");
      const { width, height } = options.viewport!;
      for (const box of await keyFigureBoxes(page)) {
        expect(box.x, box.selector).toBeGreaterThanOrEqual(0);
        expect(box.y, box.selector).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, box.selector).toBeLessThanOrEqual(width);
        expect(box.y + box.height, box.selector).toBeLessThanOrEqual(height);
      }
      await expect(page.locator("#kf-accepted .key-label").innerText()).resolves.toBe("受理");
      // The form is folded behind a summary that says what is shown.
      await expect(page.locator("details.stats-filter").getAttribute("open")).resolves.toBeNull();
      await expect(page.locator("details.stats-filter > summary").innerText()).resolves.toContain(
        "2026年（2026年1月1日至2026年12月31日）· 渌口区 · 按地区",
      );
      await expect(page.locator("#f-period").isVisible()).resolves.toBe(false);
      await page.close();
    });
  }

  it("fits a phone: no sideways scrolling of the page or of any table, grouped figures as cards", async () => {
    const page = await officerPage(PHONE);
    for (const path of ["/stats", "/stats?groupBy=committee", "/stats?region=430212101000&groupBy=type"]) {
      await page.goto(path);
      const { scrollWidth, clientWidth } = await horizontalOverflow(page);
      expect(scrollWidth, path).toBeLessThanOrEqual(clientWidth);
      expect(await sidewaysScrollers(page), path).toEqual([]);
      await expect(page.locator(".group-card").first().isVisible()).resolves.toBe(true);
      await expect(page.locator(".group-tables").isVisible()).resolves.toBe(false);
    }
    await page.close();
  });

  it("reaches the committees in one tap and opens the form with one more", async () => {
    const page = await officerPage(PHONE);
    await page.goto("/stats?period=quarter&year=2026&quarter=4");
    await Promise.all([page.waitForURL(/groupBy=committee/), page.locator("#kf-village a").click()]);
    expect(new URL(page.url()).searchParams.get("quarter")).toBe("4");
    await expect(page.locator("#h-groups").innerText()).resolves.toContain("按调解组织");
    await page.locator("details.stats-filter > summary").click();
    await expect(page.locator("#f-period").isVisible()).resolves.toBe(true);
    await page.close();
  });
});
