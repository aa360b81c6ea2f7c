/**
 * The published contract (/work/shared/design/api.md), "People in the dispute (当事人端)": the case
 * list's `nextStep` and `GET /portal/cases/{id}` with every documented field, for a party signed
 * in as documented (the code read from the SMS outbox).
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseApi, intakeBody, LONG_TOKENS, person, TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;
let token: string;
let caseId: number;
const PHONE = "13812349001";

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  const clerk = await CaseApi.as(ctx.app, "clerk");
  caseId = (
    await clerk.create(
      intakeBody({
        parties: [person("applicant", "张建国", { phone: PHONE }), person("respondent", "王桂香")],
      }),
    )
  ).id;
  await request(ctx.app).post("/api/v1/portal/auth/code").send({ phone: PHONE }).expect(202);
  const row = (await ctx.knex("message_outbox").where({ to_phone: PHONE }).first()) as {
    params_json: string;
  };
  const { code } = JSON.parse(row.params_json) as { code: string };
  const res = await request(ctx.app)
    .post("/api/v1/portal/auth/token")
    .send({ phone: PHONE, code })
    .expect(201);
  token = (res.body as { token: string }).token;
});
afterAll(() => ctx?.close());

const get = (path: string) => request(ctx.app).get(`/api/v1${path}`).set("Authorization", `Bearer ${token}`);

describe("People in the dispute: the party's cases", () => {
  it("GET /portal/cases → [{id, number?, status, statusText, typeName, committee, nextStep, updatedAt}]", async () => {
    const res = await get("/portal/cases");
    expect(res.status, res.text).toBe(200);
    expect(res.body).toHaveLength(1);
    const item = res.body[0] as Record<string, unknown>;
    for (const key of [
      "id",
      "number",
      "status",
      "statusText",
      "typeName",
      "committee",
      "nextStep",
      "updatedAt",
    ]) {
      expect(item, key).toHaveProperty(key);
    }
    expect(item.nextStep).toBe("调委会将决定是否受理您的纠纷，并告诉您结果");
  });

  it("GET /portal/cases/{id} → every documented field", async () => {
    const res = await get(`/portal/cases/${caseId}`);
    expect(res.status, res.text).toBe(200);
    const body = res.body as Record<string, unknown>;
    for (const key of [
      "id",
      "number",
      "status",
      "statusText",
      "nextStep",
      "committee",
      "mediators",
      "sessions",
      "documents",
      "evidence",
      "timeline",
      "me",
      "canDo",
    ]) {
      expect(body, key).toHaveProperty(key);
    }
    expect(body).toMatchObject({ id: caseId, status: "intake", mediators: [], sessions: [], documents: [] });
    expect(body.me).toMatchObject({ partyId: expect.any(Number) as number, side: "applicant" });
    expect(body.timeline).toEqual([{ at: expect.any(String) as string, text: "调委会收到了调解申请" }]);
    expect(Array.isArray(body.canDo)).toBe(true);
  });

  it("GET /portal/cases/{id} of a case not the party's → 404 problem+json", async () => {
    const res = await get("/portal/cases/999999");
    expect(res.status).toBe(404);
    expect(res.type).toBe("application/problem+json");
  });
});
