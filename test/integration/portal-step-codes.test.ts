/**
 * Fresh SMS codes for a party's step (src/portal/step-codes.ts): `POST /portal/cases/{id}/codes
 * {purpose}` and the web form, bound to phone + case + purpose, the sign-in rules (HMAC, 5
 * minutes, five wrong tries, one a minute and ten a day per phone), verify before and consume
 * inside the step's transaction.
 */
import { createHash } from "node:crypto";
import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StepPurpose } from "../../src/portal/step-codes.js";
import { CaseApi, expectProblem, intakeBody, LONG_TOKENS, person, TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { csrfFrom } from "../support/web.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;
let clerk: CaseApi;
let serial = 0;
const mobile = () => `1386663${String(++serial).padStart(4, "0")}`;
const later = (seconds: number) => clock.set(new Date(clock.now().getTime() + seconds * 1000).toISOString());

async function lastMessage(phone: string, template = "sign_in_code") {
  const row = (await ctx
    .knex("message_outbox")
    .where({ to_phone: phone, template })
    .orderBy("id", "desc")
    .first()) as { params_json: string; text: string; case_id: number | null };
  return { ...row, code: (JSON.parse(row.params_json) as { code: string }).code };
}

async function tokenFor(phone: string): Promise<string> {
  await request(ctx.app).post("/api/v1/portal/auth/code").send({ phone }).expect(202);
  const { code } = await lastMessage(phone);
  const res = await request(ctx.app).post("/api/v1/portal/auth/token").send({ phone, code }).expect(201);
  return (res.body as { token: string }).token;
}

/** A registered case between two parties with fresh mobiles, and a party token for each. */
async function twoPartyCase() {
  const phones = { a: mobile(), r: mobile() };
  const { id, number } = await clerk.create(
    intakeBody({
      parties: [
        person("applicant", "张建国", { phone: phones.a }),
        person("respondent", "王桂香", { phone: phones.r }),
      ],
    }),
  );
  return { id, number, phones, token: await tokenFor(phones.a) };
}

const ask = (token: string, id: number, body: unknown) =>
  request(ctx.app)
    .post(`/api/v1/portal/cases/${id}/codes`)
    .set("Authorization", `Bearer ${token}`)
    .send(body as object);

const codes = () => ctx.services.portal.stepCodes;

/** Verify then consume in a transaction of its own, as a step does. */
async function use(phone: string, id: number, purpose: StepPurpose, code: string): Promise<void> {
  const ticket = await codes().verify(phone, id, purpose, code);
  await ctx.knex.transaction((trx) => codes().consume(trx, ticket));
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a refusal");
    },
    (err: { errors?: { field: string; message: string }[] }) => err.errors?.[0],
  );

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  clerk = await CaseApi.as(ctx.app, "clerk");
});
afterAll(() => ctx?.close());
beforeEach(() => clock.set("2026-12-01T09:00:00+08:00"));

