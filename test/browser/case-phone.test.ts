/**
 * The case page on a phone (issue 16, items 4 and 9): a case in mediation fits in three screens
 * above its timeline, with the 推荐调解员 panel folded once a lead mediator is on the case; every
 * fold opens in print; radio rows, document links and case numbers are at least 44 px tall.
 * "Today" is Monday 23 November 2026, 10:00 in Beijing.
 */
import * as mupdf from "mupdf";
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

const NOW = new Date("2026-11-23T02:00:00Z");
const SCREEN = { width: 390, height: 844 };
/** The bar: the timeline starts within the first three phone screens. */
const MAX_TIMELINE_TOP = 3 * SCREEN.height;
/** The smallest comfortable tap target (WCAG 2.5.5, Apple's and Android's guidance). */
const MIN_TAP = 44;

let ctx: TestContext;
let server: RunningServer;
let browser: Browser;
let kase: CaseDetail;

beforeAll(async () => {
  ctx = await createTestContext({ clock: { now: () => new Date(NOW) } });
  server = await startServer(ctx.app);
  browser = await launchBrowser();
  const setup = new CaseSetup(ctx.services, ctx.knex);
  // Both parties with agents, 王德明 leading, two sessions held this morning.
  kase = await setup.inMediation(
    drainDispute({
      parties: [
        {
          ...villager("applicant", "刘顺", "19650312", 101),
          agent: { name: "刘建华", phone: "13973310001" },
        },
        {
          ...villager("respondent", "王桂香", "19700805", 102),
          agent: { name: "周明", phone: "13973310002" },
        },
      ],
    }),
  );
  await setup.session(kase.id, "2026-11-23T08:30", "continue", "双方同意先疏通排水沟，赔偿数额下次再议。");
  await setup.session(kase.id, "2026-11-23T09:30", "continue", "现场查看排水沟，约定下周再谈赔偿。");
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

async function phone(username: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.baseURL,
    locale: "zh-CN",
    viewport: SCREEN,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await logIn(page, username);
  return page;
}

/** Top of an element from the top of the page, in CSS px. */
async function pageTop(page: Page, selector: string): Promise<number> {
  return page.evaluate<number>(
    `document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect().top + window.scrollY`,
  );
}

/** The text of every page of a PDF, white space removed (a line may break anywhere in Chinese). */
function pdfText(pdf: Buffer): string {
  const doc = mupdf.Document.openDocument(pdf, "application/pdf");
  try {
    let text = "";
    for (let i = 0; i < doc.countPages(); i++) {
      const pdfPage = doc.loadPage(i);
      text += pdfPage.toStructuredText("preserve-whitespace").asText();
      pdfPage.destroy();
    }
    return text.replace(/\s+/g, "");
  } finally {
    doc.destroy();
  }
}

/** Heights of every element matching the selector (rounded to whole CSS px). */
async function heights(page: Page, selector: string): Promise<number[]> {
  const boxes = await Promise.all((await page.locator(selector).all()).map((l) => l.boundingBox()));
  return boxes.map((b) => Math.round(b?.height ?? 0));
}

describe("the case page of a case in mediation on a phone", () => {
  it("puts the timeline within three screens, the actions on the first, the panel folded", async () => {
    const page = await phone("clerk");
    await page.goto(`/cases/${kase.id}`);
    await page.evaluate("document.fonts.ready");

    const timelineTop = await pageTop(page, "section:has(> ol.timeline)");
    expect(timelineTop).toBeLessThanOrEqual(MAX_TIMELINE_TOP);
    expect(await pageTop(page, "section.actions")).toBeLessThan(SCREEN.height);

    const panel = page.locator("#match-panel");
    expect(await panel.locator("details").evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(
      false,
    );
    expect(await panel.locator("summary").innerText()).toMatch(
      /^本案已有主持调解员。展开推荐名单（\d+ 名候选人）$/,
    );
    expect(await panel.locator("table.matches").isVisible()).toBe(false);
    // Folded, not gone: one tap shows the candidates.
    await panel.locator("summary").click();
    expect(await panel.locator("table.matches").isVisible()).toBe(true);
    await page.context().close();
  });

  it("prints every fold open, with the print date and without the action buttons' heading", async () => {
    const page = await phone("clerk");
    await page.goto(`/cases/${kase.id}`);
    // On screen the parties table is folded and the print date hidden.
    expect(await page.locator("#parties table").isVisible()).toBe(false);
    expect(await page.locator(".print-only").isVisible()).toBe(false);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".print-only").innerText()).toBe("打印时间：2026年11月23日 10:00");
    expect(await page.locator("section.actions").isVisible()).toBe(false);
    for (const selector of [
      "#parties table",
      "#match-panel table.matches",
      "#sessions details.session >> nth=0 >> text=调解经过",
      "#sessions details.session >> nth=1 >> text=调解经过",
      "#documents ul.documents",
    ]) {
      expect(await page.locator(selector).isVisible(), selector).toBe(true);
    }
    // What only a screen needs does not print: the fold hints and the short parties list.
    expect(await page.locator("summary.fold-hint").first().isVisible()).toBe(false);
    expect(await page.locator("#parties ul.screen-only").isVisible()).toBe(false);

    // The real print (Chromium's PDF) holds what the folds hold.
    const printed = pdfText(await page.pdf({ format: "A4" }));
    expect(printed).toContain("打印时间：2026年11月23日10:00");
    expect(printed).toContain("调解经过：现场查看排水沟，约定下周再谈赔偿。");
    expect(printed).toContain("代理人：周明");
    expect(printed).not.toContain("现在可以");
    expect(printed).not.toContain("展开");
    await page.context().close();
  });

  it("makes radio rows, document links and case-number links at least 44 px tall", async () => {
    const mediator = await phone("mediator");
    await mediator.goto(`/cases/${kase.id}/actions/record-session`);
    const radios = await heights(mediator, ".field-check:has(input[type=radio]) label");
    expect(radios.length).toBeGreaterThan(2);
    for (const h of radios) expect(h).toBeGreaterThanOrEqual(MIN_TAP);
    await mediator.context().close();

    const clerk = await phone("clerk");
    await clerk.goto(`/cases/${kase.id}`);
    await clerk.locator("#documents summary").click();
    const documents = await heights(clerk, "#documents ul.documents a");
    expect(documents.length).toBeGreaterThan(0);
    for (const h of documents) expect(h).toBeGreaterThanOrEqual(MIN_TAP);

    await clerk.goto("/cases");
    const numbers = await heights(clerk, "table.cases td.case-number a");
    expect(numbers.length).toBeGreaterThan(0);
    for (const h of numbers) expect(h).toBeGreaterThanOrEqual(MIN_TAP);
    await clerk.context().close();
  });
});
