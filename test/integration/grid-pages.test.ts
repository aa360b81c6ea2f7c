/**
 * The grid loop's pages without JavaScript (src/routes/grid/, src/routes/portal-reports.ts): each
 * form refused with 400 and a Chinese message naming the field keeps what was typed and stores
 * nothing; a stale form answers 409 已被他人处理; the grid worker lands on /grid, the dispatcher on
 * the desk, the department on its work orders.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseSetup } from "../support/browser.js";
import { TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { type Agent, csrfFrom, loginAs, partyOnWeb } from "../support/web.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
const BEIZHOU = "430212101201";
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
});
afterAll(() => ctx?.close());

const count = async (table: string) => Number((await ctx.knex(table).count({ n: "*" }).first())?.n);

/** Posts the report form as the browser does (multipart), with its CSRF token. */
function postReport(
  agent: Agent,
  path: string,
  csrf: string,
  fields: Record<string, string>,
  photo?: Buffer,
) {
  let req = agent.post(path).field("_csrf", csrf);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (photo) req = req.attach("photo1", photo, { filename: "现场.jpg", contentType: "image/jpeg" });
  return req;
}

const partyAgent = (phone: string): Promise<Agent> => partyOnWeb(ctx.app, ctx.knex, phone);

const DISPUTE = {
  category: "dispute",
  regionCode: BEIZHOU,
  summary: "刘家和王家因宅基地边界的围墙吵起来了，双方都不让步。",
  occurredOn: "2026-11-30",
  "parties[0][side]": "applicant",
  "parties[0][name]": "刘顺",
  "parties[0][phone]": "13973310301",
  "parties[1][side]": "respondent",
  "parties[1][name]": "王桂香",
  "parties[1][phone]": "",
  people: "2",
  riskLevel: "ordinary",
};

