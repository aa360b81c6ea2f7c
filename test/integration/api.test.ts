import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../support/context.js";
import { apiToken } from "../support/web.js";

let ctx: TestContext;
let token: string;
beforeAll(async () => {
  ctx = await createTestContext();
  token = await apiToken(ctx.app, "clerk");
});
afterAll(() => ctx.close());

const get = (path: string, bearer = token) =>
  request(ctx.app).get(`/api/v1${path}`).set("Authorization", `Bearer ${bearer}`);

function expectProblem(res: request.Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers["content-type"]).toContain("application/problem+json");
  const body = JSON.parse(res.text) as { status: number; title: string; detail: string };
  expect(body.status).toBe(status);
  expect(body.title).toBeTruthy();
  expect(body.detail).toBeTruthy();
  return body;
}

describe("tokens", () => {
  it("issues a token with its expiry", async () => {
    const res = await request(ctx.app)
      .post("/api/v1/auth/token")
      .send({ username: "judge", password: "demo1234" })
      .expect(201);
    expect(res.body.token).toMatch(/^[\w-]{40,}$/);
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now());
    const stored = await ctx.knex("api_tokens").pluck("token_hash");
    expect(stored).not.toContain(res.body.token);
  });

  it("refuses a wrong password and a body without fields", async () => {
    expectProblem(
      await request(ctx.app).post("/api/v1/auth/token").send({ username: "judge", password: "x" }),
      401,
    );
    const res = await request(ctx.app).post("/api/v1/auth/token").send({});
    const body = expectProblem(res, 400) as unknown as { errors: { field: string }[] };
    expect(body.errors.map((e) => e.field).sort()).toEqual(["password", "username"]);
  });

  it("answers 401 for a missing, bad or expired token", async () => {
    expectProblem(await request(ctx.app).get("/api/v1/me"), 401);
    expectProblem(await get("/me", "not-a-token"), 401);
    const user = await ctx.knex("users").where({ username: "mediator" }).first();
    const { token: old } = await ctx.services.auth.issueToken(user.id);
    await ctx
      .knex("api_tokens")
      .update({ expires_at: "2000-01-01T00:00:00.000Z" })
      .where({ user_id: user.id });
    expectProblem(await get("/me", old), 401);
  });

  it("ignores the session cookie: the API needs its token", async () => {
    const res = await request(ctx.app).get("/api/v1/regions");
    expectProblem(res, 401);
  });
});

describe("reference data", () => {
  it("GET /me describes the caller", async () => {
    const res = await get("/me").expect(200);
    expect(res.body).toMatchObject({ username: "clerk", displayName: "张秀英", roles: ["clerk"] });
    expect(typeof res.body.organisationId).toBe("number");
  });

  it("GET /regions walks the tree", async () => {
    expect((await get("/regions").expect(200)).body).toEqual([
      { code: "430000000000", name: "湖南省", level: "province", parentCode: null },
    ]);
    const towns = (await get("/regions?parent=430212000000").expect(200)).body as { name: string }[];
    expect(towns.map((t) => t.name)).toEqual(["渌口镇", "南洲镇"]);
    expectProblem(await get("/regions?parent=999999999999"), 400);
  });

  it("GET /organisations filters by kind and region subtree", async () => {
    const courts = (await get("/organisations?kind=court").expect(200)).body as { name: string }[];
    expect(courts.map((c) => c.name)).toEqual(["株洲市渌口区人民法院"]);
    const nanzhou = (await get("/organisations?region=430212101000").expect(200)).body as { name: string }[];
    expect(nanzhou.map((o) => o.name).sort()).toEqual(
      [
        "北洲村人民调解委员会",
        "洲坪村人民调解委员会",
        "南洲镇人民调解委员会",
        "南洲镇司法所",
        "南洲镇综治中心",
      ].sort(),
    );
    const bad = expectProblem(await get("/organisations?kind=bank&region=12"), 400) as unknown as {
      errors: { field: string }[];
    };
    expect(bad.errors.map((e) => e.field).sort()).toEqual(["kind", "region"]);
  });

  it("GET /dispute-types lists the ministry's types in order", async () => {
    const types = (await get("/dispute-types").expect(200)).body as { code: string; name: string }[];
    expect(types).toHaveLength(15);
    expect(types[0]).toEqual({ code: "marriage_family", name: "婚姻家庭" });
    expect(types.at(-1)).toEqual({ code: "other", name: "其他" });
  });

  it("answers an unknown path, bad JSON and an oversized body as problems", async () => {
    expectProblem(await get("/nothing-here"), 404);
    expectProblem(
      await request(ctx.app).post("/api/v1/auth/token").set("Content-Type", "application/json").send("{bad"),
      400,
    );
    const huge = JSON.stringify({ username: "x".repeat(300_000), password: "y" });
    expectProblem(
      await request(ctx.app).post("/api/v1/auth/token").set("Content-Type", "application/json").send(huge),
      413,
    );
  });
});
