/**
 * Phone screenshots (390×844, full page) of the clerk's and the judge's desks over the demo
 * county with its two years of history (as `npm start` loads it), for issue 16.
 *
 *   npx tsx scripts/home-phone-screenshots.ts [--suffix after] [--out DIR]
 *
 * Writes home-clerk-phone-<suffix>.png and home-judge-phone-<suffix>.png, and prints each page's
 * height and the top of the clerk's 待受理 queue.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createApp } from "../src/app.js";
import { systemClock } from "../src/clock.js";
import { loadConfig, type Config } from "../src/config.js";
import { createKnex } from "../src/db/knex.js";
import { migrateLatest } from "../src/db/migrations.js";
import { seedDemoHistory } from "../src/demo/history.js";
import { seedDemo } from "../src/demo/seed.js";
import { createLogger } from "../src/logger.js";
import { createServices } from "../src/services.js";
import { launchBrowser, logIn, startServer } from "../test/support/browser.js";

const { values } = parseArgs({
  options: {
    out: { type: "string", default: "docs/screenshots" },
    suffix: { type: "string", default: "after" },
  },
});
const outDir = path.resolve(values.out!);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fengqiao-home-phone-"));
const database = { client: "sqlite" as const, filename: path.join(tmp, "demo.db") };
const knex = createKnex(database);
await migrateLatest(knex);
await seedDemo(knex, systemClock);
await seedDemoHistory(knex, systemClock);
const config: Config = {
  ...loadConfig({ NODE_ENV: "test" }),
  database,
  loginRateLimit: { max: 1000, windowMs: 15 * 60 * 1000 },
};
const server = await startServer(
  createApp(createServices(knex, systemClock, config, createLogger("silent"))),
);
const browser = await launchBrowser();
try {
  for (const who of ["clerk", "judge"]) {
    const context = await browser.newContext({
      baseURL: server.baseURL,
      locale: "zh-CN",
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await logIn(page, who);
    await page.evaluate("document.fonts.ready");
    const height = Number(await page.evaluate("document.documentElement.scrollHeight"));
    const intake = page.locator("h2", { hasText: "待受理" });
    const intakeTop = (await intake.count()) ? Math.round((await intake.first().boundingBox())!.y) : null;
    const file = path.join(outDir, `home-${who}-phone-${values.suffix}.png`);
    await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
    console.log(
      `${who}: height ${height}px (${(height / 844).toFixed(1)} screens), 待受理 at ${intakeTop}px -> ${file}`,
    );
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  await knex.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
}
