/**
 * The published contract (/work/shared/design/api.md), section "People in the dispute (当事人端)":
 * the two sign-in calls, with their documented bodies sent verbatim and the documented answers
 * checked. The code is read from the SMS outbox, where the console transport leaves it.
 * The rest of the section (applications, case detail, consent, evidence, signing, rating) is not
 * built yet and not covered here.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
});
afterAll(() => ctx?.close());

describe("People in the dispute: sign-in", () => {
  it("POST /portal/auth/code {phone} → 202 {expiresAt}; POST /portal/auth/token {phone, code} → 201 {token, expiresAt}", async () => {
    const sent = await request(ctx.app).post("/api/v1/portal/auth/code").send({ phone: "13812340001" });
    expect(sent.status, sent.text).toBe(202);
    expect(Object.keys(sent.body)).toEqual(["expiresAt"]);
    // Valid 5 minutes.
    expect(Date.parse(sent.body.expiresAt) - clock.now().getTime()).toBe(5 * 60_000);

    const row = (await ctx.knex("message_outbox").where({ to_phone: "13812340001" }).first()) as {
      params_json: string;
    };
    const { code } = JSON.parse(row.params_json) as { code: string };
    expect(code).toMatch(/^\d{6}$/);

    const token = await request(ctx.app)
      .post("/api/v1/portal/auth/token")
      .send({ phone: "13812340001", code });
    expect(token.status, token.text).toBe(201);
    expect(Object.keys(token.body).sort()).toEqual(["expiresAt", "token"]);
    expect(Date.parse(token.body.expiresAt)).toBeGreaterThan(clock.now().getTime());
  });

  it("at most one code a minute per phone (429 problem+json)", async () => {
    const first = await request(ctx.app).post("/api/v1/portal/auth/code").send({ phone: "13812340002" });
    expect(first.status).toBe(202);
    const second = await request(ctx.app).post("/api/v1/portal/auth/code").send({ phone: "13812340002" });
    expect(second.status).toBe(429);
    expect(second.type).toBe("application/problem+json");
    expect(second.body).toMatchObject({ status: 429 });
  });

  it("five wrong tries void the code (401 problem+json)", async () => {
    await request(ctx.app).post("/api/v1/portal/auth/code").send({ phone: "13812340003" });
    const row = (await ctx.knex("message_outbox").where({ to_phone: "13812340003" }).first()) as {
      params_json: string;
    };
    const { code } = JSON.parse(row.params_json) as { code: string };
    const wrong = code === "000000" ? "999999" : "000000";
    for (let i = 0; i < 5; i++) {
      const res = await request(ctx.app)
        .post("/api/v1/portal/auth/token")
        .send({ phone: "13812340003", code: wrong });
      expect(res.status).toBe(401);
      expect(res.type).toBe("application/problem+json");
    }
    const right = await request(ctx.app)
      .post("/api/v1/portal/auth/token")
      .send({ phone: "13812340003", code });
    expect(right.status).toBe(401);
  });

  it("a phone that is not a mainland mobile is 400 with the field listed", async () => {
    const res = await request(ctx.app).post("/api/v1/portal/auth/code").send({ phone: "010-12345678" });
    expect(res.status).toBe(400);
    expect(res.type).toBe("application/problem+json");
    expect(res.body.errors).toEqual([{ field: "phone", message: expect.stringContaining("手机号") }]);
  });
});