describe("the grid worker's report form", () => {
  it("lands on /grid, refuses a bad form keeping what was typed, then stores the report with its photo", async () => {
    const worker = await loginAs(ctx.app, "grid");
    const home = await worker.get("/").expect(303);
    expect(home.headers.location).toBe("/grid");
    const page = await worker.get("/grid").expect(200);
    expect(page.text).toContain('href="/grid/reports/new"');

    const form = await worker.get("/grid/reports/new").expect(200);
    // The worker's own grid is preselected.
    expect(form.text).toContain(`<option value="${BEIZHOU}" selected>`);
    expect(form.text).toContain('capture="environment"');
    const csrf = csrfFrom(form.text);

    const before = await count("grid_reports");
    const bad = await postReport(worker, "/grid/reports", csrf, {
      ...DISPUTE,
      category: "",
      summary: "",
      "parties[0][phone]": "12345",
      people: "两",
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("请修改以下");
    // What was typed is kept: the party's name and phone, the people box, the place.
    expect(bad.text).toContain('value="刘顺"');
    expect(bad.text).toContain('value="12345"');
    expect(bad.text).toContain('value="两"');
    expect(bad.text).toContain(`<option value="${BEIZHOU}" selected>`);
    // Each refusal at its field.
    expect(bad.text).toMatch(/id="f-category"[\s\S]*?class="error-message"/);
    expect(bad.text).toMatch(/id="e-summary"/);
    expect(bad.text).toMatch(/id="e-parties\.0\.phone"/);
    expect(await count("grid_reports")).toBe(before);

    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#8a6" } })
      .jpeg()
      .toBuffer();
    const ok = await postReport(worker, "/grid/reports", csrf, DISPUTE, photo).expect(303);
    const id = Number(/\/grid\/reports\/(\d+)/.exec(ok.headers.location as string)?.[1]);
    expect(id).toBeGreaterThan(0);
    const shown = await worker.get(ok.headers.location as string).expect(200);
    expect(shown.text).toContain("已上报");
    expect(shown.text).toContain("待分流");
    expect(shown.text).toContain("139****0301");
    expect(shown.text).not.toContain("13973310301");
    const thumb = /src="(\/grid\/photos\/\d+\/thumbnail)"/.exec(shown.text)?.[1];
    expect(thumb).toBeDefined();
    const img = await worker.get(thumb!).expect(200);
    expect(img.headers["content-type"]).toMatch(/^image\//);
    expect(img.headers["x-content-type-options"]).toBe("nosniff");
    expect((await worker.get("/grid").expect(200)).text).toContain(`href="/grid/reports/${id}"`);
  });

  it("refuses a file that is not a photo at its input, storing nothing", async () => {
    const worker = await loginAs(ctx.app, "grid");
    const csrf = csrfFrom((await worker.get("/grid/reports/new").expect(200)).text);
    const before = await count("grid_reports");
    const bad = await postReport(worker, "/grid/reports", csrf, DISPUTE, Buffer.from("not a picture at all"));
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/id="e-photo1"/);
    expect(bad.text).toContain("刘家和王家因宅基地边界的围墙吵起来了");
    expect(await count("grid_reports")).toBe(before);
  });
});

describe("the centre's and the department's forms", () => {
  async function newReport(summary: string): Promise<number> {
    const worker = await loginAs(ctx.app, "grid");
    const csrf = csrfFrom((await worker.get("/grid/reports/new").expect(200)).text);
    const ok = await postReport(worker, "/grid/reports", csrf, {
      ...DISPUTE,
      category: "hazard",
      summary,
    }).expect(303);
    return Number(/\/grid\/reports\/(\d+)/.exec(ok.headers.location as string)?.[1]);
  }

  it("dispatch and close: 400 keeps the form, a stale version is 409 已被他人处理", async () => {
    const id = await newReport("北洲村三组路边排水沟堵塞，雨天积水漫进两户人家。");
    const centre = await loginAs(ctx.app, "center");
    expect((await centre.get("/").expect(303)).headers.location).toBe("/grid/desk");
    const desk = await centre.get("/grid/desk").expect(200);
    expect(desk.text).toContain(`href="/grid/reports/${id}"`);
    expect(desk.text).toMatch(/已等待 /);

    const page = await centre.get(`/grid/reports/${id}`).expect(200);
    expect(page.text).toContain("分流交办");
    // A hazard has no default target: the reason says where it goes.
    expect(page.text).toContain("安全隐患、群众诉求请转交对应的职能部门办理");
    expect(page.text).not.toMatch(/<input type="radio" name="to" value="\d+" checked>/);
    // A department's week is proposed.
    expect(page.text).toContain('value="2026-12-08"');
    const csrf = csrfFrom(page.text);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1]!;

    const bad = await centre
      .post(`/grid/reports/${id}/dispatch`)
      .type("form")
      .send({ _csrf: csrf, version, to: "", dueOn: "2026-12-08", note: "请尽快疏通" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('value="2026-12-08"');
    expect(bad.text).toContain("请尽快疏通");
    expect(bad.text).toMatch(/id="f-to"[\s\S]*?class="error-message"/);

    const badClose = await centre
      .post(`/grid/reports/${id}/close`)
      .type("form")
      .send({ _csrf: csrf, version, reason: "" });
    expect(badClose.status).toBe(400);
    expect(badClose.text).toMatch(/id="e-reason"/);

    const city = /<input type="radio" name="to" value="(\d+)"[^>]*> <span>渌口区城市管理和综合执法局/.exec(
      page.text,
    )?.[1];
    expect(city).toBeDefined();
    const stale = await centre
      .post(`/grid/reports/${id}/dispatch`)
      .type("form")
      .send({
        _csrf: csrf,
        version: String(Number(version) + 5),
        to: city,
        dueOn: "2026-12-08",
        note: "请尽快疏通",
      });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain("已被他人处理");
    expect(stale.text).toContain("请尽快疏通");

    await centre
      .post(`/grid/reports/${id}/dispatch`)
      .type("form")
      .send({ _csrf: csrf, version, to: city, dueOn: "", note: "请尽快疏通" })
      .expect(303);
    const sent = await centre.get(`/grid/reports/${id}`).expect(200);
    expect(sent.text).toContain("办理中");
    // An emptied due date took a week for a department.
    expect(sent.text).toContain("2026年12月8日");

    // The same form sent again (a second dispatcher's tab) finds it handled.
    const again = await centre
      .post(`/grid/reports/${id}/dispatch`)
      .type("form")
      .send({ _csrf: csrf, version, to: city, dueOn: "2026-12-08" });
    expect(again.status).toBe(409);
    expect(again.text).toContain("已被他人处理");

    const dept = await loginAs(ctx.app, "city");
    expect((await dept.get("/").expect(303)).headers.location).toBe("/grid/orders");
    expect((await dept.get("/grid/orders").expect(200)).text).toContain(`href="/grid/reports/${id}"`);
    const order = await dept.get(`/grid/reports/${id}`).expect(200);
    expect(order.text).toContain("回复办理结果");
    const dcsrf = csrfFrom(order.text);
    const dversion = /name="version" value="(\d+)"/.exec(order.text)![1]!;
    const badReply = await dept
      .post(`/grid/reports/${id}/reply`)
      .type("form")
      .send({ _csrf: dcsrf, version: dversion, result: "", doneOn: "2026-12-01" });
    expect(badReply.status).toBe(400);
    expect(badReply.text).toMatch(/id="e-result"/);
    expect(badReply.text).toContain('value="2026-12-01"');
    await dept
      .post(`/grid/reports/${id}/reply`)
      .type("form")
      .send({
        _csrf: dcsrf,
        version: dversion,
        result: "已派人疏通排水沟，清出淤泥两车。",
        doneOn: "2026-12-01",
      })
      .expect(303);
    expect((await dept.get(`/grid/reports/${id}`).expect(200)).text).toContain("已派人疏通排水沟");
  });

  it("a department it was not sent to gets 404", async () => {
    const id = await newReport("北洲村五组有一处危房墙体开裂。");
    const dept = await loginAs(ctx.app, "city");
    await dept.get(`/grid/reports/${id}`).expect(404);
  });
});

describe("a party's 我要反映问题", () => {
  it("refuses a bad form keeping it, then lists the report on /my", async () => {
    const party = await partyAgent("13912340777");
    const home = await party.get("/my").expect(200);
    expect(home.text).toContain('href="/my/reports/new"');
    const form = await party.get("/my/reports/new").expect(200);
    expect(form.text).toContain("我要反映问题");
    expect(form.text).not.toContain('name="riskLevel"');
    const csrf = csrfFrom(form.text);
    const before = await count("grid_reports");
    const bad = await postReport(party, "/my/reports", csrf, {
      category: "request",
      regionCode: "",
      summary: "村口路灯坏了一个多月，晚上看不见路。",
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("村口路灯坏了一个多月");
    expect(bad.text).toMatch(/id="e-regionCode"/);
    expect(bad.text).toMatch(/value="request" checked/);
    expect(await count("grid_reports")).toBe(before);

    const ok = await postReport(party, "/my/reports", csrf, {
      category: "request",
      regionCode: BEIZHOU,
      summary: "村口路灯坏了一个多月，晚上看不见路。",
    }).expect(303);
    const id = Number(/\/my\/reports\/(\d+)/.exec(ok.headers.location as string)?.[1]);
    expect((await party.get(`/my/reports/${id}`).expect(200)).text).toContain("待分流");
    const listed = await party.get("/my").expect(200);
    expect(listed.text).toContain("我反映的问题");
    expect(listed.text).toContain(`href="/my/reports/${id}"`);
    // Another phone does not see it.
    const other = await partyAgent("13912340778");
    await other.get(`/my/reports/${id}`).expect(404);
  });

  it("sees the outcome and rates it; 不满意 puts it back on the centre's desk with the comment", async () => {
    const phone = "13912340779";
    const party = await partyAgent(phone);
    const csrf = csrfFrom((await party.get("/my/reports/new").expect(200)).text);
    const ok = await postReport(party, "/my/reports", csrf, {
      category: "hazard",
      regionCode: BEIZHOU,
      summary: "北洲村一组桥头护栏断了，孩子上学要经过。",
    }).expect(303);
    const id = Number(/\/my\/reports\/(\d+)/.exec(ok.headers.location as string)?.[1]);
    // The centre sends it to the city management bureau, which answers (through the service).
    const setup = new CaseSetup(ctx.services, ctx.knex);
    const centre = await setup.user("center");
    const targets = await ctx.services.grid.dispatchTargets(centre, id);
    const city = targets.departments.find((d) => d.name === "渌口区城市管理和综合执法局")!;
    await ctx.services.grid.dispatch(centre, id, { version: 1, to: city.id, dueOn: "2026-12-08" });
    const dept = await setup.user("city");
    const { version } = await ctx.services.grid.get(dept, id);
    await ctx.services.grid.reply(dept, id, { version, result: "护栏已临时加固。", doneOn: "2026-12-01" });

    const page = await party.get(`/my/reports/${id}`).expect(200);
    expect(page.text).toContain("护栏已临时加固。");
    expect(page.text).toContain(`action="/my/reports/${id}/rating"`);
    expect((await party.get("/my").expect(200)).text).toContain("请您评价");
    const token = csrfFrom(page.text);
    const bad = await party
      .post(`/my/reports/${id}/rating`)
      .type("form")
      .send({ _csrf: token, comment: "只是临时加固，没有修好" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("只是临时加固，没有修好");
    expect(bad.text).toMatch(/id="f-satisfaction"[\s\S]*?class="error-message"/);
    await party
      .post(`/my/reports/${id}/rating`)
      .type("form")
      .send({ _csrf: token, satisfaction: "dissatisfied", comment: "只是临时加固，没有修好" })
      .expect(303);

    const desk = await (await loginAs(ctx.app, "center")).get("/grid/desk").expect(200);
    const row = desk.text.slice(desk.text.indexOf(`href="/grid/reports/${id}"`));
    expect(row.slice(0, 800)).toContain("群众不满意，已退回：</strong>“只是临时加固，没有修好”");
  });
});
