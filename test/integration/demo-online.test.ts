/**
 * The demo's 不见面调解 (src/demo/online-cases.ts): after the case history, the demo villager's case
 * in mediation has an online session tomorrow 09:30 on the mediator's desk and on /my, and a second
 * case of theirs has its written agreement out for signing — through the real actions (hash, SMS).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_OTHER_SIDE_PHONE, DEMO_PARTY_PHONE, seedDemoHistory } from "../../src/demo/history.js";
import { seedDemoOnline } from "../../src/demo/online-cases.js";
import { TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";

const clock = new TestClock("2026-12-01T07:10:00+08:00");
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  await seedDemoHistory(ctx.knex, clock);
  expect(
    await seedDemoOnline(ctx.knex, clock, {
      messages: ctx.services.messages,
      publicUrl: ctx.services.config.publicUrl,
    }),
  ).toBe(true);
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

describe("the demo villager's online mediation", () => {
  it("has a session tomorrow 09:30 online, on /my and on 王德明's desk", async () => {
    const sessions = (await ctx.knex("scheduled_sessions")) as { case_id: number; starts_at: string }[];
    expect(sessions.map((s) => s.starts_at)).toEqual(["2026-12-02T01:30:00.000Z"]);
    const caseId = Number(sessions[0]!.case_id);
    const detail = await ctx.services.partyCase.detail(DEMO_PARTY_PHONE, caseId);
    expect(detail.nextStep).toContain("调解定于12月2日 09:30在线上视频进行");
    const wang = (await ctx.knex("users").where({ username: "mediator" }).first("id")) as { id: number };
    const desk = await ctx.services.video.schedule.forMediator(Number(wang.id));
    expect(desk.map((s) => s.caseId)).toEqual([caseId]);
    const sms = (await ctx
      .knex("message_outbox")
      .where({ case_id: caseId, template: "session_scheduled" })
      .orderBy("to_phone")) as { to_phone: string }[];
    expect(sms.map((m) => m.to_phone)).toEqual([DEMO_PARTY_PHONE, DEMO_OTHER_SIDE_PHONE]);
  });

  it("has a second case in mediation with the written agreement out for signing", async () => {
    const row = (await ctx.knex("agreements").where({ status: "signing" }).first()) as {
      case_id: number;
      signing_hash: string;
    };
    const kase = await ctx.services.partyCase.detail(DEMO_PARTY_PHONE, Number(row.case_id));
    expect(kase.status).toBe("in_mediation");
    expect(kase.nextStep).toBe("调解协议已拟好，请阅读协议全文，在手机上手写签名并输入短信验证码");
    expect(row.signing_hash).toMatch(/^[0-9a-f]{64}$/);
    const ready = (await ctx
      .knex("message_outbox")
      .where({ case_id: row.case_id, template: "agreement_ready" })
      .orderBy("to_phone")) as { to_phone: string }[];
    expect(ready.map((m) => m.to_phone)).toEqual([DEMO_PARTY_PHONE, DEMO_OTHER_SIDE_PHONE]);
  });
});
