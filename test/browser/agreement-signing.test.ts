/**
 * Issue 19, agreements signed on the phone: the mediator sends the written agreement for signing;
 * two parties on 390×844 phones each read it, draw their signature on the canvas (with the mouse),
 * get an SMS code (read from the outbox) and sign. A change to the text voids the first signature
 * and the party's page says so; the party signs again. The agreement is not in force until the
 * director confirms the mediator's signature and applies the seal on the staff page. No axe
 * violation on the signing page. Screenshot: docs/screenshots/agreement-signing-phone.png.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
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
  axeViolations,
} from "../support/browser.js";
import { TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";

const SHOTS = path.resolve("docs/screenshots");
const clock = new TestClock("2026-12-01T09:00:00+08:00");
const PHONES = { applicant: "13973310301", respondent: "13973310302" };

let ctx: TestContext;
let server: RunningServer;
let browser: Browser;
let setup: CaseSetup;
let kase: CaseDetail;

/** The agreement out for signing (record-agreement without a date or signatures); `terms` differs to re-draft. */
async function sendForSigning(terms: string): Promise<CaseDetail> {
  const applicant = kase.parties.find((p) => p.side === "applicant")!;
  const respondent = kase.parties.find((p) => p.side === "respondent")!;
  return setup.act("mediator", kase.id, "record-agreement", {
    form: "written",
    facts: "被申请人垫高宅基地时堵塞两家之间的排水沟，致雨水倒灌申请人厨房。",
    disputedMatters: "排水沟的疏通责任及损失赔偿数额。",
    responsibilities: "被申请人堵塞排水沟，应负主要责任。",
    terms,
    obligations: [
      {
        obligor: respondent.id,
        obligee: applicant.id,
        content: "赔偿损失",
        amountYuan: "800",
        manner: "现金",
        place: "北洲村人民调解室",
        dueOn: "2026-12-31",
      },
    ],
  });
}

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  server = await startServer(ctx.app);
  browser = await launchBrowser();
  setup = new CaseSetup(ctx.services, ctx.knex);
  kase = await setup.inMediation(
    drainDispute({
      parties: [
        { ...villager("applicant", "刘顺", "19650312", 301), phone: PHONES.applicant },
        { ...villager("respondent", "王桂香", "19700805", 302), phone: PHONES.respondent },
      ],
    }),
  );
  await setup.session(kase.id, "2026-12-01T08:00", "agreement", "双方同意由被申请人疏通排水沟并赔偿。");
  await sendForSigning("被申请人疏通排水沟，并赔偿申请人损失 800 元。");
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

async function lastCode(phone: string, template: string): Promise<string> {
  const row = (await ctx
    .knex("message_outbox")
    .where({ to_phone: phone, template })
    .orderBy("id", "desc")
    .first()) as { params_json: string };
  return (JSON.parse(row.params_json) as { code: string }).code;
}

const later = (seconds: number) => clock.set(new Date(clock.now().getTime() + seconds * 1000).toISOString());

/** A phone signed in to /my. `axe`: the CSP is bypassed to inject axe-core (the other phone runs under the real CSP). */
async function phone(number: string, axe = false): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: server.baseURL,
    bypassCSP: axe,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await page.goto("/my/login");
  await page.getByLabel("手机号").fill(number);
  await page.getByRole("button", { name: "获取验证码" }).click();
  await page.getByLabel("短信验证码").fill(await lastCode(number, "sign_in_code"));
  await Promise.all([
    page.waitForURL("**/my"),
    page.getByRole("button", { name: "登录", exact: true }).click(),
  ]);
  return { context, page };
}

/** Draws a signature with the mouse: a few strokes across the box. */
async function draw(page: Page): Promise<void> {
  const pad = page.locator("canvas[data-signature-pad]");
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const strokes = [
    [0.1, 0.6, 0.3, 0.2, 0.45, 0.7],
    [0.5, 0.3, 0.7, 0.65, 0.9, 0.25],
  ];
  for (const s of strokes) {
    await page.mouse.move(box.x + box.width * s[0]!, box.y + box.height * s[1]!);
    await page.mouse.down();
    for (let i = 0; i + 1 < s.length; i += 2)
      await page.mouse.move(box.x + box.width * s[i]!, box.y + box.height * s[i + 1]!, { steps: 8 });
    await page.mouse.up();
  }
}

