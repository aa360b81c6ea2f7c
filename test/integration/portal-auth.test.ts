/**
 * A party's sign-in (api.md "People in the dispute"): codes by SMS through the outbox, rate limits,
 * five wrong tries, codes and tokens stored hashed, party tokens that no staff route accepts, and
 * the /my pages on a session of their own.
 */
import { createHash } from "node:crypto";
import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listRoutes } from "../../src/http/route-list.js";
import { intakeBody, person, TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { apiToken, csrfFrom, loginAs } from "../support/web.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;
const PHONE = "13912345678";

beforeAll(async () => {
  ctx = await createTestContext({ clock });
});
afterAll(() => ctx?.close());
beforeEach(async () => {
  clock.set("2026-12-01T09:00:00+08:00");
  await ctx.knex("party_sign_in_codes").delete();
  await ctx.knex("message_outbox").delete();
});

const askCode = (phone: unknown, ip?: string) => {
  const r = request(ctx.app).post("/api/v1/portal/auth/code");
  if (ip) r.set("X-Forwarded-For", ip);
  return r.send({ phone });
};
const signIn = (phone: string, code: string) =>
  request(ctx.app).post("/api/v1/portal/auth/token").send({ phone, code });
const later = (seconds: number) => clock.set(new Date(clock.now().getTime() + seconds * 1000).toISOString());

/** The code as the SMS carries it (the outbox is the one place it is kept, until sent). */
async function lastCode(phone: string): Promise<string> {
  const row = (await ctx
    .knex("message_outbox")
    .where({ to_phone: phone, template: "sign_in_code" })
    .orderBy("id", "desc")
    .first()) as { params_json: string };
  return (JSON.parse(row.params_json) as { code: string }).code;
}

describe("POST /portal/auth/code and /portal/auth/token", () => {
  it("queues a 6-digit code valid 5 minutes and keeps only its HMAC", async () => {
    const res = await askCode("+86 139-1234-5678");
    expect(res.status, res.text).toBe(202);
    expect(res.body.expiresAt).toBe(new Date(clock.now().getTime() + 5 * 60_000).toISOString());
    const code = await lastCode(PHONE);
    expect(code).toMatch(/^\d{6}$/);
    const outbox = (await ctx.knex("message_outbox").where({ to_phone: PHONE }).first()) as { text: string };
    expect(outbox.text).toBe(`您的验证码为${code}，5分钟内有效。请勿告诉他人；如非本人操作，请忽略本短信。`);
    const stored = JSON.stringify(await ctx.knex("party_sign_in_codes").select("*"));
    expect(stored).not.toContain(code);
    expect(stored).not.toContain(createHash("sha256").update(code).digest("hex"));

    const token = await signIn(PHONE, code);
    expect(token.status, token.text).toBe(201);
    expect(Object.keys(token.body).sort()).toEqual(["expiresAt", "token"]);
    const tokens = JSON.stringify(await ctx.knex("party_tokens").select("*"));
    expect(tokens).not.toContain(token.body.token);
    // A code signs in once.
    expect((await signIn(PHONE, code)).status).toBe(401);
  });

  it("refuses a number that is not a mainland mobile, naming 手机号", async () => {
    for (const phone of ["12345", "0731-22223333", "23912345678", undefined]) {
      const res = await askCode(phone);
      expect(res.status).toBe(400);
      expect(res.type).toBe("application/problem+json");
      expect(res.body.errors[0]).toMatchObject({ field: "phone" });
      expect(res.body.errors[0].message).toContain("手机号");
    }
    const res = await signIn(PHONE, "12ab");
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: "code" });
  });

  it("sends at most one code a minute and ten a day per phone", async () => {
    expect((await askCode(PHONE)).status).toBe(202);
    const again = await askCode(PHONE);
    expect(again.status).toBe(429);
    expect(Number(again.get("Retry-After"))).toBeGreaterThan(0);
    expect(again.body.detail).toContain("秒后");
    for (let i = 2; i <= 10; i++) {
      later(61);
      expect((await askCode(PHONE)).status, `code ${i}`).toBe(202);
    }
    later(61);
    const eleventh = await askCode(PHONE);
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.detail).toContain("明天");
    const sent = await ctx.knex("message_outbox").where({ to_phone: PHONE });
    expect(sent).toHaveLength(10);
    later(24 * 3600);
    expect((await askCode(PHONE)).status).toBe(202);
  });

  it("limits the codes one address asks for, whatever the phones", async () => {
    const limits = (ctx.services.portal.signIn as unknown as { limits: { perIpPerHour: number } }).limits;
    for (let i = 0; i < limits.perIpPerHour; i++) {
      expect((await askCode(`1370000${String(i).padStart(4, "0")}`)).status).toBe(202);
    }
    const res = await askCode("13799999999");
    expect(res.status).toBe(429);
    expect(res.body.detail).toContain("分钟后");
  });

  it("voids a code after five wrong tries", async () => {
    await askCode(PHONE);
    const code = await lastCode(PHONE);
    const wrong = code === "000000" ? "000001" : "000000";
    for (let left = 4; left >= 1; left--) {
      const res = await signIn(PHONE, wrong);
      expect(res.status).toBe(401);
      expect(res.body.detail).toContain(`还可以再试 ${left} 次`);
    }
    expect((await signIn(PHONE, wrong)).body.detail).toContain("错误次数过多");
    const right = await signIn(PHONE, code);
    expect(right.status).toBe(401);
    expect(right.body.detail).toContain("已失效");
  });

  it("lets a code expire after 5 minutes", async () => {
    await askCode(PHONE);
    const code = await lastCode(PHONE);
    later(5 * 60 + 1);
    expect((await signIn(PHONE, code)).status).toBe(401);
  });
});

