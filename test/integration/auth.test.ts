import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../support/context.js";
import { csrfFrom, loginAs } from "../support/web.js";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe("login and logout", () => {
  it("sends an anonymous visitor to the login page", async () => {
    const res = await request(ctx.app).get("/").expect(302);
    expect(res.headers.location).toBe("/login?next=%2F");
  });

  it("refuses a wrong password with a clear message and keeps the username", async () => {
    const agent = request.agent(ctx.app);
    const page = await agent.get("/login").expect(200);
    const res = await agent
      .post("/login")
      .type("form")
      .send({ _csrf: csrfFrom(page.text), username: "clerk", password: "wrong-password" })
      .expect(401);
    expect(res.text).toContain("用户名或密码错误");
    expect(res.text).toContain('value="clerk"');
  });

  it("refuses a login form without its CSRF token", async () => {
    const agent = request.agent(ctx.app);
    await agent.get("/login").expect(200);
    const res = await agent.post("/login").type("form").send({ username: "clerk", password: "demo1234" });
    expect(res.status).toBe(403);
    expect(res.text).toContain("表单已过期");
  });

  it("logs in, stores the session in the database, and logs out", async () => {
    const agent = await loginAs(ctx.app, "clerk");
    const home = await agent.get("/").expect(200);
    expect(home.text).toContain("登记员工作台");
    const sessions = await ctx.knex("sessions").count({ n: "*" }).first();
    expect(Number(sessions?.n)).toBeGreaterThan(0);
    await agent
      .post("/logout")
      .type("form")
      .send({ _csrf: csrfFrom(home.text) })
      .expect(303);
    await agent.get("/").expect(302);
  });

  it("sets hardened cookies and security headers", async () => {
    const res = await request(ctx.app).get("/login").expect(200);
    expect(String(res.headers["set-cookie"])).toMatch(/HttpOnly/);
    expect(String(res.headers["set-cookie"])).toMatch(/SameSite=Lax/);
    expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });

  it("follows only same-site paths after login", async () => {
    const agent = request.agent(ctx.app);
    const page = await agent.get("/login").expect(200);
    const res = await agent
      .post("/login")
      .type("form")
      .send({
        _csrf: csrfFrom(page.text),
        username: "officer",
        password: "demo1234",
        next: "//evil.example/",
      })
      .expect(303);
    expect(res.headers.location).toBe("/");
  });

  it("keeps a deactivated user out", async () => {
    await ctx.knex("users").where({ username: "clerk2" }).update({ active: false });
    const agent = request.agent(ctx.app);
    const page = await agent.get("/login");
    await agent
      .post("/login")
      .type("form")
      .send({ _csrf: csrfFrom(page.text), username: "clerk2", password: "demo1234" })
      .expect(401);
    await ctx.knex("users").where({ username: "clerk2" }).update({ active: true });
  });
});

describe("login rate limit", () => {
  it("answers 429 after too many failed attempts for one username", async () => {
    const limited = await createTestContext({ config: { loginRateLimit: { max: 3, windowMs: 60_000 } } });
    try {
      const agent = request.agent(limited.app);
      const token = csrfFrom((await agent.get("/login")).text);
      const attempt = () =>
        agent.post("/login").type("form").send({ _csrf: token, username: "judge", password: "guess" });
      for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
      const blocked = await attempt();
      expect(blocked.status).toBe(429);
      expect(blocked.text).toContain("登录尝试次数过多");
      const api = await request(limited.app)
        .post("/api/v1/auth/token")
        .send({ username: "x", password: "y" });
      expect(api.status).toBe(401);
    } finally {
      await limited.close();
    }
  });
});

describe("health", () => {
  it("reports the database reachable", async () => {
    const res = await request(ctx.app).get("/healthz").expect(200);
    expect(res.body).toEqual({ status: "ok", database: "ok" });
  });
});

describe("text size", () => {
  it("toggles 大字 with a cookie that survives logout", async () => {
    const agent = request.agent(ctx.app);
    const page = await agent.get("/login");
    expect(page.text).not.toContain('class="text-large"');
    await agent
      .post("/preferences/text-size")
      .type("form")
      .send({ _csrf: csrfFrom(page.text), returnTo: "/login" })
      .expect(303);
    expect((await agent.get("/login")).text).toContain('class="text-large"');
  });
});
