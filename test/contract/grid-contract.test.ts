/**
 * The published contract (/work/shared/design/api.md), section "Grid reports and dispatch": each
 * documented body sent verbatim, with and without its optional fields, and the documented fields
 * of each answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseApi, loadRefs, prepareForMediation, TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { GridApi, partyToken } from "../support/grid.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: { apiTokenHours: 24 * 800 } });
});
afterAll(() => ctx?.close());

const FULL = {
  category: "dispute",
  regionCode: "430212101201",
  summary: "两户因排水沟改道发生争执",
  occurredOn: "2026-11-30",
  people: 2,
  parties: [
    { side: "applicant", name: "刘大福", phone: "13812340001" },
    { side: "respondent", name: "周二满" },
  ],
};

describe("Grid reports and dispatch", () => {
  it("POST /reports {category, regionCode, summary, occurredOn?, people?, parties?} → 201 {id, status: new}", async () => {
    const grid = await GridApi.as(ctx.app, "grid");
    const bodies = [
      FULL,
      { category: "hazard", regionCode: "430212101201001", summary: "村道塌方" },
      { category: "request", regionCode: "430212101202", summary: "申请安装路灯", people: 30 },
    ];
    for (const body of bodies) {
      const res = await grid.post("/reports", body);
      expect(res.status, res.text).toBe(201);
      expect(res.body).toEqual({ id: expect.any(Number), status: "new" });
    }
    const party = GridApi.party(ctx.app, await partyToken(ctx.app, ctx.knex, "13812341111"));
    const res = await party.post("/reports", {
      category: "dispute",
      regionCode: "430212101201",
      summary: "邻里噪音",
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.status).toBe("new");
  });

  it("GET /reports?status=new|dispatched|done → the documented fields", async () => {
    const center = await GridApi.as(ctx.app, "center");
    const res = await center.get("/reports?status=new");
    expect(res.status, res.text).toBe(200);
    expect(res.body.length).toBeGreaterThanOrEqual(4);
    for (const item of res.body) {
      expect(item).toMatchObject({
        id: expect.any(Number),
        version: expect.any(Number),
        category: expect.stringMatching(/^(dispute|hazard|request)$/),
        summary: expect.any(String),
        regionCode: expect.any(String),
        status: "new",
        reportedAt: expect.any(String),
      });
    }
    for (const status of ["dispatched", "done"]) {
      expect((await center.get(`/reports?status=${status}`)).status).toBe(200);
    }
  });

  it("dispatch {version, to, dueOn, note?} to a committee (a case in intake) and to a department; reply {version, result, doneOn}", async () => {
    const grid = await GridApi.as(ctx.app, "grid");
    const center = await GridApi.as(ctx.app, "center");
    const refs = await loadRefs(ctx.knex);
    const a = (await grid.post("/reports", FULL)).body.id;
    const res = await center.post(`/reports/${a}/dispatch`, {
      version: 1,
      to: refs.org("北洲村人民调解委员会"),
      dueOn: "2026-12-15",
      note: "请尽快调处",
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: "dispatched", caseId: expect.any(Number), dueOn: "2026-12-15" });
    const kase = await (await CaseApi.as(ctx.app, "clerk")).detail(res.body.caseId);
    expect(kase).toMatchObject({ status: "intake", source: "grid_report" });

    const b = (
      await grid.post("/reports", { category: "hazard", regionCode: "430212101201", summary: "井盖缺失" })
    ).body.id;
    const order = await center.post(`/reports/${b}/dispatch`, {
      version: 1,
      to: refs.org("渌口区城市管理和综合执法局"),
      dueOn: "2026-12-08",
    });
    expect(order.status, order.text).toBe(200);
    expect(order.body.caseId).toBeNull();
    const city = await GridApi.as(ctx.app, "city");
    const reply = await city.post(`/reports/${b}/reply`, {
      version: 2,
      result: "已补装井盖",
      doneOn: "2026-12-01",
    });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toMatchObject({ status: "done", outcome: "已补装井盖" });
  });

  it("GET /reports/{id} → {..., status, timeline: [{at, text}], outcome?, rating?}; POST /reports/{id}/rating {satisfaction, comment?}", async () => {
    const grid = await GridApi.as(ctx.app, "grid");
    const center = await GridApi.as(ctx.app, "center");
    const refs = await loadRefs(ctx.knex);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const id = (await grid.post("/reports", FULL)).body.id as number;
      const res = await center.post(`/reports/${id}/dispatch`, {
        version: 1,
        to: refs.org("北洲村人民调解委员会"),
        dueOn: "2026-12-15",
      });
      const clerk = await CaseApi.as(ctx.app, "clerk");
      const director = await CaseApi.as(ctx.app, "director");
      await prepareForMediation(clerk, res.body.caseId, refs.mediator("王德明"), "2026-12-01");
      await director.do(res.body.caseId, "terminate", { reason: "当事人不愿继续", advice: "可诉讼" });
      ids.push(id);
    }
    const detail = (await grid.get(`/reports/${ids[0]}`)).body;
    expect(detail).toMatchObject({ id: ids[0], status: "done", outcome: expect.any(String), rating: null });
    for (const e of detail.timeline)
      expect(e).toMatchObject({ at: expect.any(String), text: expect.any(String) });

    const bodies = [
      { satisfaction: "satisfied" },
      { satisfaction: "basically_satisfied", comment: "处理较及时" },
      { satisfaction: "dissatisfied", comment: "问题没有根本解决" },
    ];
    for (const [i, body] of bodies.entries()) {
      const res = await grid.post(`/reports/${ids[i]}/rating`, body);
      expect(res.status, res.text).toBe(201);
      expect(res.body.rating).toMatchObject({ satisfaction: body.satisfaction });
    }
    expect((await grid.get(`/reports/${ids[2]}`)).body.status).toBe("new");
  });
});
