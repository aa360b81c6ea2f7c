/**
 * 研判 and 管控 (src/grid-analysis/): hot spots, repeats, overdue work orders, escalation
 * warnings, the grid's figures line, the watch list with its check-ins, scope. Both databases.
 * Reports are rows written as GridService writes them; the clock stands in 2027, after every
 * demo record, so the figures are exactly these rows.
 */
import ExcelJS from "exceljs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseApi, intakeBody, person, TestClock, LONG_TOKENS } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { insertOrganisation, insertReport, insertUser } from "../support/grid-analysis.js";
import { seedDemoWatch } from "../../src/grid-analysis/demo.js";
import { apiToken, csrfFrom, loginAs, type Agent } from "../support/web.js";

const clock = new TestClock("2027-06-15T10:00:00+08:00");
let ctx: TestContext;
let centreId: number;
let otherCentreId: number;
let deptId: number;
let dispatcher: Agent;

const org = (name: string, kind: string, region: string, prefix: string) =>
  insertOrganisation(ctx.knex, name, kind, region, prefix);
const user = (username: string, name: string, organisationId: number, role: string) =>
  insertUser(ctx.knex, username, name, organisationId, role);
const report = (over: Record<string, unknown> & { at: string }) => insertReport(ctx.knex, centreId, over);

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  centreId = await org("南洲镇综治中心（研判测试）", "governance_center", "430212101000", "南洲综治");
  otherCentreId = await org("渌口镇综治中心（研判测试）", "governance_center", "430212100000", "渌口综治");
  deptId = await org("渌口区城市管理局（研判测试）", "department", "430212000000", "城管");
  await user("ga_center", "彭海燕", centreId, "dispatcher");
  await user("ga_center2", "罗小平", otherCentreId, "dispatcher");
  dispatcher = await loginAs(ctx.app, "ga_center");
});
afterAll(() => ctx?.close());

