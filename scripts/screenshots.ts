/**
 * Screenshots of the main screens for the docs, from a throwaway demo database.
 *
 *   npx tsx scripts/screenshots.ts [--out DIR]     (default: docs/screenshots)
 *
 * First gives the demo committee (北洲村) a few cases at different stages, dated in the weeks
 * before today, so that the desks and case pages have something to show. Then writes
 * home-<username>.png for every demo user (1280 wide, full page), login-phone.png and
 * home-clerk-phone.png (390×844), admin-user-form-error.png (the new-user form submitted empty),
 * case-intake.png (the intake form partly filled), case-page.png (a case with sessions, a written
 * agreement, deadlines and its timeline), mediator-home.png (the mediator's desk with assigned
 * cases and their deadlines) and case-phone.png (that case page at 390 wide).
 * Uses Chromium at CHROMIUM_PATH or the one in the npm package @sparticuz/chromium. Chinese text
 * needs no font on the machine: the pages load the project's own (src/fonts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { createApp } from "../src/app.js";
import { beijingDate } from "../src/shared/dates.js";
import type { Clock } from "../src/clock.js";
import { loadConfig, type Config } from "../src/config.js";
import { createKnex } from "../src/db/knex.js";
import { migrateLatest } from "../src/db/migrations.js";
import { DEMO_USERS, seedDemo } from "../src/demo/seed.js";
import { createLogger } from "../src/logger.js";
import { createServices } from "../src/services.js";
import {
  BEIZHOU,
  CaseSetup,
  drainDispute,
  launchBrowser,
  logIn,
  startServer,
  villager,
  type RunningServer,
} from "../test/support/browser.js";

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

const { values } = parseArgs({ options: { out: { type: "string", default: "docs/screenshots" } } });
const outDir = path.resolve(values.out!);

/**
 * The real time, except while the demo cases are set up: then a moment on a chosen day, so that
 * their history (registered, accepted, mediated, agreed) is spread over the past weeks.
 */
class DemoClock implements Clock {
  private frozen: Date | null = null;
  now(): Date {
    return this.frozen ? new Date(this.frozen) : new Date();
  }
  /** Stops at hh:mm Beijing time on the day `daysFromToday` from today (negative: in the past). */
  freeze(daysFromToday: number, time = "16:00"): void {
    this.frozen = new Date(`${day(daysFromToday)}T${time}:00+08:00`);
  }
  release(): void {
    this.frozen = null;
  }
}