describe("POST /portal/cases/{id}/codes", () => {
  it("queues a code saying what it is for, naming the case, and keeps only its HMAC", async () => {
    const { id, number, phones, token } = await twoPartyCase();
    later(61);
    const res = await ask(token, id, { purpose: "confirm" });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toEqual({ expiresAt: new Date(clock.now().getTime() + 5 * 60_000).toISOString() });
    const sms = await lastMessage(phones.a, "step_code_confirm");
    expect(sms.code).toMatch(/^\d{6}$/);
    expect(sms.case_id).toBe(id);
    expect(sms.text).toBe(
      `您正在同意共同申请司法确认（案件${number}），验证码为${sms.code}，5分钟内有效。请勿告诉他人；如非本人操作，请忽略本短信。`,
    );
    const stored = JSON.stringify(await ctx.knex("party_step_codes").where({ case_id: id }));
    expect(stored).not.toContain(sms.code);
    expect(stored).not.toContain(createHash("sha256").update(sms.code).digest("hex"));

    later(61);
    await ask(token, id, { purpose: "sign" }).expect(202);
    expect((await lastMessage(phones.a, "step_code_sign")).text).toContain(
      `您正在签署调解协议（案件${number}）`,
    );
  });

  it("is 404 for a case of other people and 400 naming purpose for an unknown step", async () => {
    const mine = await twoPartyCase();
    const theirs = await twoPartyCase();
    expectProblem(await ask(mine.token, theirs.id, { purpose: "confirm" }), 404);
    expectProblem(await ask(mine.token, 999_999, { purpose: "confirm" }), 404);
    later(61);
    const bad = expectProblem(await ask(mine.token, mine.id, { purpose: "pay" }), 400);
    expect(bad.errors?.[0]?.field).toBe("purpose");
    expect(bad.errors?.[0]?.message).toContain("用途");
    expect(await ctx.knex("party_step_codes").where({ case_id: theirs.id })).toHaveLength(0);
    // Without a party token: 401.
    await request(ctx.app)
      .post(`/api/v1/portal/cases/${mine.id}/codes`)
      .send({ purpose: "sign" })
      .expect(401);
  });

  it("allows one a minute and ten a day per phone, whatever the step", async () => {
    const { id, token } = await twoPartyCase();
    later(61);
    await ask(token, id, { purpose: "confirm" }).expect(202);
    const soon = await ask(token, id, { purpose: "sign" });
    expect(soon.status).toBe(429);
    expect(Number(soon.headers["retry-after"])).toBe(60);
    expect(soon.body.detail).toBe("验证码已发送，请 60 秒后再获取");
    for (let i = 2; i <= 10; i++) {
      later(61);
      await ask(token, id, { purpose: i % 2 ? "sign" : "confirm" }).expect(202);
    }
    later(61);
    const day = await ask(token, id, { purpose: "confirm" });
    expect(day.status).toBe(429);
    expect(day.body.detail).toContain("今天获取验证码的次数已达上限");
    later(24 * 3600);
    await ask(token, id, { purpose: "confirm" }).expect(202);
  });
});

describe("verify and consume", () => {
  it("is right once, for its own case and step only", async () => {
    const a = await twoPartyCase();
    const b = await twoPartyCase();
    later(61);
    await ask(a.token, a.id, { purpose: "confirm" }).expect(202);
    const { code } = await lastMessage(a.phones.a, "step_code_confirm");
    // Not for signing, not for another case, not for another phone, not for signing in.
    expect((await refusal(codes().verify(a.phones.a, a.id, "sign", code)))?.field).toBe("code");
    await expect(codes().verify(a.phones.a, b.id, "confirm", code)).rejects.toThrow("验证码已失效");
    await expect(codes().verify(a.phones.r, a.id, "confirm", code)).rejects.toThrow("验证码已失效");
    await request(ctx.app).post("/api/v1/portal/auth/token").send({ phone: a.phones.a, code }).expect(401);

    await use(a.phones.a, a.id, "confirm", code);
    const again = await refusal(use(a.phones.a, a.id, "confirm", code));
    expect(again).toEqual({ field: "code", message: "验证码已失效，请重新获取" });
  });

  it("stays unused when the step's transaction fails, and one of two racing uses wins", async () => {
    const { id, phones, token } = await twoPartyCase();
    later(61);
    await ask(token, id, { purpose: "sign" }).expect(202);
    const { code } = await lastMessage(phones.a, "step_code_sign");
    const ticket = await codes().verify(phones.a, id, "sign", code);
    await expect(
      ctx.knex.transaction(async (trx) => {
        await codes().consume(trx, ticket);
        throw new Error("the step refused");
      }),
    ).rejects.toThrow("the step refused");
    const [t1, t2] = [
      await codes().verify(phones.a, id, "sign", code),
      await codes().verify(phones.a, id, "sign", code),
    ];
    await ctx.knex.transaction((trx) => codes().consume(trx, t1));
    await expect(ctx.knex.transaction((trx) => codes().consume(trx, t2))).rejects.toThrow("验证码已失效");
  });

  it("goes void after five wrong tries or five minutes; a new code replaces the open one", async () => {
    const { id, phones, token } = await twoPartyCase();
    later(61);
    await ask(token, id, { purpose: "confirm" }).expect(202);
    const { code } = await lastMessage(phones.a, "step_code_confirm");
    const wrong = code === "000000" ? "111111" : "000000";
    const messages: string[] = [];
    for (let i = 0; i < 5; i++)
      messages.push((await refusal(codes().verify(phones.a, id, "confirm", wrong)))!.message);
    expect(messages[0]).toBe("验证码不正确，还可以再试 4 次");
    expect(messages[4]).toBe("验证码错误次数过多，已失效，请重新获取");
    await expect(codes().verify(phones.a, id, "confirm", code)).rejects.toThrow("验证码已失效");
    expect((await refusal(codes().verify(phones.a, id, "confirm", "12a")))?.message).toContain("6 位数字");

    later(61);
    await ask(token, id, { purpose: "confirm" }).expect(202);
    const first = (await lastMessage(phones.a, "step_code_confirm")).code;
    later(61);
    await ask(token, id, { purpose: "confirm" }).expect(202);
    const second = (await lastMessage(phones.a, "step_code_confirm")).code;
    if (first !== second)
      await expect(codes().verify(phones.a, id, "confirm", first)).rejects.toThrow("验证码");
    later(5 * 60 + 1);
    await expect(codes().verify(phones.a, id, "confirm", second)).rejects.toThrow("验证码已失效");
  });
});