describe("party tokens and staff tokens", () => {
  async function partyToken(phone: string): Promise<string> {
    await askCode(phone);
    const res = await signIn(phone, await lastCode(phone));
    expect(res.status).toBe(201);
    return res.body.token as string;
  }

  it("are never taken for each other", async () => {
    const token = await partyToken(PHONE);
    const staffRoutes = listRoutes((ctx.app as unknown as { router: { stack: unknown[] } }).router).filter(
      (r) =>
        r.path.startsWith("/api/v1/") &&
        !r.path.startsWith("/api/v1/portal/") &&
        r.path !== "/api/v1/auth/token",
    );
    expect(staffRoutes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const route of staffRoutes) {
      const path = route.path.replace(/:[A-Za-z]+/g, "1");
      const m = route.method.toLowerCase() as "get" | "post" | "put" | "patch" | "delete";
      const res = await request(ctx.app)[m](path).set("Authorization", `Bearer ${token}`).send({});
      if (![401, 404].includes(res.status)) failures.push(`${route.method} ${path} → ${res.status}`);
    }
    expect(failures).toEqual([]);

    const staff = await apiToken(ctx.app, "clerk");
    expect(
      (await request(ctx.app).get("/api/v1/portal/cases").set("Authorization", `Bearer ${staff}`)).status,
    ).toBe(401);
    const mine = await request(ctx.app).get("/api/v1/portal/cases").set("Authorization", `Bearer ${token}`);
    expect(mine.status).toBe(200);
  });

  it("show a party the cases in which a party or an agent has their phone, in plain words", async () => {
    const clerk = await apiToken(ctx.app, "clerk");
    const body = intakeBody({
      parties: [person("applicant", "张建国", { phone: "139 1234 5678" }), person("respondent", "王桂香")],
    });
    const created = await request(ctx.app)
      .post("/api/v1/cases")
      .set("Authorization", `Bearer ${clerk}`)
      .send(body);
    expect(created.status, created.text).toBe(201);
    const token = await partyToken(PHONE);
    const res = await request(ctx.app).get("/api/v1/portal/cases").set("Authorization", `Bearer ${token}`);
    expect(res.body).toEqual([
      expect.objectContaining({
        id: created.body.id,
        number: created.body.number,
        status: "intake",
        statusText: "已收到，等待调解委员会决定是否受理",
      }),
    ]);
    const stranger = await partyToken("13700001111");
    expect(
      (await request(ctx.app).get("/api/v1/portal/cases").set("Authorization", `Bearer ${stranger}`)).body,
    ).toEqual([]);
  });
});

describe("/my: the parties' pages", () => {
  it("signs a party in by phone and code, on a session apart from a staff sign-in in the same browser", async () => {
    const agent = await loginAs(ctx.app, "clerk");
    const login = await agent.get("/my/login").expect(200);
    expect(login.text).toContain("获取验证码");
    expect(login.text).not.toContain("张秀英"); // no staff user on the parties' pages
    const bad = await agent
      .post("/my/login/code")
      .type("form")
      .send({ _csrf: csrfFrom(login.text), phone: "123" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("手机号应为 11 位");
    const step2 = await agent
      .post("/my/login/code")
      .type("form")
      .send({ _csrf: csrfFrom(login.text), phone: PHONE });
    expect(step2.status).toBe(200);
    expect(step2.text).toContain("短信验证码");
    const wrong = await agent
      .post("/my/login")
      .type("form")
      .send({
        _csrf: csrfFrom(step2.text),
        phone: PHONE,
        code: "000000" === (await lastCode(PHONE)) ? "111111" : "000000",
      });
    expect(wrong.status).toBe(401);
    const done = await agent
      .post("/my/login")
      .type("form")
      .send({ _csrf: csrfFrom(wrong.text), phone: PHONE, code: await lastCode(PHONE) });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe("/my");
    const my = await agent.get("/my").expect(200);
    expect(my.text).toContain("我的纠纷");
    expect(my.text).toContain("139****5678");
    // The staff sign-in is still there, and still the staff's.
    const home = await agent.get("/").expect(200);
    expect(home.text).toContain("张秀英");
    // Signing the party out leaves the staff signed in.
    await agent
      .post("/my/logout")
      .type("form")
      .send({ _csrf: csrfFrom(my.text) })
      .expect(303);
    expect((await agent.get("/my")).headers.location).toBe("/my/login");
    expect((await agent.get("/").expect(200)).text).toContain("张秀英");
  });

  it("sends a visitor who has not signed in to /my/login", async () => {
    const res = await request(ctx.app).get("/my");
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/my/login");
  });
});