/** The Beijing date `offset` days from today, as YYYY-MM-DD. */
function day(offset: number): string {
  const beijingNow = new Date(Date.now() + 8 * 3600_000);
  return new Date(beijingNow.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
}

/**
 * 北洲村's cases for the pictures. 王德明 (the demo mediator) leads three: one with a written
 * agreement being performed, one in mediation, one accepted long ago and now overdue; two more
 * wait to be accepted, one of them big enough that the page suggests the township committee.
 */
async function seedDemoCases(setup: CaseSetup, clock: DemoClock): Promise<void> {
  const consentAll = async (id: number) => {
    const kase = await setup.services.cases.get(await setup.user("clerk"), id);
    await setup.act("clerk", id, "record-consent", {
      noticeGivenOn: beijingDate(setup.services.clock.now()),
      consents: kase.parties.map((p) => ({ partyId: p.id, consented: true })),
    });
  };
  const wang = await setup.mediatorId("王德明");
  const liu = await setup.mediatorId("刘长庚");

  // （…）北洲调字第1号: the drain, agreed in writing eight days ago; the drain is cleared, two payments to go.
  clock.freeze(-20, "09:30");
  const drain = await setup.register("clerk", drainDispute({ occurredOn: day(-24) }, 1));
  await setup.act("clerk", drain.id, "accept");
  clock.freeze(-19, "10:00");
  await consentAll(drain.id);
  await setup.act("clerk", drain.id, "assign", {
    mediators: [
      { mediatorId: wang, role: "lead" },
      { mediatorId: liu, role: "co" },
    ],
  });
  clock.freeze(-15);
  await setup.session(
    drain.id,
    `${day(-15)}T09:30`,
    "continue",
    "调解员讲明相邻关系的法律规定，双方同意先疏通排水沟，赔偿数额下次再议。",
  );
  clock.freeze(-8);
  await setup.session(
    drain.id,
    `${day(-8)}T14:30`,
    "agreement",
    "经反复协商，被申请人同意疏通排水沟并赔偿 800 元，分两期支付。",
  );
  await setup.writtenAgreement(drain, [day(-1), day(7), day(37)]);
  clock.freeze(-2);
  await setup.act("mediator", drain.id, "record-performance", {
    obligationIndex: 0,
    performedOn: day(-2),
    note: "排水沟已疏通，双方到场查看确认。",
  });

  // 第2号: a homestead boundary, in mediation, its month running out.
  clock.freeze(-24, "10:00");
  const homestead = await setup.register(
    "clerk",
    drainDispute(
      {
        typeCode: "housing_homestead",
        summary: "被申请人翻建住房时地基越过两家原有界址约 0.6 米，申请人要求恢复原状。",
        occurredOn: day(-30),
        amountYuan: "",
        parties: [
          villager("applicant", "张建国", "19580808", 311),
          villager("respondent", "李梅", "19790909", 312),
        ],
      },
      2,
    ),
  );
  await setup.act("clerk", homestead.id, "accept");
  await consentAll(homestead.id);
  await setup.act("clerk", homestead.id, "assign", { mediators: [{ mediatorId: wang, role: "lead" }] });
  clock.freeze(-10);
  await setup.session(
    homestead.id,
    `${day(-10)}T15:00`,
    "continue",
    "双方到现场丈量，约定请村民小组长见证后再议。",
  );

  // 第3号: a debt for a cow, accepted six weeks ago and never mediated: overdue.
  clock.freeze(-42, "11:00");
  const cow = await setup.register(
    "clerk",
    drainDispute(
      {
        typeCode: "contract",
        summary: "申请人向被申请人出售耕牛一头，被申请人尚欠 6000 元未付。",
        occurredOn: day(-60),
        amountYuan: "6000",
        parties: [
          villager("applicant", "黄德胜", "19600202", 321),
          villager("respondent", "易小平", "19750315", 323),
        ],
      },
      3,
    ),
  );
  await setup.act("clerk", cow.id, "accept");
  await consentAll(cow.id);
  await setup.act("clerk", cow.id, "assign", { mediators: [{ mediatorId: wang, role: "lead" }] });

  // 第4号 and 第5号: registered yesterday, waiting to be accepted.
  clock.freeze(-1, "15:00");
  await setup.register(
    "clerk",
    drainDispute(
      {
        typeCode: "forest_land",
        summary: "北洲村第一、第二村民小组之间因山林界址争执，双方多次聚集，涉及 12 户村民。",
        occurredOn: day(-3),
        peopleInvolved: 12,
        riskLevel: "serious",
        amountYuan: "",
        parties: [
          villager("applicant", "罗建军", "19720101", 331),
          villager("respondent", "谭志明", "19690606", 333),
        ],
      },
      4,
    ),
  );
  await setup.register(
    "clerk",
    drainDispute(
      {
        summary: "两家小孩在晒谷坪打闹，一方家长上门理论，发生口角。",
        occurredOn: day(-1),
        amountYuan: "",
        parties: [
          villager("applicant", "陈红梅", "19850710", 342),
          villager("respondent", "刘小燕", "19881011", 344),
        ],
      },
      5,
    ),
  );
  clock.release();
}

async function main(): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fengqiao-screenshots-"));
  const database = { client: "sqlite" as const, filename: path.join(tmp, "demo.db") };
  const knex = createKnex(database);
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    await migrateLatest(knex);
    const clock = new DemoClock();
    await seedDemo(knex, clock);
    const config: Config = {
      ...loadConfig({ NODE_ENV: "test" }),
      database,
      loginRateLimit: { max: 1000, windowMs: 15 * 60 * 1000 },
    };
    const services = createServices(knex, clock, config, createLogger("silent"));
    await seedDemoCases(new CaseSetup(services, knex), clock);
    const drainCase = Number((await knex("cases").orderBy("id").first("id")).id);
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

    await shoot("case-intake.png", DESKTOP, async (page) => {
      await logIn(page, "clerk");
      await page.goto("/cases/new");
      await page.locator("#f-source").selectOption("application");
      await page.locator("#f-typeCode").selectOption("road_traffic");
      await page
        .locator("#f-summary")
        .fill(
          "申请人骑电动车在村道与被申请人驾驶的三轮摩托车相撞，申请人左腿受伤，双方就医疗费和误工费赔偿协商不成。",
        );
      await page.locator("#f-occurredOn").fill(day(-4));
      await page.locator("#f-regionCode").selectOption(BEIZHOU);
      await page.locator("#f-address").fill("北洲村村道与 S211 省道交叉口");
      await page.locator("#f-amountYuan").fill("8600");
      await page.locator("#f-peopleInvolved").fill("2");
      await page.locator("[id='f-parties.0.name']").fill("周志刚");
      await page.locator("[id='f-parties.0.phone']").fill("13973315566");
      await page.locator("#party-0 details.particulars > summary").click();
      await page.locator("[id='f-parties.0.address']").fill("湖南省株洲市渌口区南洲镇北洲村第三村民小组");
      await page.locator("[id='f-parties.1.name']").fill("谭国华");
      await page.locator("#f-summary").focus();
    });
    await shoot("case-page.png", DESKTOP, async (page) => {
      await logIn(page, "director");
      await page.goto(`/cases/${drainCase}`);
    });
    // A collision on the village road whose applicant a 北洲村 五老 has declared as his nephew:
    // the 推荐调解员 panel ranks the traffic expert first and shows that member excluded.
    const traffic = await new CaseSetup(services, knex).register("clerk", {
      source: "police_referral",
      typeCode: "road_traffic",
      summary:
        "刘建军驾驶货车与邓桂花的电动三轮车在村道会车时相撞，邓桂花受伤住院，双方就医疗费和误工费协商不成。",
      occurredOn: day(-5),
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
    await new CaseSetup(services, knex).act("clerk", traffic.id, "accept");
    await shoot("match-panel.png", DESKTOP, async (page) => {
      await logIn(page, "clerk");
      await page.goto(`/cases/${traffic.id}#match-panel`);
      // Only the panel: everything else in the page's main column is hidden for this picture.
      await page.evaluate(`(() => {
        const panel = document.querySelector("#match-panel");
        for (const el of document.querySelectorAll("main > *"))
          if (!el.contains(panel)) el.style.display = "none";
      })()`);
    });
    await shoot("mediator-home.png", DESKTOP, (page) => logIn(page, "mediator"));
    await shoot("case-phone.png", PHONE, async (page) => {
      await logIn(page, "mediator");
      await page.goto(`/cases/${drainCase}`);
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
