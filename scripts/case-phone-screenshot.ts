/**
 * The case page of a case in mediation on a phone (390×844), shot full page and measured.
 *
 *   npx tsx scripts/case-phone-screenshot.ts [--out FILE]   (default: docs/screenshots/case-phone-after.png)
 *
 * A throwaway demo database; one neighbours' dispute at 北洲村 whose parties both have agents,
 * accepted, consented, 王德明 assigned to lead, two sessions held. The clerk opens it. Prints the
 * page height, the top of 办理经过 (the timeline) and the height of the 推荐调解员 panel, in CSS px.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Browser } from "playwright-core";
import { createApp } from "../src/app.js";
import { loadConfig, type Config } from "../src/config.js";
import { createKnex } from "../src/db/knex.js";
import { migrateLatest } from "../src/db/migrations.js";
import { seedDemo } from "../src/demo/seed.js";
import { createLogger } from "../src/logger.js";
import { createServices } from "../src/services.js";
import {
  CaseSetup,
  drainDispute,
  launchBrowser,
  logIn,
  startServer,
  villager,
} from "../test/support/browser.js";
import type { RunningServer } from "../test/support/browser.js";

const { values } = parseArgs({
  options: { out: { type: "string", default: "docs/screenshots/case-phone-after.png" } },
});

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fengqiao-case-phone-"));
  const database = { client: "sqlite" as const, filename: path.join(tmp, "demo.db") };
  const knex = createKnex(database);
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    await migrateLatest(knex);
    // Set up over the days before Monday 23 November 2026, then viewed that day at 10:00 Beijing time.
    let now = new Date("2026-11-10T02:00:00Z");
    const clock = { now: () => new Date(now) };
    await seedDemo(knex, clock);
    const config: Config = {
      ...loadConfig({ NODE_ENV: "test" }),
      database,
      loginRateLimit: { max: 1000, windowMs: 15 * 60 * 1000 },
    };
    const services = createServices(knex, clock, config, createLogger("silent"));
    await services.calendar.load();
    const setup = new CaseSetup(services, knex);
    const kase = await setup.inMediation(
      drainDispute({
        parties: [
          {
            ...villager("applicant", "刘顺", "19650312", 101),
            agent: { name: "刘建华", phone: "13973310001" },
          },
          {
            ...villager("respondent", "王桂香", "19700805", 102),
            agent: { name: "周律师", phone: "13973310002" },
          },
        ],
      }),
    );
    now = new Date("2026-11-16T08:00:00Z");
    await setup.session(kase.id, "2026-11-16T09:30", "continue", "双方同意先疏通排水沟，赔偿数额下次再议。");
    now = new Date("2026-11-20T08:00:00Z");
    await setup.session(kase.id, "2026-11-20T14:30", "continue", "现场查看排水沟，约定下周再谈赔偿。");
    now = new Date("2026-11-23T02:00:00Z");

    server = await startServer(createApp(services));
    browser = await launchBrowser();
    const context = await browser.newContext({
      baseURL: server.baseURL,
      locale: "zh-CN",
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await logIn(page, "clerk");
    await page.goto(`/cases/${kase.id}`);
    await page.evaluate("document.fonts.ready");
    const m = await page.evaluate<{ height: number; timelineTop: number; panel: number }>(`(() => {
      const top = (el) => (el ? el.getBoundingClientRect().top + window.scrollY : -1);
      const timeline = document.querySelector("ol.timeline");
      const panel = document.querySelector("#match-panel");
      return {
        height: document.documentElement.scrollHeight,
        timelineTop: Math.round(top(timeline && timeline.closest("section"))),
        panel: panel ? Math.round(panel.getBoundingClientRect().height) : 0,
      };
    })()`);
    const out = path.resolve(values.out!);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out, fullPage: true, animations: "disabled" });
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
    console.log(
      `page height ${m.height} px; timeline section top ${m.timelineTop} px; 推荐调解员 ${m.panel} px`,
    );
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
