/**
 * 群众评单 (api.md "People in the dispute": POST /portal/cases/{id}/rating, issue 17): a party
 * rates a concluded case once; the staff's case page, the mediator's record and satisfactionRate
 * in the statistics show it. Both databases.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAggregates } from "../../src/reports/check.js";
import {
  CaseApi,
  countRows,
  intakeBody,
  loadRefs,
  person,
  prepareForMediation,
  TestClock,
  type Refs,
} from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { apiToken, csrfFrom, loginAs } from "../support/web.js";

const clock = new TestClock("2026-12-01T10:00:00+08:00");
let ctx: TestContext;
let clerk: CaseApi;
let director: CaseApi;
let refs: Refs;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  clerk = await CaseApi.as(ctx.app, "clerk");
  director = await CaseApi.as(ctx.app, "director");
  refs = await loadRefs(ctx.knex);
});
afterAll(() => ctx?.close());

let phoneSerial = 0;
const freshPhone = () => `1378800${String(++phoneSerial).padStart(4, "0")}`;

/** A case with two parties on fresh phones, accepted and led by 王德明; terminated unless `open`. */
async function caseWithPhones(open = false) {
  const [a, b] = [freshPhone(), freshPhone()];
  const { id } = await clerk.create(
    intakeBody({
      parties: [person("applicant", "李春花", { phone: a }), person("respondent", "周大勇", { phone: b })],
    }),
  );
  await prepareForMediation(clerk, id, refs.mediator("王德明"), "2026-12-01");
  if (!open) {
    await director.do(id, "terminate", {
      reason: "一方当事人不愿继续调解",
      advice: "可以向人民法院提起诉讼",
    });
  }
  return { id, a, b };
}

/** A minute on: a phone may ask for one code a minute. */
const later = () => clock.set(new Date(clock.now().getTime() + 61_000).toISOString());

const tokens = new Map<string, string>();
/** A party token for the phone, signed in by the code the outbox holds. */
async function partyToken(phone: string): Promise<string> {
  const known = tokens.get(phone);
  if (known) return known;
  later();
  expect((await request(ctx.app).post("/api/v1/portal/auth/code").send({ phone })).status).toBe(202);
  const row = (await ctx
    .knex("message_outbox")
    .where({ to_phone: phone, template: "sign_in_code" })
    .orderBy("id", "desc")
    .first()) as { params_json: string };
  const { code } = JSON.parse(row.params_json) as { code: string };
  const res = await request(ctx.app).post("/api/v1/portal/auth/token").send({ phone, code });
  expect(res.status, res.text).toBe(201);
  tokens.set(phone, res.body.token as string);
  return res.body.token as string;
}

async function rate(phone: string, caseId: number, body: unknown) {
  return request(ctx.app)
    .post(`/api/v1/portal/cases/${caseId}/rating`)
    .set("Authorization", `Bearer ${await partyToken(phone)}`)
    .send(body as object);
}

