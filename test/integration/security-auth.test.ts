import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseApi, countRows, intakeBody, person } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { apiToken, csrfFrom, csrfOf, loginAs, type Agent } from "../support/web.js";

/**
 * Issue 14: M1 (no names across scopes in the duplicate-party warning), M2 (a password reset ends
 * web sessions), M4 (one failed-login count per username across web and API, a per-address limit,
 * a password policy, audited lockouts), L2 (no stored sessions for anonymous visitors), L10
 * (audited logins and tokens, token revocation, signing a user out everywhere, an absolute
 * session lifetime).
 */

let ctx: TestContext;
let admin: Agent;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await loginAs(ctx.app, "admin");
});

afterAll(async () => {
  await ctx.close();
});

const userId = async (username: string) =>
  Number(((await ctx.knex("users").where({ username }).first()) as { id: number }).id);
const sessionsOf = async (id: number) =>
  (await ctx.knex("sessions").select("sess")).filter((r: { sess: unknown }) => {
    const sess = (typeof r.sess === "string" ? JSON.parse(r.sess) : r.sess) as {
      passport?: { user?: number };
    };
    return sess.passport?.user === id;
  }).length;
/** A signed-in page: 200, or a redirect to the login form once the session has ended. */
const signedIn = async (agent: Agent) => (await agent.get("/")).status === 200;

describe("failed logins (M4)", () => {
  it("counts one username across the web form and the API, locks it, and audits the lockout", async () => {
    const limited = await createTestContext({
      config: { loginRateLimit: { max: 4, windowMs: 15 * 60_000, perIp: 100 } },
    });
    try {
      const web = request.agent(limited.app);
      const token = csrfFrom((await web.get("/login")).text);
      const viaWeb = (password: string) =>
        web.post("/login").type("form").send({ _csrf: token, username: "judge", password });
      const viaApi = (password: string) =>
        request(limited.app).post("/api/v1/auth/token").send({ username: "JUDGE", password });
      expect((await viaWeb("guess1")).status).toBe(401);
      expect((await viaApi("guess2")).status).toBe(401);
      expect((await viaWeb("guess3")).status).toBe(401);
      expect((await viaApi("guess4")).status).toBe(401);
      // Locked: even the right password is refused, on both.
      const api = await viaApi("demo1234");
      expect(api.status).toBe(429);
      expect(api.headers["retry-after"]).toMatch(/^\d+$/);
      const page = await viaWeb("demo1234");
      expect(page.status).toBe(429);
      expect(page.text).toContain("登录尝试次数过多");
      const judge = (await limited.knex("users").where({ username: "judge" }).first()) as { id: number };
      const lockouts = await limited.knex("audit_events").where({ action: "auth.lockout" });
      expect(lockouts).toHaveLength(1);
      expect(lockouts[0]).toMatchObject({ entity_type: "user", entity_id: String(judge.id) });
      expect(await countRows(limited.knex, "audit_events", { action: "auth.failure" })).toBe(4);
      // Another user from the same address is not affected.
      await apiToken(limited.app, "clerk");
    } finally {
      await limited.close();
    }
  });

  it("limits failures from one address across usernames", async () => {
    const limited = await createTestContext({
      config: { loginRateLimit: { max: 100, windowMs: 15 * 60_000, perIp: 5 } },
    });
    try {
      for (let i = 0; i < 5; i++) {
        const res = await request(limited.app)
          .post("/api/v1/auth/token")
          .send({ username: `guess${i}`, password: "12345678" });
        expect(res.status).toBe(401);
      }
      const blocked = await request(limited.app)
        .post("/api/v1/auth/token")
        .send({ username: "clerk", password: "demo1234" });
      expect(blocked.status).toBe(429);
      expect(
        await countRows(limited.knex, "audit_events", { action: "auth.lockout", entity_type: "client" }),
      ).toBe(1);
    } finally {
      await limited.close();
    }
  });

  it("refuses common and short new passwords; the demo password still signs in", async () => {
    const judge = (await ctx.knex("users").where({ username: "judge" }).first()) as {
      id: number;
      version: number;
    };
    for (const password of ["12345678", "password", "88888888", "qwerty123", "abc123"]) {
      const res = await admin
        .post(`/admin/users/${judge.id}/password`)
        .type("form")
        .send({ _csrf: await csrfOf(admin), version: judge.version, password });
      expect(res.status, password).toBe(400);
      expect(res.text).toMatch(/过于常见|至少 8 位|同一个字符/);
    }
    const created = await admin
      .post("/admin/users")
      .type("form")
      .send({
        _csrf: await csrfOf(admin),
        username: "laowang",
        password: "laowang2026",
        displayName: "老王",
        organisationId: String((await ctx.knex("organisations").first("id")).id),
        roles: "officer",
      });
    expect(created.status).toBe(400);
    expect(created.text).toContain("密码不能包含用户名");
    await loginAs(ctx.app, "judge", "demo1234");
  });
});