describe("研判", () => {
  it("hot spots: village × type, this month against the last, on the tiles too", async () => {
    await report({ at: "2027-06-02T09:00:00" });
    await report({ at: "2027-06-03T09:00:00" });
    await report({ at: "2027-05-20T09:00:00", category: "hazard" });
    await report({ at: "2027-06-04T09:00:00", category: "request", region_code: "430212101202" });
    await report({ at: "2027-06-04T09:00:00", status: "closed" });
    // A report that became a case is counted once, as the case (of its dispute type).
    const clerk = await CaseApi.as(ctx.app, "clerk");
    const linked = await clerk.create(intakeBody({ typeCode: "forest_land" }));
    await report({ at: "2027-06-04T10:00:00", status: "dispatched", case_id: linked.id });
    const a = await ctx.services.analysis.analysis(await sessionOf("ga_center"), {
      from: "2027-06-01",
      to: "2027-06-30",
    });
    const spot = (place: string, type: string) =>
      a.hotSpots.find((s) => s.place === place && s.typeName === type);
    expect(spot("北洲村", "网格上报·矛盾纠纷")).toMatchObject({ n: 3, previous: 0, trend: "up" });
    expect(spot("北洲村", "网格上报·安全隐患")).toMatchObject({ n: 0, previous: 1, trend: "down" });
    expect(spot("洲坪村", "网格上报·群众诉求")).toMatchObject({ n: 1, previous: 0 });
    expect(a.hotSpots.filter((s) => s.place === "北洲村" && s.n > 0).map((s) => [s.typeName, s.n])).toEqual([
      ["网格上报·矛盾纠纷", 3],
      ["山林土地", 1],
    ]);
    const nanzhou = a.townships.find((t) => t.name === "南洲镇")!;
    expect(nanzhou.tiles.find((t) => t.name === "北洲村")).toMatchObject({ n: 4, previous: 1, band: 4 });
    // The township centre's area is its township: 渌口镇's villages are not on its grid.
    expect(a.townships.map((t) => t.name)).toEqual(["南洲镇"]);

    const page = await dispatcher.get("/analysis?period=month&year=2027&month=6").expect(200);
    expect(page.text).toContain("北洲村");
    expect(page.text).toContain("4 件");
    expect(page.text).toContain("↑ 比上期多 3");
  });

  it("repeat disputes: the same person by name and phone, a case and a report", async () => {
    const parties = JSON.stringify([{ side: "applicant", name: "易重复", phone: "13807330101" }]);
    const first = await report({ at: "2027-01-05T09:00:00", parties_json: parties });
    const second = await report({ at: "2027-06-05T09:00:00", parties_json: parties, status: "done" });
    const clerk = await CaseApi.as(ctx.app, "clerk");
    const kase = await clerk.create(
      intakeBody({
        parties: [person("applicant", "易重复", { phone: "13807330101" }), person("respondent", "某某")],
      }),
    );
    const page = await dispatcher.get("/analysis").expect(200);
    expect(page.text).toContain("易**（138****0101）：3 次");
    expect(page.text).toContain(`href="/grid/reports/${first}"`);
    expect(page.text).toContain(`href="/grid/reports/${second}"`);
    expect(page.text).toContain(`href="/cases/${kase.id}"`);
    expect(page.text).not.toContain("13807330101");
  });

  it("overdue work orders by department, and the escalation warnings of cases", async () => {
    const sent = { status: "dispatched", dispatched_to: deptId, dispatched_at: "2027-05-20T02:00:00.000Z" };
    await report({ at: "2027-05-20T09:00:00", ...sent, due_on: "2027-06-06" });
    await report({ at: "2027-05-20T09:00:00", ...sent, due_on: "2027-06-10" });
    await report({
      at: "2027-05-20T09:00:00",
      ...sent,
      status: "done",
      due_on: "2027-06-05",
      done_on: "2027-06-08",
    });
    const clerk = await CaseApi.as(ctx.app, "clerk");
    const big = await clerk.create(
      intakeBody({ riskLevel: "major", summary: "研判测试：宅基地纠纷双方扬言动手" }),
    );
    const a = await ctx.services.analysis.analysis(await sessionOf("ga_center"), {
      from: "2027-06-01",
      to: "2027-06-30",
    });
    expect(a.workOrders).toEqual([
      expect.objectContaining({
        department: "渌口区城市管理局（研判测试）",
        overdue: 2,
        oldestDaysLate: 9,
        oldestDueOn: "2027-06-06",
        averageDaysLate: 7,
        answered: 1,
        answeredLate: 1,
      }),
    ]);
    expect(a.escalations).toContainEqual(
      expect.objectContaining({ caseId: big.id, message: expect.stringContaining("风险等级重大") }),
    );
  });

  it("the figures line for any period, on the page, in Excel and the API", async () => {
    const a = await ctx.services.analysis.figures(await sessionOf("ga_center"), {
      from: "2027-06-01",
      to: "2027-06-30",
    });
    // June: 2 + 1 (洲坪) + 1 closed + 1 sent to a committee + 1 repeat (done) = 6, 2 finished.
    expect(a.reported).toBe(6);
    expect(a.finished).toBe(2);
    expect(a.line).toBe("上报 6 件，办结 2 件，办结率 33.3%");
    const page = await dispatcher.get("/analysis?from=2027-06-01&to=2027-06-30").expect(200);
    expect(page.text).toContain("上报 6 件，办结 2 件，办结率 33.3%");
    const xlsx = await dispatcher
      .get("/analysis/export.xlsx?from=2027-06-01&to=2027-06-30")
      .responseType("blob")
      .expect(200);
    expect(xlsx.headers["content-type"]).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as never);
    const sheet = workbook.getWorksheet("网格工作统计")!;
    expect(sheet.getCell(5, 1).value).toBe("上报 6 件，办结 2 件，办结率 33.3%");
    const byLabel = new Map<unknown, unknown[]>();
    sheet.eachRow((row) =>
      byLabel.set(
        row.getCell(1).value,
        [2, 3, 4].map((c) => row.getCell(c).value),
      ),
    );
    expect(byLabel.get("上报")).toEqual([6, null, null]);
    expect(byLabel.get("按来源：群众自报")).toEqual([0, null, null]);
    expect(byLabel.get("办结率")).toEqual([2 / 6, 2, 6]);
    expect(workbook.getWorksheet("工单逾期")!.getRow(7).values).toEqual([
      undefined,
      "渌口区城市管理局（研判测试）",
      2,
      9,
      7,
      1,
      1,
    ]);
    const token = await apiToken(ctx.app, "ga_center");
    const api = await request(ctx.app)
      .get("/api/v1/grid/stats?from=2027-05-01&to=2027-05-31")
      .set("Authorization", `Bearer ${token}`)
      .expect(200);
    // May: the hazard and the three work orders; the done one finished.
    expect(api.body).toMatchObject({ reported: 4, finished: 1, line: "上报 4 件，办结 1 件，办结率 25.0%" });
    expect(api.body.byCategory).toEqual({ dispute: 3, hazard: 1, request: 0 });
    expect(api.body.dispatchedWithinDay).toEqual({ numerator: 3, denominator: 4, rate: 0.75 });
  });

  it("scope: a centre sees its area only; committees and other areas get 404", async () => {
    const clerk = await loginAs(ctx.app, "clerk");
    await clerk.get("/analysis").expect(404);
    await clerk.get("/watch").expect(404);
    const bad = await dispatcher.get("/analysis?period=custom&from=2027-06-30&to=2027-06-01").expect(400);
    expect(bad.text).toContain("结束日期不能早于开始日期");
    const other = await loginAs(ctx.app, "ga_center2");
    await other.get("/analysis?region=430212101201").expect(404);
    const otherPage = await other.get("/analysis?from=2027-06-01&to=2027-06-30").expect(200);
    expect(otherPage.text).toContain("上报 0 件，办结 0 件，办结率 —");
    expect(otherPage.text).not.toContain("北洲村");
    const officer = await loginAs(ctx.app, "officer");
    const all = await officer.get("/analysis?from=2027-06-01&to=2027-06-30").expect(200);
    expect(all.text).toContain("上报 6 件，办结 2 件，办结率 33.3%");
    // The desks' line: this month to today, for those with 研判 only.
    expect(await ctx.services.analysis.deskFigures(await sessionOf("ga_center"))).toEqual({
      gridFigures: expect.objectContaining({ line: "上报 6 件，办结 2 件，办结率 33.3%" }),
      gridPeriod: "本月（截至6月15日）",
    });
    expect(await ctx.services.analysis.deskFigures(await sessionOf("clerk"))).toBeNull();
    const clerkToken = await apiToken(ctx.app, "clerk");
    await request(ctx.app).get("/api/v1/grid/stats").set("Authorization", `Bearer ${clerkToken}`).expect(404);
    await request(ctx.app)
      .get("/api/v1/grid/stats?from=2027-06-30&to=2027-06-01")
      .set("Authorization", `Bearer ${await apiToken(ctx.app, "ga_center")}`)
      .expect(400);
  });
});

