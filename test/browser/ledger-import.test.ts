/**
 * 补录 in the browser: 北洲村's director 陈志强 uploads the committee's 2025 paper ledger (20 rows,
 * two of them wrong), reads the row-by-row preview, uploads the corrected file, confirms, and the
 * statistics for 2025 grow by exactly the twenty cases. "Today" is 1 December 2026.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, logIn, startServer, type RunningServer } from "../support/browser.js";
import { createTestContext, type TestContext } from "../support/context.js";

const NOW = new Date("2026-12-01T02:00:00Z");
const HEADER =
  "编号,申请人,被申请人,纠纷类型,登记日期,受理日期,调解日期,协议日期,结案日期,调解结果,协议金额（元）";

/** Twenty cases of 2025, one or two a month: 14 successful, 4 unsuccessful, 2 terminated. */
function ledger(fixed: boolean): Buffer {
  const rows: string[] = [];
  for (let i = 1; i <= 20; i++) {
    const month = String(((i - 1) % 12) + 1).padStart(2, "0");
    const d = (day: number) => `2025-${month}-${String(day).padStart(2, "0")}`;
    const outcome = i <= 14 ? "成功" : i <= 18 ? "不成功" : "终止";
    const success = outcome === "成功";
    const row = [
      `北洲2025-${String(i).padStart(3, "0")}`,
      `申请人${i}`,
      `被申请人${i}`,
      i % 2 ? "邻里纠纷" : "婚姻家庭",
      d(2),
      d(3),
      d(8),
      success ? d(12) : "",
      d(20),
      outcome,
      success ? "1000" : "",
    ];
    // The two mistakes of the first upload: a date that does not exist, an outcome nobody can read.
    if (!fixed && i === 5) row[5] = "2025-05-32";
    if (!fixed && i === 17) row[9] = "调解中";
    rows.push(row.join(","));
  }
  return Buffer.from([HEADER, ...rows].join("\n"), "utf8");
}

let browser: Browser;
let ctx: TestContext;
let server: RunningServer;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  ctx = await createTestContext({ clock: { now: () => new Date(NOW) } });
  server = await startServer(ctx.app);
  const context = await browser.newContext({ baseURL: server.baseURL, locale: "zh-CN" });
  page = await context.newPage();
  await logIn(page, "director");
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

/** The figure cards of the statistics page for 2025. */
async function figures2025(): Promise<Record<string, number>> {
  await page.goto("/stats?period=year&year=2025");
  const cards = page.locator(".figure-card");
  const out: Record<string, number> = {};
  for (let i = 0; i < (await cards.count()); i++) {
    const label = (await cards.nth(i).locator(".figure-label").innerText()).trim();
    const value = Number((await cards.nth(i).locator(".figure-value").innerText()).replace(/[^\d.]/g, ""));
    out[label] = value;
  }
  return out;
}

async function uploadLedger(data: Buffer, name: string) {
  await page.locator("#f-content").setInputFiles({ name, mimeType: "text/csv", buffer: data });
  await Promise.all([
    page.waitForURL(/\/ledger\/import\/\d+$/),
    page.getByRole("button", { name: "预览" }).click(),
  ]);
}

describe("bringing in a paper ledger", () => {
  it("previews the errors, takes the corrected file, and the year's statistics grow by the imported cases", async () => {
    const before = await figures2025();
    expect(before["受理"]).toBeGreaterThanOrEqual(0);

    await page.goto("/cases");
    await page.getByRole("link", { name: "导入纸质台账（补录）" }).click();
    await page.waitForURL("**/ledger/import");
    await uploadLedger(ledger(false), "北洲村2025年台账.csv");
    const lead = page.locator("p.lead");
    await expect.poll(() => lead.innerText()).toContain("共 20 行，可以导入 18 行，有错误 2 行");
    const body = await page.locator("table").innerText();
    expect(body).toContain("受理日期“2025-05-32”不是有效日期");
    expect(body).toContain("调解结果“调解中”无法识别，应为成功、不成功或终止");
    const casesBefore = Number((await ctx.knex("cases").count({ n: "*" }).first())!.n);

    // Fix the two rows in Excel and upload again.
    await page.getByRole("link", { name: "重新上传" }).first().click();
    await page.waitForURL("**/ledger/import");
    await uploadLedger(ledger(true), "北洲村2025年台账（改正）.csv");
    await expect.poll(() => lead.innerText()).toContain("共 20 行，可以导入 20 行，有错误 0 行");
    expect(Number((await ctx.knex("cases").count({ n: "*" }).first())!.n)).toBe(casesBefore);

    await Promise.all([
      page.waitForURL(/\?done=1$/),
      page.getByRole("button", { name: "确认补录 20 件案件" }).click(),
    ]);
    expect(await page.locator(".notice").innerText()).toContain("已补录 20 件案件");
    expect(Number((await ctx.knex("cases").count({ n: "*" }).first())!.n)).toBe(casesBefore + 20);

    const after = await figures2025();
    expect(after["排查发现纠纷"]! - before["排查发现纠纷"]!).toBe(20);
    expect(after["受理"]! - before["受理"]!).toBe(20);
    expect(after["调结"]! - before["调结"]!).toBe(20);
    expect(after["调解成功"]! - before["调解成功"]!).toBe(14);

    // An imported case says so.
    const kase = await ctx.knex("cases").where({ paper_number: "北洲2025-005" }).first();
    await page.goto(`/cases/${kase.id}`);
    expect(await page.locator(".case-backfill").innerText()).toContain("补录：陈志强 于 2026-12-01 录入");
  });
});
