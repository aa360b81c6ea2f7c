/**
 * The published contract (/work/shared/design/api.md), section "People in the dispute (当事人端)":
 * `POST /portal/cases/{id}/rating {satisfaction: satisfied|basically_satisfied|dissatisfied,
 * comment?}` — once per party after the case concludes; counted in `satisfactionRate`. Each
 * documented value is sent as the body, with and without the optional comment.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiToken } from "../support/web.js";
import { CaseApi, intakeBody, loadRefs, person, prepareForMediation, TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
});
afterAll(() => ctx?.close());

async function partyToken(phone: string): Promise<string> {
  await request(ctx.app).post("/api/v1/portal/auth/code").send({ phone });
  const row = (await ctx.knex("message_outbox").where({ to_phone: phone }).orderBy("id", "desc").first()) as {
    params_json: string;
  };
  const { code } = JSON.parse(row.params_json) as { code: string };
  return (await request(ctx.app).post("/api/v1/portal/auth/token").send({ phone, code })).body
    .token as string;
}

describe("People in the dispute: rating", () => {
  it("POST /portal/cases/{id}/rating {satisfaction, comment?} → 201, once per party, counted in satisfactionRate", async () => {
    const clerk = await CaseApi.as(ctx.app, "clerk");
    const director = await CaseApi.as(ctx.app, "director");
    const refs = await loadRefs(ctx.knex);
    const phones = ["13812349001", "13812349002", "13812349003"];
    const { id } = await clerk.create(
      intakeBody({
        parties: [
          person("applicant", "甲", { phone: phones[0] }),
          person("respondent", "乙", { phone: phones[1] }),
          person("respondent", "丙", { phone: phones[2] }),
        ],
      }),
    );
    await prepareForMediation(clerk, id, refs.mediator("王德明"), "2026-12-01");
    await director.do(id, "terminate", { reason: "当事人不愿继续调解", advice: "可以向人民法院提起诉讼" });

    const bodies = [
      { satisfaction: "satisfied" },
      { satisfaction: "basically_satisfied", comment: "调解员讲道理" },
      { satisfaction: "dissatisfied", comment: "时间拖得太长" },
    ];
    for (const [i, body] of bodies.entries()) {
      const token = await partyToken(phones[i]!);
      const res = await request(ctx.app)
        .post(`/api/v1/portal/cases/${id}/rating`)
        .set("Authorization", `Bearer ${token}`)
        .send(body);
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ satisfaction: body.satisfaction, comment: body.comment ?? null });
      const again = await request(ctx.app)
        .post(`/api/v1/portal/cases/${id}/rating`)
        .set("Authorization", `Bearer ${token}`)
        .send(body);
      expect(again.status).toBe(409);
      expect(again.type).toBe("application/problem+json");
    }

    const stats = await request(ctx.app)
      .get("/api/v1/stats?from=2026-12-01&to=2026-12-01")
      .set("Authorization", `Bearer ${await apiToken(ctx.app, "officer")}`);
    expect(stats.status).toBe(200);
    expect(stats.body.totals).toMatchObject({ ratings: 3, satisfiedRatings: 2 });
    expect(stats.body.totals.satisfactionRate).toBeCloseTo(
      (stats.body.totals.satisfiedFollowUps + 2) / (stats.body.totals.followUps + 3),
    );
  });
});
