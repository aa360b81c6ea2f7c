import fs from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseSetup, launchBrowser, logIn, startServer, type RunningServer } from "../support/browser.js";
import { intakeBody } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";

/**
 * axe-core (the npm package, injected as a script) on the pages this stop added or changed, at phone
 * width: WCAG 2.x A and AA rules, no violation allowed. The page's CSP is bypassed only so that the
 * test can inject axe; the app's own scripts run under it as always.
 */
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let ctx: TestContext;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  ctx = await createTestContext();
  server = await startServer(ctx.app);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const found = await page.evaluate<Violation[]>(
    `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
       .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
         nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  );
  return found.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

async function phonePage(username: string): Promise<Page> {
  const page = await browser.newPage({
    baseURL: server.baseURL,
    viewport: { width: 390, height: 844 },
    bypassCSP: true,
  });
  await logIn(page, username);
  return page;
}

describe("accessibility (axe-core, WCAG 2.1 A/AA) at phone width", () => {
  it("has no violation on the login page", async () => {
    const page = await browser.newPage({
      baseURL: server.baseURL,
      viewport: { width: 390, height: 844 },
      bypassCSP: true,
    });
    await page.goto("/login");
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it("has no violation on the holiday calendar pages", async () => {
    const page = await phonePage("admin");
    for (const path of ["/admin/calendar", "/admin/calendar/2027"]) {
      expect((await page.goto(path))?.status()).toBe(200);
      expect(await violations(page), path).toEqual([]);
    }
    await page.close();
  });

  it("has no violation on the ledger import page, the case list and a case page", async () => {
    const page = await phonePage("director");
    for (const path of ["/ledger/import", "/cases"]) {
      expect((await page.goto(path))?.status()).toBe(200);
      expect(await violations(page), path).toEqual([]);
    }
    const kase = await new CaseSetup(ctx.services, ctx.knex).register("clerk", intakeBody());
    const href = `/cases/${kase.id}`;
    await page.goto(href!);
    expect(await violations(page), href!).toEqual([]);
    await page.close();
  });

  it("has no violation on a case in mediation, its folds closed and opened", async () => {
    const page = await phonePage("clerk");
    const kase = await new CaseSetup(ctx.services, ctx.knex).inMediation();
    await page.goto(`/cases/${kase.id}`);
    expect(await page.locator("#match-panel details:not([open])").count()).toBe(1);
    expect(await violations(page), "folded").toEqual([]);
    for (const summary of await page.locator("details.more > summary").all()) await summary.click();
    expect(await violations(page), "unfolded").toEqual([]);
    await page.close();
  });

  it("has no violation on the court's queue", async () => {
    const page = await phonePage("judge");
    expect((await page.goto("/court"))?.status()).toBe(200);
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it("has no violation on the statistics page, its filter open and grouped as cards", async () => {
    const page = await phonePage("officer");
    for (const path of ["/stats", "/stats?groupBy=committee"]) {
      expect((await page.goto(path))?.status()).toBe(200);
      await page.locator("details.stats-filter > summary").click();
      await page.locator(".group-more > summary").first().click();
      expect(await violations(page), path).toEqual([]);
    }
    await page.close();
  });
});