describe("POST /api/v1/portal/cases/{id}/rating", () => {
  it("stores one rating per party, with a case event by the party, shown on the staff's case page", async () => {
    const { id, a } = await caseWithPhones();
    const res = await rate(a, id, {
      satisfaction: "basically_satisfied",
      comment: "调解员很耐心，赔偿少了点",
    });
    expect(res.status, res.text).toBe(201);
    const party = (await ctx.knex("parties").where({ case_id: id, name: "李春花" }).first()) as {
      id: number;
    };
    expect(res.body).toEqual({
      id: expect.any(Number),
      partyId: Number(party.id),
      satisfaction: "basically_satisfied",
      comment: "调解员很耐心，赔偿少了点",
      ratedAt: clock.now().toISOString(),
    });
    const event = (await ctx.knex("case_events").where({ case_id: id, action: "party-rating" }).first()) as {
      actor_user_id: number | null;
      data_json: string;
      summary: string;
    };
    expect(event.actor_user_id).toBeNull();
    expect(JSON.parse(event.data_json)).toMatchObject({
      actor: { kind: "party", partyId: Number(party.id) },
    });
    expect(event.summary).toContain("李春花评价本案：基本满意");

    const page = await (await loginAs(ctx.app, "director")).get(`/cases/${id}`).expect(200);
    expect(page.text).toContain("当事人评价（1 条）");
    expect(page.text).toContain("调解员很耐心，赔偿少了点");
  });

  it("refuses a second rating by the same party: 409 您已评价过本案, nothing more stored", async () => {
    const { id, a, b } = await caseWithPhones();
    expect((await rate(a, id, { satisfaction: "satisfied" })).status).toBe(201);
    const again = await rate(a, id, { satisfaction: "dissatisfied", comment: "改主意了" });
    expect(again.status).toBe(409);
    expect(again.type).toBe("application/problem+json");
    expect(again.body.detail).toBe("您已评价过本案");
    expect(await countRows(ctx.knex, "case_ratings", { case_id: id })).toBe(1);
    // The other side still rates on their own.
    expect((await rate(b, id, { satisfaction: "dissatisfied" })).status).toBe(201);
    expect(await countRows(ctx.knex, "case_ratings", { case_id: id })).toBe(2);
  });

  it("refuses a rating before the case concludes, with a Chinese message", async () => {
    const { id, a } = await caseWithPhones(true);
    const res = await rate(a, id, { satisfaction: "satisfied" });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain("尚未办结");
    expect(await countRows(ctx.knex, "case_ratings", { case_id: id })).toBe(0);
  });

  it("answers 404 to a phone that is not a party or agent on the case, and for no such case", async () => {
    const { id } = await caseWithPhones();
    const stranger = freshPhone();
    const res = await rate(stranger, id, { satisfaction: "satisfied" });
    expect(res.status).toBe(404);
    expect((await rate(stranger, 99_999_999, { satisfaction: "satisfied" })).status).toBe(404);
    expect(await countRows(ctx.knex, "case_ratings", { case_id: id })).toBe(0);
  });

  it("refuses a bad satisfaction naming 满意度 (400), and markup in the comment, storing nothing", async () => {
    const { id, a } = await caseWithPhones();
    for (const body of [{ satisfaction: "very_happy" }, {}, { satisfaction: "满意" }]) {
      const res = await rate(a, id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.type).toBe("application/problem+json");
      expect(res.body.errors[0]).toMatchObject({ field: "satisfaction" });
      expect(res.body.errors[0].message).toContain("满意度");
    }
    const html = await rate(a, id, { satisfaction: "satisfied", comment: "<script>alert(1)</script>" });
    expect(html.status).toBe(400);
    expect(html.body.errors[0]).toMatchObject({ field: "comment" });
    expect(await countRows(ctx.knex, "case_ratings", { case_id: id })).toBe(0);
    expect(await countRows(ctx.knex, "case_events", { case_id: id, action: "party-rating" })).toBe(0);
  });
});

describe("ratings in the statistics and on the mediator's record", () => {
  const stats = async () => {
    const token = await apiToken(ctx.app, "officer");
    const res = await request(ctx.app)
      .get("/api/v1/stats?from=2026-12-01&to=2026-12-01")
      .set("Authorization", `Bearer ${token}`);
    expect(res.status, res.text).toBe(200);
    return res.body.totals as Record<string, number | null>;
  };

  it("pools the ratings with the follow-ups in satisfactionRate, and counts them", async () => {
    const before = await stats();
    const { id, a, b } = await caseWithPhones();
    expect((await rate(a, id, { satisfaction: "satisfied" })).status).toBe(201);
    expect((await rate(b, id, { satisfaction: "dissatisfied", comment: "对方到现在还没道歉" })).status).toBe(
      201,
    );
    const after = await stats();
    expect(after.ratings).toBe(Number(before.ratings) + 2);
    expect(after.satisfiedRatings).toBe(Number(before.satisfiedRatings) + 1);
    expect(after.satisfactionAnswers).toBe(Number(before.followUps) + Number(before.ratings) + 2);
    expect(after.satisfiedAnswers).toBe(
      Number(before.satisfiedFollowUps) + Number(before.satisfiedRatings) + 1,
    );
    expect(after.satisfactionRate).toBeCloseTo(
      Number(after.satisfiedAnswers) / Number(after.satisfactionAnswers),
    );
    expect(after.followUps).toBe(before.followUps);
    expect(await checkAggregates(ctx.knex)).toEqual([]);

    const page = await (
      await loginAs(ctx.app, "officer")
    ).get("/stats?period=custom&from=2026-12-01&to=2026-12-01");
    expect(page.status).toBe(200);
    expect(page.text).toContain(`含当事人评价 ${after.ratings} 条`);

    const record = await (
      await loginAs(ctx.app, "director")
    )
      .get(`/mediators/${refs.mediator("王德明")}`)
      .expect(200);
    expect(record.text).toContain("当事人评价");
    expect(record.text).toMatch(/共 \d+ 条：满意 \d+、基本满意 \d+、不满意 [1-9]/);
    expect(record.text).toContain("对方到现在还没道歉");
  });
});

