/**
 * The published contract (/work/shared/design/api.md), section "People in the dispute (当事人端)":
 * `POST /portal/cases/{id}/consent {noticeRead: true, consented}` — the party has read the
 * rights-and-duties notice (shown by `GET /portal/cases/{id}/notice`) and says yes or no; a no
 * stops mediation (RL17), as the staff action `record-consent` does. The documented body is sent
 * verbatim, once with each answer.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseApi, intakeBody, person, TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";

const clock = new TestClock("2026-11-30T10:00:00+08:00");
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
});
afterAll(() => ctx?.close());

async function partyToken(phone: string): Promise<string> {
  await request(ctx.app).post("/api/v1/portal/auth/code").send({ phone }).expect(202);
  const row = (await ctx
    .knex("message_outbox")
    .where({ to_phone: phone, template: "sign_in_code" })
    .orderBy("id", "desc")
    .first()) as { params_json: string };
  const { code } = JSON.parse(row.params_json) as { code: string };
  return (await request(ctx.app).post("/api/v1/portal/auth/token").send({ phone, code })).body
    .token as string;
}

describe("People in the dispute: consent", () => {
  it("GET /portal/cases/{id}/notice, then POST /portal/cases/{id}/consent {noticeRead: true, consented}", async () => {
    const clerk = await CaseApi.as(ctx.app, "clerk");
    const phones = ["13812347001", "13812347002"];
    const { id } = await clerk.create(
      intakeBody({
        parties: [
          person("applicant", "甲", { phone: phones[0] }),
          person("respondent", "乙", { phone: phones[1] }),
        ],
      }),
    );
    await clerk.do(id, "accept");

    for (const [i, consented] of [true, false].entries()) {
      const token = await partyToken(phones[i]!);
      const notice = await request(ctx.app)
        .get(`/api/v1/portal/cases/${id}/notice`)
        .set("Authorization", `Bearer ${token}`);
      expect(notice.status, notice.text).toBe(200);
      expect(notice.body.text).toContain("当事人在人民调解活动中享有下列权利");
      const res = await request(ctx.app)
        .post(`/api/v1/portal/cases/${id}/consent`)
        .set("Authorization", `Bearer ${token}`)
        .send({ noticeRead: true, consented });
      expect(res.status, res.text).toBe(200);
      expect(res.body.consented).toBe(consented);
    }

    const kase = await clerk.detail(id);
    expect(kase.parties.map((p) => p.consent)).toEqual(["yes", "no"]);
    expect(kase.allowedActions).not.toContain("assign");
  });
});
