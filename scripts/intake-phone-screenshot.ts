/**
 * The intake form (/cases/new) on a phone (390×844), full page, and its height:
 *
 *   npx tsx scripts/intake-phone-screenshot.ts docs/screenshots/intake-phone-after.png
 *
 * Prints the page's height, in screens of 844, and how many form controls are in view (issue 16:
 * 37 controls on 5.9 screens before the party rows showed only their kind's fields).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createApp } from "../src/app.js";
import { loadConfig, type Config } from "../src/config.js";
import { createKnex } from "../src/db/knex.js";
import { migrateLatest } from "../src/db/migrations.js";
import { seedDemo } from "../src/demo/seed.js";
import { createLogger } from "../src/logger.js";
import { createServices } from "../src/services.js";
import { launchBrowser, logIn, startServer } from "../test/support/browser.js";

const out = process.argv[2] ?? "docs/screenshots/intake-phone-after.png";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fengqiao-intake-"));
const database = { client: "sqlite" as const, filename: path.join(tmp, "demo.db") };
const knex = createKnex(database);
await migrateLatest(knex);
const clock = { now: () => new Date() };
await seedDemo(knex, clock);
const config: Config = {
  ...loadConfig({ NODE_ENV: "test" }),
  database,
  loginRateLimit: { max: 1000, windowMs: 15 * 60 * 1000 },
};
const server = await startServer(createApp(createServices(knex, clock, config, createLogger("silent"))));
const browser = await launchBrowser();
try {
  const context = await browser.newContext({
    baseURL: server.baseURL,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await logIn(page, "clerk");
  await page.goto("/cases/new");
  const height = await page.evaluate<number>("document.documentElement.scrollHeight");
  const controls = await page.evaluate<number>(
    `[...document.querySelectorAll("form.form input:not([type=hidden]), form.form select, form.form textarea")]
       .filter((e) => e.checkVisibility()).length`,
  );
  console.log(JSON.stringify({ height, screens: Number((height / 844).toFixed(2)), controls }));
  await page.screenshot({ path: out, fullPage: true, animations: "disabled" });
} finally {
  await browser.close();
  await server.close();
  await knex.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
}
