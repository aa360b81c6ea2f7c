/**
 * Screenshots of the main screens for the docs, from a throwaway demo database.
 *
 *   npx tsx scripts/screenshots.ts [--out DIR]     (default: docs/screenshots)
 *
 * Writes home-<username>.png for every demo user (1280 wide, full page), login-phone.png and
 * home-clerk-phone.png (390×844), and admin-user-form-error.png (the new-user form submitted empty).
 * Uses Chromium at CHROMIUM_PATH or /usr/bin/chromium. Chinese text needs a CJK font on the
 * machine (Debian: fonts-noto-cjk), or it renders as boxes.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { createApp } from "../src/app.js";
import { systemClock } from "../src/clock.js";
import { loadConfig, type Config } from "../src/config.js";
import { createKnex } from "../src/db/knex.js";
import { migrateLatest } from "../src/db/migrations.js";
import { DEMO_USERS, seedDemo } from "../src/demo/seed.js";
import { createLogger } from "../src/logger.js";
import { createServices } from "../src/services.js";
import { launchBrowser, logIn, startServer, type RunningServer } from "../test/support/browser.js";

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

const { values } = parseArgs({ options: { out: { type: "string", default: "docs/screenshots" } } });
const outDir = path.resolve(values.out!);

/** Fails early where fontconfig knows no Chinese font: every glyph would be a box. */
function requireChineseFont(): void {
  let fonts: string;
  try {
    fonts = execFileSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" });
  } catch {
    return; // no fontconfig here (not Linux): let Chromium find the system's fonts
  }
  if (!fonts.trim()) {
    throw new Error("没有可用的中文字体，截图中的汉字会显示为方框。请先安装：apt-get install fonts-noto-cjk");
  }
}

async function main(): Promise<void> {
  requireChineseFont();
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fengqiao-screenshots-"));
  const database = { client: "sqlite" as const, filename: path.join(tmp, "demo.db") };
  const knex = createKnex(database);
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    await migrateLatest(knex);
    await seedDemo(knex, systemClock);
    const config: Config = {
      ...loadConfig({ NODE_ENV: "test" }),
      database,
      loginRateLimit: { max: 1000, windowMs: 15 * 60 * 1000 },
    };
    const services = createServices(knex, systemClock, config, createLogger("silent"));
    server = await startServer(createApp(services));
    browser = await launchBrowser();
    const baseURL = server.baseURL;

    /** Runs one scenario in a fresh browser context (own cookies) and saves a full-page PNG. */
    const shoot = async (
      file: string,
      options: BrowserContextOptions,
      act: (page: Page) => Promise<void>,
    ) => {
      const context = await browser!.newContext({ baseURL, locale: "zh-CN", ...options });
      try {
        const page = await context.newPage();
        await act(page);
        await page.evaluate("document.fonts.ready");
        const target = path.join(outDir, file);
        await page.screenshot({ path: target, fullPage: true, animations: "disabled" });
        const shown = path.relative(process.cwd(), target);
        console.log(`wrote ${shown.startsWith("..") ? target : shown}`);
      } finally {
        await context.close();
      }
    };

    for (const [username] of DEMO_USERS) {
      await shoot(`home-${username}.png`, DESKTOP, (page) => logIn(page, username));
    }
    await shoot("login-phone.png", PHONE, async (page) => {
      await page.goto("/login");
    });
    await shoot("home-clerk-phone.png", PHONE, (page) => logIn(page, "clerk"));
    await shoot("admin-user-form-error.png", DESKTOP, async (page) => {
      await logIn(page, "admin");
      await page.goto("/admin/users/new");
      await page.getByRole("button", { name: "保存", exact: true }).click();
      await page.locator(".error-summary").waitFor();
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
  process.exitCode = 1;
});
