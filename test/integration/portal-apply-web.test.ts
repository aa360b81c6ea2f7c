/**
 * 我要调解 on the web (/my/apply) without JavaScript: the form, a refused form kept as typed, the
 * confirmation page with the tracking code (only for the phone that applied), and what the clerk
 * sees: 网上申请 and the 查询码 on the case page, the tag in the intake queue.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { type Agent, csrfFrom, loginAs, partyOnWeb } from "../support/web.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
});
afterAll(() => ctx?.close());

const partyAgent = (phone: string): Promise<Agent> => partyOnWeb(ctx.app, ctx.knex, phone);

const form = (csrf: string, overrides: Record<string, string> = {}) => ({
  _csrf: csrf,
  typeCode: "neighbourhood",
  regionCode: "430212101201001",
  summary: "隔壁养的狗咬伤了我家孩子，医药费一直没给。",
  occurredOn: "2026-11-28",
  amountYuan: "2,000元",
  "respondents[0][name]": "李四",
  "respondents[0][phone]": "139 1234 0202",
  "applicant[name]": "张三",
  organisationId: "",
  ...overrides,
});

describe("/my/apply", () => {
  it("applies without JavaScript: a refused form keeps what was typed; the confirmation shows the code", async () => {
    const party = await partyAgent("13912340201");
    const home = await party.get("/my").expect(200);
    expect(home.text).toContain('href="/my/apply"');
    const page = await party.get("/my/apply").expect(200);
    expect(page.text).toContain("我要调解");
    expect(page.text).toContain('<optgroup label="南洲镇">');
    expect(page.text).toContain("北洲村第一村民小组");
    expect(page.text).toContain("渌口区道路交通事故纠纷人民调解委员会");

    const before = Number((await ctx.knex("cases").count({ n: "*" }).first())?.n);
    const bad = await party
      .post("/my/apply")
      .type("form")
      .send(form(csrfFrom(page.text), { "respondents[0][name]": "", "respondents[0][phone]": "12345" }));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("隔壁养的狗咬伤了我家孩子");
    expect(bad.text).toContain('value="2,000元"');
    expect(bad.text).toMatch(/<option value="430212101201001" selected>/);
    expect(bad.text).toContain("当事人姓名或名称");
    expect(Number((await ctx.knex("cases").count({ n: "*" }).first())?.n)).toBe(before);

    const ok = await party
      .post("/my/apply")
      .type("form")
      .send(form(csrfFrom(bad.text)));
    expect(ok.status, ok.text).toBe(303);
    const done = await party.get(ok.headers.location!).expect(200);
    const code = /class="tracking-code"[^>]*>([2-9A-HJ-NP-Z]{8})</.exec(done.text)?.[1];
    expect(code).toBeTruthy();
    expect(done.text).toContain("调委会一般在3个工作日内决定是否受理，结果会短信通知您");
    const row = await ctx.knex("cases").where({ tracking_code: code }).first();
    expect(row.channel).toBe("online");
    expect(Number(row.amount_fen)).toBe(200000); // a bigint: a string on PostgreSQL
    const respondent = await ctx.knex("parties").where({ case_id: row.id, side: "respondent" }).first();
    expect(respondent.phone).toBe("13912340202");

    // Another phone may not see the confirmation.
    const other = await partyAgent("13912340209");
    expect((await other.get(ok.headers.location!)).status).toBe(404);

    // The clerk: 网上申请 and the code on the case page, the tag in the intake queue.
    const clerk = await loginAs(ctx.app, "clerk");
    const show = await clerk.get(`/cases/${row.id}`).expect(200);
    expect(show.text).toContain("网上申请");
    expect(show.text).toContain(code!);
    const desk = await clerk.get("/").expect(200);
    expect(desk.text).toMatch(
      new RegExp(`href="/cases/${row.id}">[^<]+</a> <span class="tag tag-online">网上申请`),
    );

    // The clerk declines: /my shows the result with the ground and where to go instead.
    const declineForm = await clerk.get(`/cases/${row.id}/actions/decline`).expect(200);
    await clerk
      .post(`/cases/${row.id}/actions/decline`)
      .type("form")
      .send({
        _csrf: csrfFrom(declineForm.text),
        version: String(row.version),
        ground: "in_court",
        groundDetail: "对方已向渌口区人民法院起诉",
        advice: "请到渌口区人民法院应诉",
      })
      .expect(303);
    const mine = await party.get("/my").expect(200);
    expect(mine.text).toContain("调解委员会没有受理");
    expect(mine.text).toContain("原因：已由人民法院受理或处理。对方已向渌口区人民法院起诉");
    expect(mine.text).toContain("请到渌口区人民法院应诉");
    expect(mine.text).toContain(`查询码 ${code}`);
  });

  it("sends a visitor who has not signed in to /my/login", async () => {
    const res = await request(ctx.app).get("/my/apply");
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/my/login");
  });
});
