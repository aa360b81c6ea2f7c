/**
 * The published contract (/work/shared/design/api.md), section "People in the dispute (当事人端)":
 * `POST /portal/cases/{id}/confirmation {code, agree: true}` — the party's part of the joint
 * application for judicial confirmation; when every party has agreed within the window the
 * application goes to the court (RL33). The documented body is sent verbatim by each party, the
 * code a fresh SMS code (`POST /portal/cases/{id}/codes {purpose: "confirm"}`).
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseApi, LONG_TOKENS, loadRefs, TestClock } from "../support/cases.js";
import { caseWithPaperAgreement, lastCode, partyToken } from "../support/confirmation-case.js";
import { createTestContext, type TestContext } from "../support/context.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
});
afterAll(() => ctx?.close());

describe("People in the dispute: judicial confirmation applied for online", () => {
  it("POST /portal/cases/{id}/confirmation {code, agree: true} by every party → the court has the application", async () => {
    const [clerk, mediator, judge] = await Promise.all(
      ["clerk", "mediator", "judge"].map((u) => CaseApi.as(ctx.app, u)),
    );
    const phones = { applicant: "13812348101", respondent: "13812348102" };
    const { id } = await caseWithPaperAgreement(
      { clerk: clerk!, mediator: mediator! },
      await loadRefs(ctx.knex),
      phones,
      "2026-12-01",
    );
    const answers: { agreedAt: string; applied: boolean }[] = [];
    for (const phone of [phones.applicant, phones.respondent]) {
      const token = await partyToken(ctx.app, ctx.knex, phone);
      clock.set(new Date(clock.now().getTime() + 61_000).toISOString());
      await request(ctx.app)
        .post(`/api/v1/portal/cases/${id}/codes`)
        .set("Authorization", `Bearer ${token}`)
        .send({ purpose: "confirm" })
        .expect(202);
      const code = await lastCode(ctx.knex, phone, "step_code_confirm");
      const res = await request(ctx.app)
        .post(`/api/v1/portal/cases/${id}/confirmation`)
        .set("Authorization", `Bearer ${token}`)
        .send({ code, agree: true });
      expect(res.status, res.text).toBe(200);
      answers.push(res.body as { agreedAt: string; applied: boolean });
    }
    expect(answers.map((a) => a.applied)).toEqual([false, true]);
    expect((await clerk!.detail(id)).status).toBe("awaiting_confirmation");
    const queue = (await judge!.getApi("/confirmations?status=pending").expect(200)).body as {
      caseId: number;
      channel: string;
    }[];
    expect(queue.find((q) => q.caseId === id)?.channel).toBe("online");
  });
});