describe("sessions and tokens (M2, L2, L10)", () => {
  it("ends the user's web sessions, as well as API tokens, when an admin resets the password", async () => {
    const mediator = await loginAs(ctx.app, "mediator");
    const token = await apiToken(ctx.app, "mediator");
    const id = await userId("mediator");
    expect(await sessionsOf(id)).toBe(1);
    const { version } = (await ctx.knex("users").where({ id }).first()) as { version: number };
    await admin
      .post(`/admin/users/${id}/password`)
      .type("form")
      .send({ _csrf: await csrfOf(admin), version, password: "Tiaojie-Mediator-7" })
      .expect(303);
    expect(await sessionsOf(id)).toBe(0);
    expect(await signedIn(mediator)).toBe(false);
    await request(ctx.app).get("/api/v1/me").set("Authorization", `Bearer ${token}`).expect(401);
    expect(await signedIn(admin)).toBe(true);
  });

  it("stores no session for anonymous visitors, and the login form's CSRF check still holds", async () => {
    const before = await countRows(ctx.knex, "sessions");
    const visitor = request.agent(ctx.app);
    for (let i = 0; i < 20; i++) await visitor.get("/login").expect(200);
    await request(ctx.app).get("/login").expect(200);
    expect(await countRows(ctx.knex, "sessions")).toBe(before);
    // Without a token, or with another visitor's token: refused.
    const form = { username: "clerk", password: "demo1234", next: "/" };
    await visitor.post("/login").type("form").send(form).expect(403);
    const other = csrfFrom((await request(ctx.app).get("/login")).text);
    await visitor
      .post("/login")
      .type("form")
      .send({ ...form, _csrf: other })
      .expect(403);
    expect(await countRows(ctx.knex, "sessions")).toBe(before);
    // With its own token it signs in, and only now is a session stored.
    const own = csrfFrom((await visitor.get("/login")).text);
    await visitor
      .post("/login")
      .type("form")
      .send({ ...form, _csrf: own })
      .expect(303);
    expect(await countRows(ctx.knex, "sessions")).toBe(before + 1);
    expect(await signedIn(visitor)).toBe(true);
  });

  it("audits logins, failures and token issuance; DELETE /auth/token revokes the calling token", async () => {
    const id = await userId("officer");
    const audited = (action: string) =>
      countRows(ctx.knex, "audit_events", { action, entity_id: String(id) });
    const [logins, failures, tokens] = [
      await audited("auth.login"),
      await audited("auth.failure"),
      await audited("auth.token"),
    ];
    await request(ctx.app)
      .post("/api/v1/auth/token")
      .send({ username: "officer", password: "wrong-one" })
      .expect(401);
    const token = await apiToken(ctx.app, "officer");
    const other = await apiToken(ctx.app, "officer");
    expect(await audited("auth.login")).toBe(logins + 2);
    expect(await audited("auth.failure")).toBe(failures + 1);
    expect(await audited("auth.token")).toBe(tokens + 2);
    const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
    await request(ctx.app).delete("/api/v1/auth/token").set(bearer(token)).expect(204);
    await request(ctx.app).get("/api/v1/me").set(bearer(token)).expect(401);
    await request(ctx.app).get("/api/v1/me").set(bearer(other)).expect(200);
    expect(await audited("auth.token.revoke")).toBe(1);
  });

  it("lets an admin sign a user out everywhere: sessions and tokens end, audited", async () => {
    const clerk = await loginAs(ctx.app, "clerk2");
    const token = await apiToken(ctx.app, "clerk2");
    const id = await userId("clerk2");
    const page = await admin.get(`/admin/users/${id}`).expect(200);
    expect(page.text).toContain("在所有地方退出登录");
    const res = await admin
      .post(`/admin/users/${id}/sign-out`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    expect((await admin.get(res.headers.location!)).text).toContain("结束网页会话 1 个、接口令牌 1 个");
    expect(await signedIn(clerk)).toBe(false);
    await request(ctx.app).get("/api/v1/me").set("Authorization", `Bearer ${token}`).expect(401);
    expect(
      await countRows(ctx.knex, "audit_events", { action: "auth.signout_everywhere", entity_id: String(id) }),
    ).toBe(1);
    // The user can sign in again with the same password.
    expect(await signedIn(await loginAs(ctx.app, "clerk2"))).toBe(true);
  });

  it("ends a session 12 hours after sign-in however active it is", async () => {
    const director = await loginAs(ctx.app, "director");
    const id = await userId("director");
    expect(await signedIn(director)).toBe(true);
    const rows = (await ctx.knex("sessions").select("sid", "sess")) as { sid: string; sess: unknown }[];
    const row = rows.find((r) =>
      String(typeof r.sess === "string" ? r.sess : JSON.stringify(r.sess)).includes(`"user":${id}`),
    )!;
    const sess = (typeof row.sess === "string" ? JSON.parse(row.sess) : row.sess) as { loginAt: number };
    expect(sess.loginAt).toBeGreaterThan(Date.now() - 60_000);
    await ctx
      .knex("sessions")
      .where({ sid: row.sid })
      .update({ sess: JSON.stringify({ ...sess, loginAt: Date.now() - 11 * 3600_000 }) });
    expect(await signedIn(director)).toBe(true);
    await ctx
      .knex("sessions")
      .where({ sid: row.sid })
      .update({ sess: JSON.stringify({ ...sess, loginAt: Date.now() - 13 * 3600_000 }) });
    expect(await signedIn(director)).toBe(false);
  });
});

describe("duplicate-party warning across scopes (M1)", () => {
  it("says only that an open case exists elsewhere, never whose or which committee", async () => {
    const clerk = await CaseApi.as(ctx.app, "clerk");
    const clerk2 = await CaseApi.as(ctx.app, "clerk2");
    await clerk.create(
      intakeBody({
        parties: [person("applicant", "秘密张三", { phone: "13912345678" }), person("respondent", "王桂香")],
      }),
    );
    const res = await clerk2.intake(
      intakeBody({
        regionCode: "430212101202",
        parties: [person("applicant", "张叁", { phone: "13912345678" }), person("respondent", "刘芳")],
      }),
    );
    expect(res.status, res.text).toBe(201);
    const warnings = (res.body as { warnings: { kind: string; message: string }[] }).warnings;
    expect(warnings).toEqual([{ kind: "open_case", message: "有当事人在其他调解组织另有未结案件" }]);
    expect(JSON.stringify(warnings)).not.toMatch(/秘密张三|北洲/);
  });
});