/** On the party's case page: open the agreement, draw, get the code, sign. */
async function signOnPhone(page: Page, number: string, shot?: string): Promise<void> {
  await page.goto(`/my/cases/${kase.id}`);
  await Promise.all([
    page.waitForURL(`**/my/cases/${kase.id}/agreement`),
    page.getByRole("link", { name: "阅读并签署协议" }).click(),
  ]);
  expect(await page.locator(".portal-agreement-text").textContent()).toContain("经北洲村人民调解委员会调解");
  // Submitting without a drawing is stopped on the page.
  await page.getByRole("button", { name: "确认签署" }).click();
  await expect.poll(() => page.locator("#pad-empty").isVisible()).toBe(true);
  expect(page.url()).toContain("/agreement");
  await draw(page);
  await page.getByRole("button", { name: "获取验证码" }).click();
  await expect.poll(() => page.locator("[data-code-status]").textContent()).toContain("验证码已发送");
  await page.getByLabel("短信验证码").fill(await lastCode(number, "step_code_sign"));
  if (shot) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
  }
  await Promise.all([
    page.waitForURL(`**/my/cases/${kase.id}/agreement?signed=1`),
    page.getByRole("button", { name: "确认签署" }).click(),
  ]);
  expect(await page.locator(".notice").first().textContent()).toContain("您已签署调解协议");
  later(61);
}

async function status(): Promise<string> {
  return (await ctx.knex("cases").where({ id: kase.id }).first("status")).status as string;
}

describe("signing the agreement on two phones", () => {
  it("two parties sign; a change voids a signature; it takes effect only with the director's seal", async () => {
    const a = await phone(PHONES.applicant, true);
    const b = await phone(PHONES.respondent);

    // The applicant signs the first text.
    await signOnPhone(a.page, PHONES.applicant);
    expect(await status()).toBe("in_mediation");

    // The mediator changes the text: the applicant's signature is void, and the page says so.
    await sendForSigning("被申请人疏通排水沟，并赔偿申请人损失 900 元。");
    await a.page.goto(`/my/cases/${kase.id}`);
    expect(await a.page.locator("#agreement").textContent()).toContain(
      "协议内容已修改，此前签名已作废，请重新签署",
    );
    expect(await a.page.locator(".portal-timeline").textContent()).toContain("此前签名已作废");
    await a.page.goto(`/my/cases/${kase.id}/agreement`);
    expect(await a.page.locator(".portal-agreement-text").textContent()).toContain("900 元");
    expect(await a.page.locator(".notice-warning").textContent()).toContain(
      "协议内容已修改，此前签名已作废，请重新签署",
    );
    expect(await axeViolations(a.page)).toEqual([]);

    await signOnPhone(a.page, PHONES.applicant);
    await signOnPhone(b.page, PHONES.respondent, "agreement-signing-phone.png");
    // Both signed: still not in force.
    expect(await status()).toBe("in_mediation");
    await b.page.goto(`/my/cases/${kase.id}`);
    expect(await b.page.locator(".portal-next").textContent()).toContain("调解员签名、调委会盖章后协议生效");

    // The director confirms the mediator's signature and applies the seal on the staff page.
    const staffContext = await browser.newContext({
      baseURL: server.baseURL,
      viewport: { width: 1280, height: 900 },
    });
    const staff = await staffContext.newPage();
    await logIn(staff, "director");
    await staff.goto(`/cases/${kase.id}`);
    const card = staff.locator("#agreement-signing");
    expect(await card.textContent()).toContain("网上签署中，尚未生效");
    expect(await card.locator("img.signature-thumb").count()).toBe(2);
    await card.screenshot({ path: path.join(SHOTS, "agreement-signing-staff.png") });
    await Promise.all([
      staff.waitForURL(`**/cases/${kase.id}/actions/seal-agreement`),
      card.getByRole("link", { name: "调解员签名并盖章，协议生效" }).click(),
    ]);
    // Without the mediator's confirmation: refused, nothing changes.
    await staff.locator("form.form button[type=submit]").last().click();
    await expect
      .poll(() => staff.locator(".error-summary").textContent())
      .toContain("请确认主持调解员已审阅并签署本协议");
    expect(await status()).toBe("in_mediation");
    await staff.getByLabel(/主持调解员王德明已审阅协议全文并签名/).check();
    await Promise.all([
      staff.waitForURL(`**/cases/${kase.id}?done=seal-agreement`),
      staff.locator("form.form button[type=submit]").last().click(),
    ]);
    expect(await status()).toBe("agreement");
    const agreement = await ctx.knex("agreements").where({ case_id: kase.id, status: "effective" }).first();
    expect(agreement.effective_on).toBe("2026-12-01");

    await a.page.goto(`/my/cases/${kase.id}`);
    expect(await a.page.locator("#agreement").textContent()).toContain("调解协议已生效");
    await Promise.all([a.context.close(), b.context.close(), staffContext.close()]);
  });
});
