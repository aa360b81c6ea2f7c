/**
 * 视频调解 in three browsers: the mediator and two parties (each in a context of their own, phone
 * viewport, the app's CSP in force) join one online session with Chromium's fake camera and
 * microphone, and each receives the others' video — frames decoded by every peer connection
 * (getStats inbound-rtp), not merely connected. Then the mediator mutes one party, removes the
 * other, and ends the session. Screenshot: docs/screenshots/video-session.png (two participants).
 */
import fs from "node:fs";
import { createRequire } from "node:module";
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
} from "../support/browser.js";
import { createTestContext, type TestContext } from "../support/context.js";

const SHOTS = path.resolve("docs/screenshots");
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const PHONE = { viewport: { width: 390, height: 844 }, locale: "zh-CN" };
const APPLICANT = "13973310201";
const RESPONDENT = "13973310202";
/** Beijing 09:00 on Thursday 3 December 2026, running on in real time (presence and signals need it to move). */
const BASE = new Date("2026-12-03T01:00:00Z").getTime();
const started = Date.now();

let ctx: TestContext;
let server: RunningServer;
let browser: Browser;
let kase: CaseDetail;
let sessionId: number;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ctx = await createTestContext({ clock: { now: () => new Date(BASE + Date.now() - started) } });
  server = await startServer(ctx.app);
  browser = await launchBrowser([
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
  ]);
  const setup = new CaseSetup(ctx.services, ctx.knex);
  kase = await setup.inMediation(
    drainDispute({
      parties: [
        { ...villager("applicant", "刘顺", "19650312", 201), phone: APPLICANT },
        { ...villager("respondent", "王桂香", "19700805", 202), phone: RESPONDENT },
      ],
    }),
  );
}, 60_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

async function page(): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseURL, ...PHONE });
  contexts.push(context);
  const p = await context.newPage();
  p.on("dialog", (d) => void d.accept());
  return p;
}

async function partySignIn(p: Page, phone: string): Promise<void> {
  await p.goto("/my/login");
  await p.getByLabel("手机号").fill(phone);
  await p.getByRole("button", { name: "获取验证码" }).click();
  const row = (await ctx
    .knex("message_outbox")
    .where({ to_phone: phone, template: "sign_in_code" })
    .orderBy("id", "desc")
    .first()) as { params_json: string };
  await p.getByLabel("短信验证码").fill((JSON.parse(row.params_json) as { code: string }).code);
  await Promise.all([p.waitForURL("**/my"), p.getByRole("button", { name: "登录", exact: true }).click()]);
}