describe("the web form POST /my/cases/{id}/codes", () => {
  async function webAgent(phone: string, caseId: number) {
    const agent = request.agent(ctx.app);
    const login = await agent.get("/my/login").expect(200);
    const step2 = await agent
      .post("/my/login/code")
      .type("form")
      .send({ _csrf: csrfFrom(login.text), phone });
    const { code } = await lastMessage(phone);
    await agent
      .post("/my/login")
      .type("form")
      .send({ _csrf: csrfFrom(step2.text), phone, code })
      .expect(303);
    const home = await agent.get(`/my/cases/${caseId}`);
    expect(home.status, home.text.slice(0, 3000)).toBe(200);
    return { agent, csrf: csrfFrom(home.text) };
  }

  it("goes back to the step's page saying the code was sent, or how long to wait; JSON for scripts", async () => {
    const { id, phones } = await twoPartyCase();
    const { agent, csrf } = await webAgent(phones.r, id);
    later(61);
    const sent = await agent
      .post(`/my/cases/${id}/codes`)
      .type("form")
      .send({ _csrf: csrf, purpose: "confirm" });
    expect(sent.status, sent.text).toBe(303);
    expect(sent.headers.location).toBe(`/my/cases/${id}/confirmation?code=sent#code`);
    const limited = await agent
      .post(`/my/cases/${id}/codes`)
      .type("form")
      .send({ _csrf: csrf, purpose: "sign" });
    expect(limited.headers.location).toBe(`/my/cases/${id}/agreement?code=limited&wait=60#code`);
    later(61);
    const json = await agent
      .post(`/my/cases/${id}/codes`)
      .set("Accept", "application/json")
      .set("X-CSRF-Token", csrf)
      .type("form")
      .send({ purpose: "sign" });
    expect(json.status, json.text).toBe(202);
    expect(json.body.expiresAt).toBeTruthy();
    // Without the CSRF token nothing is sent.
    later(61);
    const before = await ctx.knex("party_step_codes").where({ phone: phones.r });
    await agent.post(`/my/cases/${id}/codes`).type("form").send({ purpose: "confirm" }).expect(403);
    expect(await ctx.knex("party_step_codes").where({ phone: phones.r })).toHaveLength(before.length);
  });
});
