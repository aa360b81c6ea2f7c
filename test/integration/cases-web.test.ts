import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../support/context.js";
import { csrfOf, loginAs, type Agent } from "../support/web.js";

let ctx: TestContext;
let clerk: Agent;
beforeAll(async () => {
  ctx = await createTestContext({ clock: { now: () => new Date("2026-11-23T02:00:00Z") } });
  clerk = await loginAs(ctx.app, "clerk");
});
afterAll(() => ctx.close());

const count = async (table: string) => Number((await ctx.knex(table).count({ n: "*" }).first())?.n);

function intakeForm(csrf: string, overrides: Record<string, string> = {}) {
  return {
    _csrf: csrf,
    source: "application",
    typeCode: "neighbourhood",
    summary: "刘顺家屋檐滴水落入王五院内 (a < b)",
    regionCode: "430212101201",
    amountYuan: "1300.50",
    riskLevel: "ordinary",
    "parties[0][side]": "applicant",
    "parties[0][kind]": "person",
    "parties[0][name]": "刘顺",
    "parties[0][idNumber]": "11010519491231002X",
    "parties[1][side]": "respondent",
    "parties[1][kind]": "person",
    "parties[1][name]": "王五",
    ...overrides,
  };
}

async function register(agent: Agent): Promise<number> {
  const res = await agent
    .post("/cases")
    .type("form")
    .send(intakeForm(await csrfOf(agent, "/cases/new")))
    .expect(303);
  return Number(res.headers.location!.match(/\/cases\/(\d+)/)![1]);
}

describe("intake form", () => {
  it("is for clerks and directors only", async () => {
    await clerk.get("/cases/new").expect(200);
    const mediator = await loginAs(ctx.app, "mediator");
    const res = await mediator.get("/cases/new");
    expect(res.status).toBe(403);
  });

  it("keeps what was typed, names each bad field, and stores nothing", async () => {
    const before = await count("cases");
    const res = await clerk
      .post("/cases")
      .type("form")
      .send(
        intakeForm(await csrfOf(clerk, "/cases/new"), {
          "parties[0][idNumber]": "110105194912310021",
          amountYuan: "-5",
          summary: "屋檐<script>alert(1)</script>滴水",
        }),
      )
      .expect(400);
    expect(res.text).toContain("当事人 1：身份证号校验位不正确");
    expect(res.text).toContain("涉及金额应为不小于 0 的数字");
    expect(res.text).toContain("纠纷概要不能包含 HTML 标签");
    expect(res.text).toContain('value="110105194912310021"');
    expect(res.text).toContain("屋檐&lt;script&gt;alert(1)&lt;/script&gt;滴水");
    expect(res.text).not.toContain("<script>alert(1)</script>");
    expect(await count("cases")).toBe(before);
  });

  it("adds a party row without saving and keeps every value", async () => {
    const before = await count("cases");
    const res = await clerk
      .post("/cases")
      .type("form")
      .send({ ...intakeForm(await csrfOf(clerk, "/cases/new")), addParty: "respondent" })
      .expect(200);
    expect(res.text).toContain('name="parties[2][name]"');
    expect(res.text).toContain('value="刘顺"');
    expect(res.text).toContain("当事人 3（被申请人）");
    expect(await count("cases")).toBe(before);
  });

  it("refuses a post without its CSRF token", async () => {
    const res = await clerk
      .post("/cases")
      .type("form")
      .send({ ...intakeForm(""), _csrf: undefined });
    expect(res.status).toBe(403);
  });

  it("registers, numbers and shows the case with text escaped", async () => {
    const id = await register(clerk);
    const page = await clerk.get(`/cases/${id}`).expect(200);
    expect(page.text).toMatch(/（2026）北洲调字第\d+号/);
    expect(page.text).toContain("(a &lt; b)");
    expect(page.text).toContain("人民币壹仟叁佰元伍角");
    expect(page.text).toContain("登记纠纷（当事人申请）");
    for (const label of ["受理", "移送其他调委会", "不予受理", "当场化解"])
      expect(page.text).toContain(label);
  });
});

describe("scope on case pages", () => {
  it("answers 404 to another village's clerk and the judge, 200 to the officer", async () => {
    const id = await register(clerk);
    const clerk2 = await loginAs(ctx.app, "clerk2");
    const other = await clerk2.get(`/cases/${id}`);
    expect(other.status).toBe(404);
    expect(other.text).not.toContain("刘顺");
    await (await loginAs(ctx.app, "judge")).get(`/cases/${id}`).expect(404);
    await (await loginAs(ctx.app, "officer")).get(`/cases/${id}`).expect(200);
    const list = await clerk2.get("/cases?q=刘顺").expect(200);
    expect(list.text).toContain("共 0 件");
  });
});

describe("action forms", () => {
  it("explains why an action is not available now", async () => {
    const id = await register(clerk);
    const res = await clerk.get(`/cases/${id}/actions/close`);
    expect(res.status).toBe(409);
    expect(res.text).toContain("案件当前状态为“待受理”，不能结案");
    const role = await clerk.get(`/cases/${id}/actions/record-session`);
    expect(role.status).toBe(409);
    await clerk.get(`/cases/${id}/actions/fly`).expect(404);
  });

  it("shows a stale form as a conflict, keeps the typed text, and changes nothing", async () => {
    const id = await register(clerk);
    const form = await clerk.get(`/cases/${id}/actions/refer`).expect(200);
    const version = Number(form.text.match(/name="version" value="(\d+)"/)![1]);
    const csrf = await csrfOf(clerk);
    await clerk.post(`/cases/${id}/actions/accept`).type("form").send({ _csrf: csrf, version }).expect(303);
    const nanzhou = await ctx.knex("organisations").where({ name: "南洲镇人民调解委员会" }).first();
    const stale = await clerk
      .post(`/cases/${id}/actions/refer`)
      .type("form")
      .send({ _csrf: csrf, version, organisationId: nanzhou.id, reason: "涉及多户村民，请镇调委会调解" });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain("该记录已被他人修改");
    expect(stale.text).toContain("涉及多户村民，请镇调委会调解");
    const row = await ctx.knex("cases").where({ id }).first();
    expect(row.status).toBe("accepted");
    expect(row.organisation_id).not.toBe(nanzhou.id);
  });

  it("re-renders a bad action with 400 and the field named", async () => {
    const id = await register(clerk);
    const kase = await ctx.knex("cases").where({ id }).first();
    const res = await clerk
      .post(`/cases/${id}/actions/decline`)
      .type("form")
      .send({ _csrf: await csrfOf(clerk), version: kase.version, advice: "" });
    expect(res.status).toBe(400);
    expect(res.text).toContain("请选择不予受理的法定事由");
    expect(res.text).toContain("请填写告知当事人的其他解决途径");
    expect((await ctx.knex("cases").where({ id }).first()).status).toBe("intake");
  });
});

describe("lists", () => {
  it("filters, searches by pinyin initials and refuses a bad filter", async () => {
    await register(clerk);
    const found = await clerk.get("/cases?q=ls").expect(200);
    expect(found.text).toContain("刘顺 与 王五");
    const none = await clerk.get("/cases?q=zzz").expect(200);
    expect(none.text).toContain("共 0 件");
    const bad = await clerk.get("/cases?status=flying&from=yesterday");
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("status 无效");
  });

  it("puts the intake queue on the clerk's home page", async () => {
    await register(clerk);
    const home = await clerk.get("/").expect(200);
    expect(home.text).toMatch(/待受理（\d+ 件）/);
    expect(home.text).toContain("刘顺 与 王五");
  });
});