describe("管控 watch list", () => {
  let reportId: number;
  let itemId: number;

  it("a high-risk report is proposed; adding needs a date and a checker (400 in Chinese, nothing stored)", async () => {
    reportId = await report({
      at: "2027-06-14T09:00:00",
      risk_level: "major",
      threats: true,
      people: 8,
      summary: "研判测试：山林权属纠纷，双方聚集 8 人",
    });
    const list = await dispatcher.get("/watch").expect(200);
    expect(list.text).toContain(`/watch/new?subject=report:${reportId}`);
    const form = await dispatcher.get(`/watch/new?subject=report:${reportId}`).expect(200);
    expect(form.text).toContain('value="risk_major" checked');
    const bad = await dispatcher
      .post("/watch")
      .type("form")
      .send({
        _csrf: csrfFrom(form.text),
        subject: `report:${reportId}`,
        reasons: ["risk_major", "group"],
        nextCheckOn: "2027-06-01",
        checkerName: "",
        note: "每周回访",
      })
      .expect(400);
    expect(bad.text).toContain("请填写回访责任人");
    expect(bad.text).toContain("每周回访");
    expect(Number((await ctx.knex("watch_items").count({ n: "*" }).first())!.n)).toBe(0);
    const ok = await dispatcher
      .post("/watch")
      .type("form")
      .send({
        _csrf: csrfFrom(form.text),
        subject: `report:${reportId}`,
        reasons: ["risk_major", "threats", "group"],
        nextCheckOn: "2027-06-20",
        checkerName: "彭海燕",
        note: "每周回访",
      })
      .expect(303);
    itemId = Number(/\/watch\/(\d+)/.exec(ok.headers.location!)![1]);
    const audit = await ctx
      .knex("audit_events")
      .where({ action: "watch.add", entity_id: String(itemId) })
      .first();
    expect(audit).toBeTruthy();
    // Once on the list it is no longer proposed.
    expect((await dispatcher.get("/watch").expect(200)).text).not.toContain(`subject=report:${reportId}`);
  });

  it("a check-in sets the next date; a missed one is overdue on the list and the desk count", async () => {
    const show = await dispatcher.get(`/watch/${itemId}`).expect(200);
    const csrf = csrfFrom(show.text);
    await dispatcher
      .post(`/watch/${itemId}/check-in`)
      .type("form")
      .send({
        _csrf: csrf,
        version: "1",
        checkedOn: "2027-06-15",
        note: "双方情绪平稳",
        nextCheckOn: "2027-06-15",
      })
      .expect(400)
      .expect((r) => expect(r.text).toContain("下次回访日期应晚于本次回访日期"));
    await dispatcher
      .post(`/watch/${itemId}/check-in`)
      .type("form")
      .send({
        _csrf: csrf,
        version: "1",
        checkedOn: "2027-06-15",
        note: "双方情绪平稳",
        nextCheckOn: "2027-06-22",
      })
      .expect(303);
    // The same form again: the version moved on.
    await dispatcher
      .post(`/watch/${itemId}/check-in`)
      .type("form")
      .send({
        _csrf: csrf,
        version: "1",
        checkedOn: "2027-06-15",
        note: "重复提交",
        nextCheckOn: "2027-06-29",
      })
      .expect(409);
    const session = await sessionOf("ga_center");
    expect(await ctx.services.watch.overdueCount(session)).toBe(0);
    clock.set("2027-06-23T09:00:00+08:00");
    expect(await ctx.services.watch.overdueCount(session)).toBe(1);
    const page = await dispatcher.get("/watch?overdue=1").expect(200);
    expect(page.text).toContain("已逾期 1 天");
    const detail = await dispatcher.get(`/watch/${itemId}`).expect(200);
    expect(detail.text).toContain("双方情绪平稳");
    expect(detail.text).not.toContain("重复提交");
    // Another centre and a committee see nothing of it.
    await (await loginAs(ctx.app, "ga_center2")).get(`/watch/${itemId}`).expect(404);
    await (await loginAs(ctx.app, "director")).get(`/watch/${itemId}`).expect(404);
    // The officer sees it, read-only.
    const officerView = await (await loginAs(ctx.app, "officer")).get(`/watch/${itemId}`).expect(200);
    expect(officerView.text).not.toContain("记录回访");
  });

  it("a director sees the watched cases of their committee; closing ends the watch", async () => {
    const clerk = await CaseApi.as(ctx.app, "clerk");
    const kase = await clerk.create(
      intakeBody({ peopleInvolved: 12, summary: "研判测试：十二户村民与养殖场的纠纷" }),
    );
    const form = await dispatcher.get(`/watch/new?subject=case:${kase.id}`).expect(200);
    const added = await dispatcher
      .post("/watch")
      .type("form")
      .send({
        _csrf: csrfFrom(form.text),
        subject: `case:${kase.id}`,
        reasons: "group",
        nextCheckOn: "2027-06-23",
        checkerName: "陈志强",
      })
      .expect(303);
    const caseItem = Number(/\/watch\/(\d+)/.exec(added.headers.location!)![1]);
    const director = await loginAs(ctx.app, "director");
    const list = await director.get("/watch").expect(200);
    expect(list.text).toContain(`/watch/${caseItem}`);
    expect(list.text).not.toContain(`/watch/${itemId}"`);
    expect(await ctx.services.watch.overdueCount(await sessionOf("director"))).toBe(0);
    clock.set("2027-06-24T09:00:00+08:00");
    expect(await ctx.services.watch.overdueCount(await sessionOf("director"))).toBe(1);
    expect((await director.get("/").expect(200)).text).toContain("管控对象逾期未回访 1 件");

    const show = await dispatcher.get(`/watch/${itemId}`).expect(200);
    await dispatcher
      .post(`/watch/${itemId}/close`)
      .type("form")
      .send({ _csrf: csrfFrom(show.text), version: "2", reason: "" })
      .expect(400)
      .expect((r) => expect(r.text).toContain("请填写解除管控原因"));
    await dispatcher
      .post(`/watch/${itemId}/close`)
      .type("form")
      .send({ _csrf: csrfFrom(show.text), version: "2", reason: "山林权属已由镇政府确权，双方息诉" })
      .expect(303);
    const closed = await dispatcher.get("/watch?status=closed").expect(200);
    expect(closed.text).toContain("山林权属已由镇政府确权");
    expect(
      await ctx
        .knex("audit_events")
        .where({ action: "watch.close", entity_id: String(itemId) })
        .first(),
    ).toBeTruthy();
  });
});

describe("管控 in the demo", () => {
  it("the demo centre watches its riskiest open dispute, two check-ins, the next one missed", async () => {
    await ctx.knex("watch_checkins").del();
    await ctx.knex("watch_items").del();
    expect(await seedDemoWatch(ctx.knex, clock)).toBe(true);
    expect(await seedDemoWatch(ctx.knex, clock)).toBe(false);
    const center = await loginAs(ctx.app, "center");
    const list = await center.get("/watch?overdue=1").expect(200);
    expect(list.text).toContain("已逾期 2 天");
    const id = Number(/href="\/watch\/(\d+)"/.exec(list.text)![1]);
    expect((await center.get(`/watch/${id}`).expect(200)).text).toContain("回访记录（2 次）");
  });
});

/** The session user as the login builds it. */
async function sessionOf(username: string) {
  const row = (await ctx.knex("users").where({ username }).first("id")) as { id: number };
  const user = await ctx.services.auth.sessionUser(Number(row.id));
  if (!user) throw new Error(`no user ${username}`);
  return user;
}
