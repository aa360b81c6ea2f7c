/**
 * 我要调解 (api.md "People in the dispute": POST /portal/applications): a party's own application
 * lands in the intake queue of the committee serving the place (or the professional committee
 * chosen) as an online application with a tracking code; bad input is refused naming the field
 * with nothing stored; the clerk's accept / refer / decline queues an SMS to the applicant in
 * the same transaction.
 */
import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { REGIONS, residentId, TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { apiToken } from "../support/web.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;
const PHONE = "13912340101";
const GROUP = "430212101201002"; // 北洲村第二村民小组

beforeAll(async () => {
  ctx = await createTestContext({ clock });
});
afterAll(() => ctx?.close());
beforeEach(() => clock.set("2026-12-01T09:00:00+08:00"));

const orgId = async (name: string) =>
  Number(((await ctx.knex("organisations").where({ name }).first("id")) as { id: number }).id);
const tokenFor = async (phone: string) => (await ctx.services.portal.signIn.issueToken(phone)).token;

const body = (overrides: Record<string, unknown> = {}) => ({
  typeCode: "neighbourhood",
  regionCode: GROUP,
  summary: "邻居王桂香家修房子，把排水沟堵了，雨水流进我家院子，墙也裂了。",
  occurredOn: "2026-11-20",
  amountFen: 200000,
  applicant: { name: "张建国", idNumber: residentId("19700101", 11), address: "北洲村第二村民小组 8 号" },
  respondents: [{ name: "王桂香", phone: "13912340102", address: "北洲村第二村民小组 9 号" }],
  ...overrides,
});

async function apply(phone: string, b: unknown) {
  return request(ctx.app)
    .post("/api/v1/portal/applications")
    .set("Authorization", `Bearer ${await tokenFor(phone)}`)
    .send(b as object);
}

const caseCount = async () => Number((await ctx.knex("cases").count({ n: "*" }).first())?.n);

describe("POST /portal/applications", () => {
  it("lands in the village committee's intake queue, online, with a tracking code; the party is the actor", async () => {
    const res = await apply(PHONE, body());
    expect(res.status, res.text).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["id", "status", "trackingCode"]);
    expect(res.body.status).toBe("intake");
    expect(res.body.trackingCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    const row = await ctx.knex("cases").where({ id: res.body.id }).first();
    expect(row).toMatchObject({
      organisation_id: await orgId("北洲村人民调解委员会"),
      status: "intake",
      source: "application",
      channel: "online",
      tracking_code: res.body.trackingCode,
      region_code: GROUP,
      created_by: null,
    });
    expect(String(row.number)).toMatch(/北洲调字第\d+号/);
    const parties = await ctx.knex("parties").where({ case_id: res.body.id }).orderBy("position");
    expect(parties.map((p) => [p.side, p.name, p.phone])).toEqual([
      ["applicant", "张建国", PHONE],
      ["respondent", "王桂香", "13912340102"],
    ]);
    // The ID number gave the birth date, as at staff intake.
    expect(parties[0].birth_date).toBe("1970-01-01");
    const event = await ctx.knex("case_events").where({ case_id: res.body.id }).first();
    expect(event.actor_user_id).toBeNull();
    expect(JSON.parse(event.data_json).actor).toEqual({ kind: "party", partyId: Number(parties[0].id) });

    // The clerk sees it in the intake queue, marked online.
    const staff = await apiToken(ctx.app, "clerk");
    const detail = await request(ctx.app)
      .get(`/api/v1/cases/${res.body.id}`)
      .set("Authorization", `Bearer ${staff}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ channel: "online", trackingCode: res.body.trackingCode });

    // The applicant sees it on /my's list; another phone does not, and gets 404 on it.
    const mine = await request(ctx.app)
      .get("/api/v1/portal/cases")
      .set("Authorization", `Bearer ${await tokenFor(PHONE)}`);
    expect(mine.body.map((c: { id: number }) => c.id)).toContain(res.body.id);
    const other = await request(ctx.app)
      .get("/api/v1/portal/cases")
      .set("Authorization", `Bearer ${await tokenFor("13912340199")}`);
    expect(other.body.map((c: { id: number }) => c.id)).not.toContain(res.body.id);
    const theirs = await request(ctx.app)
      .get(`/api/v1/portal/cases/${res.body.id}`)
      .set("Authorization", `Bearer ${await tokenFor("13912340199")}`);
    expect(theirs.status).toBe(404);
  });

  it("goes to the township committee where no village committee serves, or to the committee chosen", async () => {
    const township = await apply("13912340111", body({ regionCode: "430212101000" }));
    expect(township.status, township.text).toBe(201);
    const t = await ctx.knex("cases").where({ id: township.body.id }).first();
    expect(t.organisation_id).toBe(await orgId("南洲镇人民调解委员会"));

    const traffic = await orgId("渌口区道路交通事故纠纷人民调解委员会");
    const res = await apply("13912340112", body({ typeCode: "road_traffic", organisationId: traffic }));
    expect(res.status, res.text).toBe(201);
    const row = await ctx.knex("cases").where({ id: res.body.id }).first();
    expect(row).toMatchObject({ organisation_id: traffic, channel: "online" });
    expect(String(row.number)).toContain("渌口交调");
  });

  it("refuses bad input naming the field in Chinese, and stores nothing", async () => {
    const before = await caseCount();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ respondents: [] }, "respondents", /对方当事人/],
      [{ respondents: undefined }, "respondents", /对方当事人/],
      [{ respondents: [{ name: "王桂香", phone: "0731-22223333" }] }, "respondents.0.phone", /手机号/],
      [{ regionCode: "430212999999" }, "regionCode", /纠纷发生地/],
      [{ applicant: { name: "张建国", idNumber: "430212197001011234" } }, "applicant.idNumber", /身份证号/],
      [{ applicant: {} }, "applicant.name", /姓名/],
      [
        { organisationId: await orgId("北洲村人民调解委员会"), regionCode: "430212101202" },
        "organisationId",
        /调解委员会/,
      ],
      [{ organisationId: await orgId("南洲镇司法所") }, "organisationId", /调解委员会/],
    ];
    for (const [overrides, field, message] of cases) {
      const res = await apply(PHONE, body(overrides));
      expect(res.status, `${field}: ${res.text}`).toBe(400);
      expect(res.type).toBe("application/problem+json");
      const error = (res.body.errors as { field: string; message: string }[]).find((e) => e.field === field);
      expect(error?.message, `${field}: ${res.text}`).toMatch(message);
    }
    expect(await caseCount()).toBe(before);
  });

  it("needs a party token", async () => {
    const res = await request(ctx.app).post("/api/v1/portal/applications").send(body());
    expect(res.status).toBe(401);
    const staff = await apiToken(ctx.app, "clerk");
    const asStaff = await request(ctx.app)
      .post("/api/v1/portal/applications")
      .set("Authorization", `Bearer ${staff}`)
      .send(body());
    expect(asStaff.status).toBe(401);
  });

  it("takes at most five applications a day from one phone", async () => {
    const phone = "13912340121";
    for (let i = 0; i < 5; i++) expect((await apply(phone, body())).status).toBe(201);
    const before = await caseCount();
    const sixth = await apply(phone, body());
    expect(sixth.status).toBe(429);
    expect(sixth.body.detail).toContain("24 小时内最多提交 5 份");
    expect(await caseCount()).toBe(before);
    clock.set("2026-12-02T09:01:00+08:00");
    expect((await apply(phone, body())).status).toBe(201);
  });
});

describe("the clerk's decision reaches the applicant by SMS", () => {
  const act = async (id: number, action: string, input: Record<string, unknown>) => {
    const staff = await apiToken(ctx.app, "clerk");
    const c = await request(ctx.app).get(`/api/v1/cases/${id}`).set("Authorization", `Bearer ${staff}`);
    return request(ctx.app)
      .post(`/api/v1/cases/${id}/actions/${action}`)
      .set("Authorization", `Bearer ${staff}`)
      .send({ version: c.body.version, ...input });
  };
  // Only the application notices (accepting also invites the parties to consent: another helper's).
  const sms = (id: number) =>
    ctx
      .knex("message_outbox")
      .where({ case_id: id })
      .where("template", "like", "application_%")
      .orderBy("id");

  it("accept queues application_accepted to the applicant, in the action's transaction", async () => {
    const { body: created } = await apply("13912340131", body());
    const res = await act(created.id, "accept", {});
    expect(res.status, res.text).toBe(200);
    const sent = await sms(created.id);
    expect(sent.map((m) => [m.to_phone, m.template])).toEqual([["13912340131", "application_accepted"]]);
    expect(sent[0].text).toContain(`北洲村人民调解委员会受理，案件编号${res.body.number}`);
  });

  it("decline and refer queue theirs; a counter case queues none; a refused action queues none", async () => {
    const { body: a } = await apply("13912340132", body());
    const declined = await act(a.id, "decline", { ground: "in_court", advice: "请向人民法院起诉" });
    expect(declined.status, declined.text).toBe(200);
    expect((await sms(a.id)).map((m) => m.template)).toEqual(["application_declined"]);

    const { body: b } = await apply("13912340133", body());
    const referred = await act(b.id, "refer", {
      organisationId: await orgId("南洲镇人民调解委员会"),
      reason: "涉及两村",
    });
    expect(referred.status, referred.text).toBe(200);
    const [m] = await sms(b.id);
    expect(m.template).toBe("application_referred");
    expect(m.text).toContain("北洲村人民调解委员会移送给南洲镇人民调解委员会");

    const { body: c } = await apply("13912340134", body());
    const bad = await act(c.id, "refer", {
      organisationId: await orgId("北洲村人民调解委员会"),
      reason: "x",
    });
    expect(bad.status).toBe(400);
    expect(await sms(c.id)).toHaveLength(0);

    const staff = await apiToken(ctx.app, "clerk");
    const counter = await request(ctx.app)
      .post("/api/v1/cases")
      .set("Authorization", `Bearer ${staff}`)
      .send({
        source: "application",
        typeCode: "neighbourhood",
        summary: "窗口登记",
        regionCode: REGIONS.beizhou,
        parties: [
          { side: "applicant", kind: "person", name: "甲", phone: "13912340135" },
          { side: "respondent", kind: "person", name: "乙" },
        ],
      });
    expect(counter.status, counter.text).toBe(201);
    expect((await act(counter.body.id, "accept", {})).status).toBe(200);
    expect(await sms(counter.body.id)).toHaveLength(0);
  });
});