/** axe-core's WCAG 2.1 AA findings; evaluated by the test, so the page's CSP stays on. */
async function violations(p: Page): Promise<string[]> {
  await p.evaluate(AXE_SOURCE);
  const found = await p.evaluate<{ id: string; help: string; nodes: { target: string[] }[] }[]>(
    `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
       .then((r) => r.violations.map((v) => ({ id: v.id, help: v.help,
         nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  );
  return found.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function join(p: Page): Promise<void> {
  await expect.poll(() => p.getByText("本次视频调解不录音录像，除非各方均同意").count()).toBe(1);
  await p.getByLabel("我已知悉并同意以上内容").check();
  await p.getByRole("button", { name: "进入视频调解" }).click();
  await p.locator("#video-stage").waitFor({ state: "visible" });
}

type PeerStats = { name: string; state: string; framesDecoded: number }[];
const stats = (p: Page) => p.evaluate<PeerStats>("window.fengqiaoVideo.stats()");

/** Every remote peer of the page has decoded video frames. */
async function receivingFrom(p: Page, count: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const s = await stats(p);
        return s.length === count && s.every((x) => x.framesDecoded > 0);
      },
      { timeout: 20_000, interval: 250 },
    )
    .toBe(true);
}

describe("an online mediation session", () => {
  it("the mediator and two parties each receive the others' video; mute, remove, end", async () => {
    const mediator = await page();
    await logIn(mediator, "mediator");
    // Scheduled on the form: 线上视频 is the default; 09:10 Beijing, ten minutes ahead.
    await mediator.goto(`/cases/${kase.id}/actions/schedule-session`);
    await mediator.locator("#f-startsAt").fill("2026-12-03T09:10");
    await Promise.all([
      mediator.waitForURL(`**/cases/${kase.id}?**`),
      mediator.getByRole("button", { name: "确认安排调解" }).click(),
    ]);
    const row = (await ctx.knex("scheduled_sessions").where({ case_id: kase.id }).first()) as { id: number };
    sessionId = Number(row.id);
    expect(
      await ctx.knex("message_outbox").where({ case_id: kase.id, template: "session_scheduled" }),
    ).toHaveLength(2);
    await expect.poll(() => mediator.locator("#upcoming-sessions").textContent()).toContain("12月3日 09:10");
    await mediator
      .locator("#upcoming-sessions")
      .screenshot({ path: path.join(SHOTS, "video-case-card.png") });
    await Promise.all([
      mediator.waitForURL(`**/cases/${kase.id}/sessions/${sessionId}/room`),
      mediator.getByRole("link", { name: "进入视频调解" }).first().click(),
    ]);
    await join(mediator);

    const applicant = await page();
    await partySignIn(applicant, APPLICANT);
    await applicant.goto(`/my/cases/${kase.id}`);
    expect(await violations(applicant), "/my/cases/{id}").toEqual([]);
    await applicant
      .locator("#sessions-ahead")
      .screenshot({ path: path.join(SHOTS, "video-my-case-button.png") });
    await Promise.all([
      applicant.waitForURL(`**/my/cases/${kase.id}/sessions/${sessionId}/room`),
      applicant.getByRole("link", { name: "进入视频调解" }).click(),
    ]);
    expect(await violations(applicant), "the room before joining").toEqual([]);
    await join(applicant);
    await receivingFrom(mediator, 1);
    await receivingFrom(applicant, 1);
    await mediator.screenshot({ path: path.join(SHOTS, "video-session.png") });
    expect(await violations(mediator), "the room with video").toEqual([]);

    const respondent = await page();
    await partySignIn(respondent, RESPONDENT);
    await respondent.goto(`/my/cases/${kase.id}/sessions/${sessionId}/room`);
    await join(respondent);
    for (const p of [mediator, applicant, respondent]) await receivingFrom(p, 2);
    const names = (await stats(mediator)).map((s) => s.name).sort();
    expect(names).toEqual(["刘顺（申请人）", "王桂香（被申请人）"]);

    // Mute: the party's microphone is switched off by their own page.
    await mediator.locator(".video-tile", { hasText: "刘顺" }).getByRole("button", { name: "静音" }).click();
    await expect.poll(() => applicant.locator("#video-mic").textContent()).toBe("取消静音");

    // Remove: the respondent is put out and cannot send signals any more.
    await mediator
      .locator(".video-tile", { hasText: "王桂香" })
      .getByRole("button", { name: "移出" })
      .click();
    await expect.poll(() => respondent.locator("#video-status").textContent()).toContain("移出");
    await expect.poll(async () => (await stats(mediator)).length).toBe(1);

    // End: everyone is disconnected and the session is held.
    await mediator.getByRole("button", { name: "结束调解" }).click();
    await expect.poll(() => applicant.locator("#video-status").textContent()).toContain("结束");
    await expect.poll(() => mediator.getByRole("link", { name: /记录调解笔录/ }).isVisible()).toBe(true);
    const ended = (await ctx.knex("scheduled_sessions").where({ id: sessionId }).first()) as {
      status: string;
      ended_at: string | null;
    };
    expect(ended.status).toBe("held");
    expect(ended.ended_at).not.toBeNull();
  }, 120_000);
});