describe("/my/cases/{id}/rating: the web form", () => {
  async function partyAgent(phone: string) {
    later();
    const agent = request.agent(ctx.app);
    const login = await agent.get("/my/login").expect(200);
    const step2 = await agent
      .post("/my/login/code")
      .type("form")
      .send({ _csrf: csrfFrom(login.text), phone });
    expect(step2.status).toBe(200);
    const row = (await ctx
      .knex("message_outbox")
      .where({ to_phone: phone, template: "sign_in_code" })
      .orderBy("id", "desc")
      .first()) as { params_json: string };
    const { code } = JSON.parse(row.params_json) as { code: string };
    const done = await agent
      .post("/my/login")
      .type("form")
      .send({ _csrf: csrfFrom(step2.text), phone, code });
    expect(done.status).toBe(303);
    return agent;
  }

  it("rates without JavaScript: CSRF checked, bad input re-rendered with what was typed, then 感谢您的评价", async () => {
    const { id, a } = await caseWithPhones();
    const agent = await partyAgent(a);
    const form = await agent.get(`/my/cases/${id}/rating`).expect(200);
    expect(form.text).toContain("满意");
    expect(form.text).toContain("基本满意");
    expect(form.text).toContain("不满意");
    expect(
      (await agent.post(`/my/cases/${id}/rating`).type("form").send({ satisfaction: "satisfied" })).status,
    ).toBe(403);
    const bad = await agent
      .post(`/my/cases/${id}/rating`)
      .type("form")
      .send({ _csrf: csrfFrom(form.text), comment: "希望以后多回访" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("请选择满意度");
    expect(bad.text).toContain("希望以后多回访");
    expect(await countRows(ctx.knex, "case_ratings", { case_id: id })).toBe(0);
    const good = await agent
      .post(`/my/cases/${id}/rating`)
      .type("form")
      .send({ _csrf: csrfFrom(bad.text), satisfaction: "satisfied", comment: "希望以后多回访" });
    expect(good.status).toBe(303);
    expect(good.headers.location).toBe(`/my/cases/${id}#rating`);
    const after = await agent.get(`/my/cases/${id}/rating`).expect(200);
    expect(after.text).toContain("感谢您的评价");
    expect(after.text).not.toContain("提交评价");
    const again = await agent
      .post(`/my/cases/${id}/rating`)
      .type("form")
      .send({ _csrf: csrfFrom(after.text), satisfaction: "dissatisfied" });
    expect(again.status).toBe(409);
    expect(again.text).toContain("您已评价过本案");
    expect(await countRows(ctx.knex, "case_ratings", { case_id: id })).toBe(1);
  });

  it("shows the card on the party's case page, and canDo rate / me.rated in the API", async () => {
    const { id, b } = await caseWithPhones();
    const agent = await partyAgent(b);
    const page = await agent.get(`/my/cases/${id}`).expect(200);
    expect(page.text).toContain("评价本次调解");
    expect(page.text).toContain(`action="/my/cases/${id}/rating"`);
    const api = () =>
      partyToken(b).then((t) =>
        request(ctx.app).get(`/api/v1/portal/cases/${id}`).set("Authorization", `Bearer ${t}`),
      );
    const before = await api();
    expect(before.status, before.text).toBe(200);
    expect(before.body.canDo).toContain("rate");
    expect(before.body.me.rated).toBe(false);
    await agent
      .post(`/my/cases/${id}/rating`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), satisfaction: "basically_satisfied", comment: "" })
      .expect(303);
    const after = await agent.get(`/my/cases/${id}`).expect(200);
    expect(after.text).toContain("感谢您的评价");
    expect(after.text).toContain("基本满意");
    expect(after.text).not.toContain(`action="/my/cases/${id}/rating"`);
    const rated = await api();
    expect(rated.body.canDo).not.toContain("rate");
    expect(rated.body.me.rated).toBe(true);

    // Before conclusion the page has no rating card at all.
    const open = await caseWithPhones(true);
    const openAgent = await partyAgent(open.a);
    expect((await openAgent.get(`/my/cases/${open.id}`).expect(200)).text).not.toContain("评价本次调解");
  });

  it("answers 404 to another phone and says 尚未办结 before the case concludes", async () => {
    const open = await caseWithPhones(true);
    const other = await caseWithPhones();
    const agent = await partyAgent(open.a);
    expect((await agent.get(`/my/cases/${other.id}/rating`)).status).toBe(404);
    const early = await agent.get(`/my/cases/${open.id}/rating`).expect(200);
    expect(early.text).toContain("尚未办结");
    expect(early.text).not.toContain("提交评价");
  });
});
