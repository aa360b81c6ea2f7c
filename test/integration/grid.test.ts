/**
 * The grid loop (issue 18) on SQLite and PostgreSQL: a grid worker reports a dispute with a photo
 * in 北洲村; the township centre dispatches it to the 北洲村 committee (a case in intake, linked
 * both ways, the photo in its evidence); the committee concludes the case through its actions and
 * the report is done by itself, the reporter told by SMS, and rates it. A work order answered late
 * is overdue; a dissatisfied rating reopens; scope and stale versions as everywhere.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CaseApi,
  countRows,
  expectProblem,
  fieldsOf,
  loadRefs,
  prepareForMediation,
  TestClock,
} from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { GridApi, otherCentre, partyToken, photo } from "../support/grid.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;
let grid: GridApi;
let center: GridApi;
let city: GridApi;
let disputeId: number;
let caseId: number;
let hazardId: number;

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: { apiTokenHours: 24 * 800 } });
  await otherCentre(ctx.knex);
  grid = await GridApi.as(ctx.app, "grid");
  center = await GridApi.as(ctx.app, "center");
  city = await GridApi.as(ctx.app, "city");
});
afterAll(() => ctx?.close());

const PARTIES = [
  { side: "applicant", name: "刘大福", phone: "13812340001" },
  { side: "respondent", name: "周二满" },
];

describe("the grid loop", () => {
  it("a grid worker reports a dispute with a photo (multipart) → 201 new, at 南洲镇综治中心", async () => {
    const res = await grid
      .post("/reports")
      .field("category", "dispute")
      .field("regionCode", "430212101201001")
      .field("summary", "两户因宅基地边界砌墙发生争执")
      .field("people", "2")
      .field("parties", JSON.stringify(PARTIES))
      .attach("photo", await photo(), "现场.jpg");
    expect(res.status, res.text).toBe(201);
    expect(res.body.status).toBe("new");
    disputeId = res.body.id;
    const detail = (await center.get(`/reports/${disputeId}`).expect(200)).body;
    expect(detail.centre.name).toBe("南洲镇综治中心");
    expect(detail.photos).toHaveLength(1);
    expect(detail.timeline[0].text).toContain("网格员刘小红上报矛盾纠纷");
    const list = (await center.get("/reports?status=new").expect(200)).body;
    expect(list.map((i: { id: number }) => i.id)).toContain(disputeId);
  });

  it("offers the 北洲村 committee first (小事不出村) and the township committee for a big one (大事不出镇)", async () => {
    const targets = (await center.get(`/reports/${disputeId}/targets`).expect(200)).body;
    expect(targets.committees[0].name).toBe("北洲村人民调解委员会");
    expect(targets.defaultId).toBe(targets.committees[0].id);
    expect(targets.departments.map((d: { name: string }) => d.name)).toContain("渌口区城市管理和综合执法局");
    const big = await grid.post("/reports", {
      category: "dispute",
      regionCode: "430212101201",
      summary: "十余户村民与养殖场因污水排放发生冲突",
      people: 12,
      parties: PARTIES,
    });
    const t = (await center.get(`/reports/${big.body.id}/targets`).expect(200)).body;
    expect(t.committees[0].name).toBe("南洲镇人民调解委员会");
    expect(t.reason).toContain("大事不出镇");
  });

  it("a stale version is 409 and changes nothing; two dispatches at once: one wins", async () => {
    const refs = await loadRefs(ctx.knex);
    const to = refs.org("北洲村人民调解委员会");
    const cases = await countRows(ctx.knex, "cases");
    const stale = await center.post(`/reports/${disputeId}/dispatch`, {
      version: 7,
      to,
      dueOn: "2026-12-31",
    });
    expectProblem(stale, 409);
    expect(await countRows(ctx.knex, "cases")).toBe(cases);
    expect((await center.get(`/reports/${disputeId}`)).body).toMatchObject({ status: "new", version: 1 });

    const body = { version: 1, to, dueOn: "2026-12-31", note: "请村调委会尽快调处" };
    const [a, b] = await Promise.all([
      center.post(`/reports/${disputeId}/dispatch`, body),
      center.post(`/reports/${disputeId}/dispatch`, body),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await countRows(ctx.knex, "cases")).toBe(cases + 1);
    const won = a.status === 200 ? a.body : b.body;
    expect(won).toMatchObject({ status: "dispatched", version: 2, dueOn: "2026-12-31" });
    caseId = won.caseId;
  });

  it("the case is in intake at 北洲村, source grid_report, linked both ways, the photo in its evidence", async () => {
    const clerk = await CaseApi.as(ctx.app, "clerk");
    const kase = await clerk.detail(caseId);
    expect(kase).toMatchObject({ status: "intake", source: "grid_report", gridReportId: disputeId });
    expect(kase.parties.map((p) => p.name)).toEqual(["刘大福", "周二满"]);
    const row = await ctx.knex("cases").where({ id: caseId }).first("grid_report_id");
    expect(Number(row.grid_report_id)).toBe(disputeId);
    expect(await countRows(ctx.knex, "evidence", { case_id: caseId })).toBe(1);
    const queued = await ctx
      .knex("message_outbox")
      .where({ to_phone: "13907330101", template: "report_received" });
    expect(queued).toHaveLength(1);
    // The committee sees the report sent to it; another committee does not.
    expect((await (await GridApi.as(ctx.app, "clerk")).get(`/reports/${disputeId}`)).status).toBe(200);
    expect((await (await GridApi.as(ctx.app, "clerk2")).get(`/reports/${disputeId}`)).status).toBe(404);
  });

  it("the committee concludes the case through its actions: the report is done with the outcome, SMS queued", async () => {
    const clerk = await CaseApi.as(ctx.app, "clerk");
    const director = await CaseApi.as(ctx.app, "director");
    const refs = await loadRefs(ctx.knex);
    await prepareForMediation(clerk, caseId, refs.mediator("王德明"), "2026-12-01");
    await director.do(caseId, "terminate", { reason: "一方不愿继续调解", advice: "可向人民法院起诉" });
    const report = (await grid.get(`/reports/${disputeId}`).expect(200)).body;
    expect(report.status).toBe("done");
    expect(report.outcome).toContain("调解终止");
    expect(report.timeline.map((e: { kind: string }) => e.kind)).toContain("case_concluded");
    expect(report.can.rate).toBe(true);
    const sms = await ctx.knex("message_outbox").where({ to_phone: "13907330101", template: "report_done" });
    expect(sms).toHaveLength(1);
    expect(sms[0].text).toContain(`编号${disputeId}`);
  });

  it("the grid worker rates it once (201, then 409)", async () => {
    const res = await grid.post(`/reports/${disputeId}/rating`, {
      satisfaction: "satisfied",
      comment: "处理及时",
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.rating).toMatchObject({ satisfaction: "satisfied", comment: "处理及时" });
    expectProblem(await grid.post(`/reports/${disputeId}/rating`, { satisfaction: "satisfied" }), 409);
  });

  it("a work order to a department answered late is overdue, then answered late", async () => {
    const refs = await loadRefs(ctx.knex);
    const created = await grid.post("/reports", {
      category: "hazard",
      regionCode: "430212101201002",
      summary: "村道旁排水沟堵塞，雨天积水漫入农户",
    });
    hazardId = created.body.id;
    const to = refs.org("渌口区城市管理和综合执法局");
    await center.post(`/reports/${hazardId}/dispatch`, { version: 1, to, dueOn: "2026-12-05" }).expect(200);
    clock.set("2026-12-08T10:00:00+08:00");
    const open = (await center.get("/reports?status=dispatched").expect(200)).body;
    expect(open.find((i: { id: number }) => i.id === hazardId)).toMatchObject({ overdue: true });
    expect((await city.get("/reports").expect(200)).body.map((i: { id: number }) => i.id)).toEqual([
      hazardId,
    ]);
    const replied = await city.post(`/reports/${hazardId}/reply`, {
      version: 2,
      result: "已清淤疏通排水沟 120 米",
      doneOn: "2026-12-08",
    });
    expect(replied.status, replied.text).toBe(200);
    expect(replied.body).toMatchObject({ status: "done", answeredLate: true, overdue: false });
    expect(replied.body.timeline.at(-1).text).toContain("逾期答复");
  });

  it("a dissatisfied rating puts the report back to the centre with the comment", async () => {
    const res = await grid.post(`/reports/${hazardId}/rating`, {
      satisfaction: "dissatisfied",
      comment: "下游仍然积水",
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.status).toBe("new");
    const fresh = (await center.get("/reports?status=new").expect(200)).body;
    expect(fresh.find((i: { id: number }) => i.id === hazardId)).toMatchObject({
      reopenedComment: "下游仍然积水",
    });
    const detail = (await center.get(`/reports/${hazardId}`)).body;
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(["rated", "reopened"]),
    );
  });

  it("scope: another centre, another department and a stranger party get 404; a role that may never act 403", async () => {
    const other = await GridApi.as(ctx.app, "center2");
    expectProblem(await other.get(`/reports/${disputeId}`), 404);
    expect((await other.get("/reports")).body).toEqual([]);
    const zjj = await GridApi.as(ctx.app, "zjj");
    expectProblem(await zjj.get(`/reports/${hazardId}`), 404);
    expectProblem(
      await zjj.post(`/reports/${hazardId}/reply`, { version: 4, result: "x", doneOn: "2026-12-08" }),
      404,
    );
    const stranger = GridApi.party(ctx.app, await partyToken(ctx.app, ctx.knex, "13812349999"));
    expectProblem(await stranger.get(`/reports/${disputeId}`), 404);
    expectProblem(
      await city.post(`/reports/${disputeId}/dispatch`, { version: 1, to: 1, dueOn: "2026-12-31" }),
      403,
    );
    expectProblem(await grid.post(`/reports/${hazardId}/close`, { version: 4, reason: "重复" }), 403);
    expectProblem(
      await center.post(`/reports/${disputeId}/reply`, { version: 3, result: "x", doneOn: "2026-12-08" }),
      403,
    );
  });

  it("a party reports through the portal, sees and only they see it", async () => {
    const token = await partyToken(ctx.app, ctx.knex, "13812345678");
    const party = GridApi.party(ctx.app, token);
    const res = await party.post("/reports", {
      category: "request",
      regionCode: "430212101202",
      summary: "村口路灯坏了一个月，晚上出行不便",
    });
    expect(res.status, res.text).toBe(201);
    const mine = (await party.get("/reports").expect(200)).body;
    expect(mine.map((i: { id: number }) => i.id)).toEqual([res.body.id]);
    expect((await party.get(`/reports/${res.body.id}`).expect(200)).body.reporterKind).toBe("party");
    expect((await center.get(`/reports/${res.body.id}`)).status).toBe(200);
    expectProblem(await grid.get(`/reports/${res.body.id}`), 404);
  });

  it("a grid worker is created with their grid (a village or group), which the report form starts from", async () => {
    const admin = Number((await ctx.knex("users").where({ username: "admin" }).first("id")).id);
    const centre = Number((await ctx.knex("organisations").where({ name: "南洲镇综治中心" }).first("id")).id);
    const body = {
      username: "grid2",
      password: "Wangge#2026",
      displayName: "何小兵",
      organisationId: centre,
      roles: ["grid_worker"],
      active: true,
    };
    const missing = await ctx.services.users.create(admin, body).catch((e: unknown) => e);
    expect(missing).toMatchObject({ errors: [{ field: "gridRegionCode" }] });
    const wrong = await ctx.services.users
      .create(admin, { ...body, gridRegionCode: "430212101000" })
      .catch((e) => e);
    expect(wrong).toMatchObject({ errors: [{ field: "gridRegionCode" }] });
    const created = await ctx.services.users.create(admin, { ...body, gridRegionCode: "430212101202" });
    expect(created.gridRegionCode).toBe("430212101202");
    const user = (await ctx.services.auth.sessionUser(created.id))!;
    expect(await ctx.services.grid.gridOf(user)).toBe("430212101202");
  });

  it("bad input is 400 naming each field in Chinese, and nothing is stored", async () => {
    const before = await countRows(ctx.knex, "grid_reports");
    const res = await grid.post("/reports", {
      category: "noise",
      regionCode: "abc",
      summary: "",
      people: -3,
      parties: [{ side: "x", name: "" }],
    });
    const problem = expectProblem(res, 400);
    expect(fieldsOf(problem)).toEqual(
      expect.arrayContaining([
        "category",
        "regionCode",
        "summary",
        "people",
        "parties.0.side",
        "parties.0.name",
      ]),
    );
    for (const e of problem.errors ?? []) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await countRows(ctx.knex, "grid_reports")).toBe(before);
    const bad = await center.post(`/reports/${hazardId}/dispatch`, {
      version: 4,
      to: "",
      dueOn: "2026-01-01",
    });
    expect(fieldsOf(expectProblem(bad, 400))).toEqual(expect.arrayContaining(["to", "dueOn"]));
    const photoRes = await grid
      .post("/reports")
      .field("category", "hazard")
      .field("regionCode", "430212101201")
      .field("summary", "有照片")
      .attach("photo", Buffer.from("not an image"), "a.jpg");
    expect(fieldsOf(expectProblem(photoRes, 400))).toEqual(["photos"]);
    expect(await countRows(ctx.knex, "grid_reports")).toBe(before);
    void request;
  });
});
