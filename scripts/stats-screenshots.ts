/**
 * Screenshots of the statistics page for the docs, from a throwaway demo database with two years
 * of past disputes (src/demo/history.ts).
 *
 *   npx tsx scripts/stats-screenshots.ts [--out DIR]     (default: docs/screenshots)
 *
 * Writes stats-page.png (the county officer's page for this year, 1280 wide, full page),
 * stats-chart.png (the monthly chart with its table), stats-township.png (drilled down to 南洲镇,
 * grouped by mediator kind), stats-print.png (the page as it prints: A4 landscape, no controls)
 * and stats-phone.png (390 wide). Uses Chromium at CHROMIUM_PATH or the one in the npm package
 * @sparticuz/chromium; Chinese text needs no font on the machine: the pages load the project's own.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { createApp } from "../src/app.js";
import { loadConfig, type Config } from "../src/config.js";
import { createKnex } from "../src/db/knex.js";
import { migrateLatest } from "../src/db/migrations.js";
import { seedDemoHistory } from "../src/demo/history.js";
import { seedDemo } from "../src/demo/seed.js";
import { createLogger } from "../src/logger.js";
import { createServices } from "../src/services.js";
import { launchBrowser, logIn, startServer, type RunningServer } from "../test/support/browser.js";

const { values } = parseArgs({ options: { out: { type: "string", default: "docs/screenshots" } } });
const outDir = path.resolve(values.out!);
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
};

async function main(): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fengqiao-stats-"));
  const database = { client: "sqlite" as const, filename: path.join(tmp, "demo.db") };
  const knex = createKnex(database);
  // A fixed day, so the pictures do not change from one run to the next.
  const clock = { now: () => new Date("2026-11-23T02:00:00Z") };
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    await migrateLatest(knex);
    await seedDemo(knex, clock);
    await seedDemoHistory(knex, clock);
    const config: Config = { ...loadConfig({ NODE_ENV: "test" }), database };
    const services = createServices(knex, clock, config, createLogger("silent"));
    await services.stats.refresh();
    server = await startServer(createApp(services));
    browser = await launchBrowser();

    const shoot = async (
      file: string,
      options: BrowserContextOptions,
      act: (page: Page) => Promise<void>,
      shot: (page: Page, target: string) => Promise<unknown> = (page, target) =>
        page.screenshot({ path: target, fullPage: true, animations: "disabled" }),
    ) => {
      const context = await browser!.newContext({ baseURL: server!.baseURL, locale: "zh-CN", ...options });
      try {
        const page = await context.newPage();
        await logIn(page, "officer");
        await act(page);
        await page.evaluate("document.fonts.ready");
        const target = path.join(outDir, file);
        await shot(page, target);
        console.log(`wrote ${path.relative(process.cwd(), target)}`);
      } finally {
        await context.close();
      }
    };

    await shoot("stats-page.png", DESKTOP, async (page) => {
      await page.goto("/stats");
    });
    await shoot(
      "stats-chart.png",
      DESKTOP,
      async (page) => {
        await page.goto("/stats");
      },
      (page, target) => page.locator("#chart-trend-figure").screenshot({ path: target }),
    );
    await shoot("stats-township.png", DESKTOP, async (page) => {
      await page.goto("/stats?region=430212101000&groupBy=mediatorKind");
    });
    await shoot(
      "stats-print.png",
      { viewport: { width: 1123, height: 794 }, deviceScaleFactor: 1 },
      async (page) => {
        await page.goto("/stats");
        await page.emulateMedia({ media: "print" });
      },
    );
    await shoot("stats-phone.png", PHONE, async (page) => {
      await page.goto("/stats");
    });
  } finally {
    await browser?.close();
    await server?.close();
    await knex.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
