/**
 * Issue 16, item 5: the desks on a phone (390×844) with a busy committee and court: 24 overdue
 * cases and 6 waiting to be accepted at 北洲村, 30 applications pending at the court and 30
 * decided. The clerk's 待受理 queue starts on the first screen; the 24 overdue cases take one
 * short counted list; the judge's desk lists the pending applications only. Checked with axe too.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import type { Knex } from "knex";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, logIn, startServer, type RunningServer } from "../support/browser.js";
import { createTestContext, type TestContext } from "../support/context.js";

const SCREEN = 844;
/** Maxima, in px at 390 wide: the 待受理 heading's top, the 已逾期 group, each whole desk. */
const MAX = {
  clerkIntakeTop: SCREEN,
  overdueGroup: 1.5 * SCREEN,
  // Measured at issue 16: 待受理 at 389 px, the group 761 px, the clerk's desk 4,998 px, the
  // judge's 6,239 px (30 pending). Before: 待受理 at 5,736 px below 22 cards (demo county), the
  // judge's desk 25,013 px with every application, decided or not, as a table card.
  clerkPage: 6.5 * SCREEN,
  judgePage: 8 * SCREEN,
};

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TODAY = "2026-11-24";

let ctx: TestContext;
let server: RunningServer;
let browser: Browser;

/** Inserts `n` cases of 北洲村 (or the traffic committee) with parties; returns their ids. */
async function cases(knex: Knex, key: string, n: number, row: (i: number) => Record<string, unknown>) {
  const org = await knex("organisations").where({ name: "北洲村人民调解委员会" }).first();
  const clerk = await knex("users").where({ username: "clerk" }).first();
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const [created] = await knex("cases")
      .insert({
        number: `（2026）北洲调字第${key}${i + 1}号`,
        organisation_id: org.id,
        status: "in_mediation",
        source: "application",
        type_code: "neighbourhood",
        summary: "宅基地边界的围墙争议",
        region_code: "430212101201",
        registered_on: "2026-09-01",
        created_by: clerk.id,
        version: 1,
        created_at: "2026-09-01T02:00:00.000Z",
        updated_at: "2026-09-01T02:00:00.000Z",
        ...row(i),
      })
      .returning("id");
    const id = Number(typeof created === "object" ? created.id : created);
    for (const [position, side] of ["applicant", "respondent"].entries()) {
      await knex("parties").insert({
        case_id: id,
        position,
        side,
        kind: "person",
        name: `${side === "applicant" ? "张" : "李"}${key}${i}`,
        name_initials: "",
      });
    }
    ids.push(id);
  }
  return ids;
}

/** Applications at the court: `decided` ones confirmed, the others pending (filed on day 2). */
async function applications(knex: Knex, key: string, n: number, decided: boolean) {
  const court = await knex("organisations").where({ kind: "court" }).first();
  const clerk = await knex("users").where({ username: "clerk" }).first();
  const ids = await cases(knex, key, n, () => ({ status: decided ? "confirmed" : "awaiting_confirmation" }));
  for (const [i, id] of ids.entries()) {
    const [agreement] = await knex("agreements")
      .insert({
        case_id: id,
        form: "written",
        terms: "协议",
        effective_on: "2026-11-10",
        status: "effective",
        created_by: clerk.id,
        created_at: "2026-11-10T02:00:00.000Z",
      })
      .returning("id");
    const parties = (await knex("parties").where({ case_id: id }).select("id")).map((p) => Number(p.id));
    const applied = `2026-11-${String(14 + (i % 10)).padStart(2, "0")}`;
    await knex("confirmations").insert({
      case_id: id,
      agreement_id: Number(typeof agreement === "object" ? agreement.id : agreement),
      court_id: court.id,
      applied_on: applied,
      window_ends_on: "2026-12-10",
      applicant_party_ids_json: JSON.stringify(parties),
      materials_json: "[]",
      status: decided ? "decided" : "pending",
      decided_on: decided ? "2026-11-20" : null,
      outcome: decided ? "confirmed" : null,
      version: 1,
      created_at: `${applied}T02:00:00.000Z`,
    });
  }
}

beforeAll(async () => {
  ctx = await createTestContext({ clock: { now: () => new Date(`${TODAY}T02:00:00.000Z`) } });
  const day = (i: number) => `2026-10-${String(1 + i).padStart(2, "0")}`;
  await cases(ctx.knex, "逾", 24, (i) => ({ accepted_on: "2026-09-01", mediation_due_on: day(i) }));
  await cases(ctx.knex, "待", 6, () => ({ status: "intake", registered_on: "2026-11-20" }));
  await applications(ctx.knex, "申", 30, false);
  await applications(ctx.knex, "结", 30, true);
  server = await startServer(ctx.app);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

async function phone(username: string): Promise<Page> {
  const page = await browser.newPage({
    baseURL: server.baseURL,
    viewport: { width: 390, height: SCREEN },
    bypassCSP: true,
  });
  await logIn(page, username);
  return page;
}

const height = async (page: Page) => Number(await page.evaluate("document.documentElement.scrollHeight"));
const topOf = async (page: Page, selector: string, text: string) =>
  (await page.locator(selector, { hasText: text }).first().boundingBox())!;

async function violations(page: Page): Promise<unknown[]> {
  await page.addScriptTag({ content: AXE });
  return page.evaluate<unknown[]>(
    `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
       .then((r) => r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", ")))`,
  );
}

describe("the desks on a phone (issue 16)", () => {
  it("the clerk's: 待受理 on the first screen, the 24 overdue cases in one short counted list", async () => {
    const page = await phone("clerk");
    const intake = await topOf(page, "h2", "待受理（6 件）");
    const group = (await page.locator(".overdue-group").boundingBox())!;
    const total = await height(page);
    console.log(
      `clerk: 待受理 at ${Math.round(intake.y)}px, 已逾期 group ${Math.round(group.height)}px, page ${total}px`,
    );
    expect(intake.y).toBeLessThan(MAX.clerkIntakeTop);
    expect(group.y).toBeGreaterThan(intake.y);
    expect(await page.locator(".overdue-group h2").innerText()).toContain("已逾期 24 件");
    expect(await page.locator(".overdue-group li").count()).toBe(5);
    expect(await page.locator(".overdue-group").innerText()).toMatch(
      /调解期限 2026年10月\d+日 已逾期 \d+ 天/,
    );
    expect(group.height).toBeLessThan(MAX.overdueGroup);
    expect(total).toBeLessThan(MAX.clerkPage);
    expect(await violations(page)).toEqual([]);
    // 查看全部 leads to the same 24 in the case list.
    await page.locator(".overdue-group a", { hasText: "查看全部 24 件" }).click();
    expect(new URL(page.url()).search).toBe("?overdue=1");
    await page.close();
  });

  it("the judge's: the 30 pending applications, the 30 decided behind a filter", async () => {
    const page = await phone("judge");
    const total = await height(page);
    console.log(`judge: page ${total}px (${(total / SCREEN).toFixed(1)} screens)`);
    expect(await page.locator("h2").first().innerText()).toContain("待处理（30 件）");
    expect(await page.locator(".queue-filter").innerText()).toContain("已办结 30 件");
    expect(await page.locator("td", { hasText: "已办结" }).count()).toBe(0);
    expect(total).toBeLessThan(MAX.judgePage);
    expect(await violations(page)).toEqual([]);
    await page.locator(".queue-filter a", { hasText: "已办结" }).click();
    expect(await page.locator("h2").first().innerText()).toContain("已办结（30 件）");
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});
