import ExcelJS from "exceljs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STALE_MESSAGE } from "../../src/errors.js";
import {
  CaseApi,
  countRows,
  expectProblem,
  fieldsOf,
  intakeBody,
  loadRefs,
  LONG_TOKENS,
  person,
  prepareForMediation,
  sessionBody,
  TestClock,
  type PartyBody,
  type Refs,
} from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { apiToken, csrfOf, loginAs, type Agent } from "../support/web.js";

/**
 * Mediator pools, teams and matching through the API and the web pages, on the demo county:
 * 北洲村's 五老 team (谢春生 has declared his nephew 刘建军), the county expert pool (曾国栋's only
 * batch has run out), the traffic committee's expert 黄立新. "Today" is 23 November 2026.
 */

const clock = new TestClock("2026-11-23");
let ctx: TestContext;
let refs: Refs;
let clerk: CaseApi;
let mediator: CaseApi;

/** The nephew 谢春生 declared, as a party. */
const NEPHEW: PartyBody = {
  side: "applicant",
  kind: "person",
  name: "刘建军",
  idNumber: "430212198003152118",
  ethnicity: "汉族",
  occupation: "货车司机",
  phone: "13973310211",
  address: "湖南省株洲市渌口区南洲镇北洲村",
};

function trafficCase(parties: PartyBody[] = [NEPHEW, person("respondent", "邓桂花")]) {
  return intakeBody({
    source: "police_referral",
    typeCode: "road_traffic",
    summary: "货车与电动三轮车在村道会车时相撞，三轮车驾驶人受伤，双方就医疗费和误工费协商不成。",
    amountFen: 8_600_000,
    parties,
  });
}

interface Match {
  mediatorId: number;
  name: string;
  kind: string;
  score: number;
  rank?: number;
  reasons: string[];
  excluded?: string;
  source: string;
  activeCases: number;
  factors: { factor: string; points: number; max: number; text: string }[];
}

async function matches(api: CaseApi, id: number, query = ""): Promise<Match[]> {
  const res = await request(ctx.app)
    .get(`/api/v1/cases/${id}/matches${query}`)
    .set("Authorization", `Bearer ${await apiToken(ctx.app, api.username)}`);
  expect(res.status, res.text).toBe(200);
  return res.body as Match[];
}

async function accepted(body = trafficCase()): Promise<number> {
  const { id } = await clerk.create(body);
  await clerk.do(id, "accept");
  return id;
}

let tokens: Record<string, string> = {};
const api = (username: string) => ({
  get: async (path: string) =>
    request(ctx.app)
      .get(`/api/v1${path}`)
      .set("Authorization", `Bearer ${(tokens[username] ??= await apiToken(ctx.app, username))}`),
  post: async (path: string, body: unknown, type?: string) => {
    const req = request(ctx.app)
      .post(`/api/v1${path}`)
      .set("Authorization", `Bearer ${(tokens[username] ??= await apiToken(ctx.app, username))}`);
    return type ? req.set("Content-Type", type).send(body as Buffer) : req.send(body as object);
  },
  put: async (path: string, body: unknown) =>
    request(ctx.app)
      .put(`/api/v1${path}`)
      .set("Authorization", `Bearer ${(tokens[username] ??= await apiToken(ctx.app, username))}`)
      .send(body as object),
});

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  refs = await loadRefs(ctx.knex);
  tokens = {};
  [clerk, mediator] = await Promise.all([CaseApi.as(ctx.app, "clerk"), CaseApi.as(ctx.app, "mediator")]);
});
afterAll(() => ctx.close());

describe("GET /cases/{id}/matches", () => {
  it("ranks the traffic expert first for a road-traffic case, with the reasons, and shows who is excluded and why", async () => {
    const id = await accepted();
    const list = await matches(clerk, id);
    const first = list[0]!;
    expect(first).toMatchObject({ name: "黄立新", kind: "expert", rank: 1 });
    expect(first.reasons).toEqual(expect.arrayContaining(["擅长道路交通事故纠纷", "同在渌口区"]));
    expect(first.source).toBe("渌口区人民调解专家库（第二批）");
    // The weights add up to 100 when no language is asked for: the score is the points, rounded.
    expect(first.score).toBe(Math.round(first.factors.reduce((s, f) => s + f.points, 0)));
    const excluded = Object.fromEntries(list.filter((m) => m.excluded).map((m) => [m.name, m.excluded]));
    expect(excluded).toEqual({
      谢春生: "与当事人刘建军有亲属关系，依法应当回避",
      彭思源: "外出培训（11月16日至12月20日），拟定日期均不能参加调解",
      曾国栋: "渌口区人民调解专家库第一批聘期已于2026年2月28日届满",
    });
    for (const m of list.filter((x) => x.excluded)) expect(m).toMatchObject({ score: 0 });
    expect(list.filter((m) => m.excluded).every((m) => m.rank === undefined)).toBe(true);
    // Ranked first, excluded after; another village's 五老 is not a candidate at all.
    const names = list.map((m) => m.name);
    expect(names.indexOf("谢春生")).toBeGreaterThan(names.indexOf("汤文斌"));
    expect(names).not.toContain("谭国富");
  });

  it("takes proposed dates and languages into account", async () => {
    const id = await accepted(trafficCase([person("applicant", "龙秋生"), person("respondent", "石小妹")]));
    const later = await matches(clerk, id, "?dates=2026-12-22,2026-12-23");
    expect(later.find((m) => m.name === "彭思源")!.excluded).toBeUndefined();
    const miao = await matches(clerk, id, `?languages=${encodeURIComponent("苗语")}`);
    expect(miao.find((m) => m.name === "龙秀英")!.reasons).toContain("会说苗语");
    const bad = expectProblem(
      await request(ctx.app)
        .get(`/api/v1/cases/${id}/matches?dates=2026-13-45`)
        .set("Authorization", `Bearer ${await apiToken(ctx.app, "clerk")}`),
      400,
    );
    expect(fieldsOf(bad)[0]).toMatch(/^dates/);
  });

  it("answers 404 for a case the caller cannot see", async () => {
    const id = await accepted();
    const res = await await api("clerk2").get(`/cases/${id}/matches`);
    expectProblem(res, 404);
    expect((await api("officer").get(`/cases/${id}/matches`)).status).toBe(200);
  });
});

describe("GET /mediators", () => {
  it("filters by kind, specialty and region and says who is available", async () => {
    const res = await api("clerk").get("/mediators?specialty=road_traffic");
    expect(res.status).toBe(200);
    const items = res.body as {
      name: string;
      kind: string;
      level?: string;
      available: boolean;
      specialties: string[];
    }[];
    expect(items.map((m) => m.name)).toEqual(["黄立新", "曾国栋"]);
    expect(items[0]).toMatchObject({
      kind: "expert",
      level: "county",
      available: true,
      activeCases: 0,
      capacity: 8,
    });
    expect(items[0]!.specialties).toEqual(["damages", "road_traffic"]);
    expect(items[1]).toMatchObject({ available: false });
    expect(items[1]!.level).toBeUndefined();
    const elders = (await api("clerk").get("/mediators?kind=five_elders&region=430212101201")).body as {
      name: string;
    }[];
    expect(elders.map((m) => m.name)).toEqual(["刘长庚", "何德顺", "罗玉梅", "谢春生"]);
    expectProblem(await api("clerk").get("/mediators?kind=judge"), 400);
  });

  it("shows a village clerk their own village and those who serve it, not the next village", async () => {
    const names = ((await api("clerk2").get("/mediators")).body as { name: string }[]).map((m) => m.name);
    expect(names).toContain("谭国富");
    expect(names).toContain("黄立新");
    expect(names).not.toContain("何德顺");
    expectProblem(await api("clerk2").get(`/mediators/${refs.mediator("何德顺")}`), 404);
    expect((await api("clerk").get(`/mediators/${refs.mediator("何德顺")}`)).status).toBe(200);
  });
});

describe("assigning from the matches", () => {
  it("assigns a team as a whole: its lead leads, the related member stays out, and the timeline says so", async () => {
    const id = await accepted();
    const kase = await clerk.detail(id);
    await clerk.do(id, "record-consent", {
      noticeGivenOn: "2026-11-23",
      consents: kase.parties.map((p) => ({ partyId: p.id, consented: true })),
    });
    const teamId = Number(
      (await ctx.knex("mediator_teams").where({ name: "北洲村“五老”调解队" }).first()).id,
    );
    const done = await clerk.do(id, "assign", { teamId });
    expect(done.assignments.filter((a) => !a.endedAt).map((a) => [a.mediatorName, a.role])).toEqual([
      ["何德顺", "lead"],
      ["刘长庚", "co"],
      ["罗玉梅", "co"],
    ]);
    expect(done.events.at(-1)!.summary).toBe(
      "整体指派北洲村“五老”调解队：主持调解员：何德顺；协助调解员：刘长庚、罗玉梅（谢春生不参加：与当事人刘建军有亲属关系，依法应当回避）",
    );
    const rows = await ctx.knex("case_assignments").where({ case_id: id });
    expect(rows.every((r: { team_id: number }) => Number(r.team_id) === teamId)).toBe(true);

    // Naming the related member one by one is refused, whoever asks.
    const refused = expectProblem(
      await clerk.try(id, "assign", {
        mediators: [
          { mediatorId: refs.mediator("何德顺"), role: "lead" },
          { mediatorId: refs.mediator("谢春生"), role: "co" },
        ],
      }),
      400,
    );
    expect(refused.errors).toEqual([
      { field: "mediators.1.mediatorId", message: "谢春生与当事人刘建军有亲属关系，依法应当回避" },
    ]);

    // Re-assigning to the expert the parties chose keeps the history.
    const chosen = await clerk.do(id, "assign", {
      mediators: [{ mediatorId: refs.mediator("黄立新"), role: "lead" }],
      chosenBy: "parties",
      reason: "双方当事人共同选定交通事故专家调解",
    });
    expect(chosen.assignments.filter((a) => !a.endedAt).map((a) => a.mediatorName)).toEqual(["黄立新"]);
    expect(chosen.assignments.filter((a) => a.endedAt).map((a) => a.endReason)).toEqual([
      "双方当事人共同选定交通事故专家调解",
      "双方当事人共同选定交通事故专家调解",
      "双方当事人共同选定交通事故专家调解",
    ]);
    expect(chosen.events.at(-1)!.summary).toContain("主持调解员：黄立新（当事人选定）");
    const last = await ctx.knex("case_assignments").where({ case_id: id }).orderBy("id", "desc").first();
    expect(last).toMatchObject({ chosen_by: "parties", team_id: null });

    // The expert's load shows in the next case's matches and in the list.
    const next = await accepted();
    expect((await matches(clerk, next)).find((m) => m.name === "黄立新")!.activeCases).toBe(1);
  });

  it("refuses an expert whose term is over and a team lead who must step aside", async () => {
    const id = await accepted();
    const expired = expectProblem(
      await clerk.try(id, "assign", { mediators: [{ mediatorId: refs.mediator("曾国栋"), role: "lead" }] }),
      400,
    );
    expect(expired.errors![0]!.message).toBe("曾国栋渌口区人民调解专家库第一批聘期已于2026年2月28日届满");
    const teamId = Number(
      (await ctx.knex("mediator_teams").where({ name: "北洲村“五老”调解队" }).first()).id,
    );
    const lead = expectProblem(
      await clerk.try(id, "assign", { teamId, teamLeadId: refs.mediator("谢春生") }),
      400,
    );
    expect(fieldsOf(lead)).toEqual(["teamLeadId"]);
    expect(lead.errors![0]!.message).toContain("团队主持调解员谢春生与当事人刘建军有亲属关系");
    const notMember = expectProblem(
      await clerk.try(id, "assign", { teamId, teamLeadId: refs.mediator("王德明") }),
      400,
    );
    expect(notMember.errors![0]!.message).toBe("团队主持调解员须是该团队的成员");
    expect(await countRows(ctx.knex, "case_assignments", { case_id: id })).toBe(0);
  });

  it("records a party's objection: the mediator leaves the case and is excluded from then on", async () => {
    const { id } = await clerk.create(intakeBody({ summary: "两家因院墙滴水发生争执。" }));
    await prepareForMediation(clerk, id, refs.mediator("王德明"), "2026-11-23");
    const kase = await clerk.detail(id);
    const respondent = kase.parties.find((p) => p.side === "respondent")!;
    expect(kase.allowedActions).toContain("record-objection");
    expect((await mediator.detail(id)).allowedActions).not.toContain("record-objection");
    const after = await clerk.do(id, "record-objection", {
      partyId: respondent.id,
      mediatorId: refs.mediator("王德明"),
      reason: "王德明曾为申请人说情，担心调解不公",
    });
    expect(after.assignments.filter((a) => !a.endedAt)).toEqual([]);
    expect(after.assignments[0]!.endReason).toBe("当事人王桂香申请回避：王德明曾为申请人说情，担心调解不公");
    expect(after.events.at(-1)!.summary).toBe(
      "当事人王桂香申请王德明回避：王德明曾为申请人说情，担心调解不公；王德明不再参与本案，请重新指派主持调解员",
    );
    expect(after.allowedActions).not.toContain("record-session");
    const wang = (await matches(clerk, id)).find((m) => m.name === "王德明")!;
    expect(wang.excluded).toBe("当事人王桂香申请其回避：王德明曾为申请人说情，担心调解不公");
    const again = expectProblem(
      await clerk.try(id, "assign", { mediators: [{ mediatorId: refs.mediator("王德明"), role: "lead" }] }),
      400,
    );
    expect(again.errors![0]!.message).toContain("当事人王桂香申请其回避");
    const twice = expectProblem(
      await clerk.try(id, "record-objection", {
        partyId: respondent.id,
        mediatorId: refs.mediator("王德明"),
        reason: "再次申请",
      }),
      400,
    );
    expect(twice.errors![0]!.message).toBe("当事人王桂香已申请王德明回避");
  });
});

describe("a mediator's record", () => {
  it("counts open cases, outcomes by type, days and satisfaction from follow-ups", async () => {
    clock.set("2026-11-02");
    const { id } = await clerk.create(intakeBody({ summary: "鸡鸭毁坏菜地纠纷。" }));
    await prepareForMediation(clerk, id, refs.mediator("陈志强"), "2026-11-02");
    const director = await CaseApi.as(ctx.app, "director");
    clock.set("2026-11-12");
    await director.do(
      id,
      "record-session",
      sessionBody("2026-11-12T10:00:00+08:00", "agreement", "双方和解。"),
    );
    const kase = await director.detail(id);
    const [a, b] = [kase.parties[0]!, kase.parties[1]!];
    await director.do(id, "record-agreement", {
      form: "oral",
      terms: "赔偿菜苗损失 100 元。",
      obligations: [
        { obligor: b.id, obligee: a.id, content: "赔偿菜苗损失", amountFen: 10000, dueOn: "2026-11-20" },
      ],
      signedOn: "2026-11-12",
    });
    clock.set("2026-11-23");
    await director.do(id, "follow-up", {
      visitedOn: "2026-11-23",
      method: "visit",
      performed: "yes",
      satisfaction: "satisfied",
    });
    const open = await accepted(intakeBody({ summary: "宅基地界址纠纷。" }));
    await clerk.do(open, "assign", { mediators: [{ mediatorId: refs.mediator("陈志强"), role: "lead" }] });
    const record = (await api("clerk").get(`/mediators/${refs.mediator("陈志强")}/record`)).body as {
      currentCases: { id: number; role: string }[];
      byType: { typeCode: string; total: number; concluded: number; successful: number; avgDays: number }[];
      avgDays: number;
      satisfaction: { satisfied: number; total: number; rate: number };
    };
    // The agreement being performed is still theirs to watch over, as is the case just assigned.
    expect(record.currentCases.map((c) => [c.id, c.role])).toEqual([
      [id, "lead"],
      [open, "lead"],
    ]);
    expect(record.byType).toEqual([
      expect.objectContaining({
        typeCode: "neighbourhood",
        total: 2,
        concluded: 1,
        successful: 1,
        avgDays: 10,
      }),
    ]);
    expect(record.satisfaction).toMatchObject({ satisfied: 1, total: 1, rate: 1 });
    const page = await (
      await loginAs(ctx.app, "officer")
    )
      .get(`/mediators/${refs.mediator("陈志强")}`)
      .expect(200);
    expect(page.text).toContain("已办结 1 件，调解成功 1 件，平均用时 10 天");
    expect(page.text).toContain("满意率 100%");
  });
});

describe("keeping mediator records on the web", () => {
  let web: Agent;
  beforeAll(async () => {
    web = await loginAs(ctx.app, "clerk");
  });

  const form = (csrf: string, over: Record<string, string | string[]> = {}) => ({
    _csrf: csrf,
    name: "石秋菊",
    organisationId: String(refs.org("北洲村人民调解委员会")),
    kind: "five_elders",
    fiveEldersKind: "old_deputy",
    birthYear: "1957",
    languages: "普通话、渌口话",
    specialties: ["marriage_family", "neighbourhood"],
    capacity: "3",
    active: "on",
    ...over,
  });

  it("names every bad field in Chinese, keeps what was typed, and saves nothing", async () => {
    const before = await countRows(ctx.knex, "mediators");
    const res = await web
      .post("/mediators")
      .type("form")
      .send(
        form(await csrfOf(web, "/mediators/new"), {
          name: "",
          birthYear: "57",
          capacity: "0",
          homeRegionCode: "999",
        }),
      )
      .expect(400);
    expect(res.text).toContain("请填写姓名");
    expect(res.text).toContain("出生年份不能早于 1900 年");
    expect(res.text).toContain("同时办理案件上限应为 1–50 的整数");
    expect(res.text).toContain("居住地应为 12 位区划代码");
    expect(res.text).toContain('value="57"');
    expect(res.text).toContain('value="普通话、渌口话"');
    expect(res.text).toMatch(
      /id="f-specialty-marriage_family" name="specialties" value="marriage_family" checked/,
    );
    expect(await countRows(ctx.knex, "mediators")).toBe(before);
  });

  it("registers a mediator with an audit event, and refuses a stale edit", async () => {
    const res = await web
      .post("/mediators")
      .type("form")
      .send(form(await csrfOf(web, "/mediators/new")))
      .expect(303);
    const id = Number(res.headers.location!.match(/\/mediators\/(\d+)/)![1]);
    const page = await web.get(`/mediators/${id}`).expect(200);
    expect(page.text).toContain("“五老”调解员（老代表）");
    expect(page.text).toContain("婚姻家庭、邻里");
    const audit = await ctx.knex("audit_events").where({ entity_type: "mediator", entity_id: String(id) });
    expect(audit.map((a: { action: string }) => a.action)).toEqual(["mediator.create"]);

    const csrf = await csrfOf(web, `/mediators/${id}/edit`);
    await web
      .post(`/mediators/${id}`)
      .type("form")
      .send(form(csrf, { version: "1", capacity: "4" }))
      .expect(303);
    const stale = await web
      .post(`/mediators/${id}`)
      .type("form")
      .send(form(csrf, { version: "1", capacity: "5", title: "原县人大代表" }))
      .expect(409);
    expect(stale.text).toContain(STALE_MESSAGE);
    expect(stale.text).toContain('value="原县人大代表"');
    expect((await ctx.knex("mediators").where({ id }).first()).capacity).toBe(4);
    // Another village's clerk cannot see it; the CSRF token is required.
    const other = await loginAs(ctx.app, "clerk2");
    await other.get(`/mediators/${id}`).expect(404);
    await web
      .post(`/mediators/${id}`)
      .type("form")
      .send({ ...form(""), version: "2" })
      .expect(403);
  });

  it("lets a mediator declare their own absence and ties, which matching then respects", async () => {
    const wang = refs.mediator("王德明");
    const own = await loginAs(ctx.app, "mediator");
    const bad = await own
      .post(`/mediators/${wang}/relations`)
      .type("form")
      .send({
        _csrf: await csrfOf(own, `/mediators/${wang}`),
        kind: "kin",
        personName: "王二",
        idNumber: "430212198003152117",
      })
      .expect(400);
    expect(bad.text).toContain("身份证号校验位不正确");
    expect(bad.text).toContain('value="王二"');
    await own
      .post(`/mediators/${wang}/unavailability`)
      .type("form")
      .send({
        _csrf: await csrfOf(own, `/mediators/${wang}`),
        fromOn: "2026-11-23",
        toOn: "2026-11-30",
        reason: "illness",
      })
      .expect(303);
    const id = await accepted(intakeBody({ summary: "邻里通行纠纷。" }));
    expect((await matches(clerk, id)).find((m) => m.name === "王德明")!.excluded).toBe(
      "生病（11月23日至11月30日），拟定日期均不能参加调解",
    );
    // Not someone else's record.
    await own
      .post(`/mediators/${refs.mediator("陈志强")}/unavailability`)
      .type("form")
      .send({
        _csrf: await csrfOf(own, `/mediators/${wang}`),
        fromOn: "2026-11-23",
        toOn: "2026-11-30",
        reason: "leave",
      })
      .expect(403);
  });

  it("shows the panel on the case page and the assign form's choices", async () => {
    const id = await accepted();
    const page = await web.get(`/cases/${id}`).expect(200);
    expect(page.text).toContain("推荐调解员");
    expect(page.text).toContain(`/cases/${id}/actions/assign?lead=${refs.mediator("黄立新")}`);
    expect(page.text).toContain(
      "谢春生</strong>（“五老”调解员（老军人） · 本委员会）：与当事人刘建军有亲属关系，依法应当回避",
    );
    const assign = await web.get(`/cases/${id}/actions/assign?team=1`).expect(200);
    expect(assign.text).toMatch(/<option value="1" selected>北洲村“五老”调解队/);
    const officerPage = await (await loginAs(ctx.app, "officer")).get(`/cases/${id}`).expect(200);
    expect(officerPage.text).toContain("推荐调解员");
    expect(officerPage.text).not.toContain("指派为主持调解员");
  });
});

describe("importing a roster", () => {
  const CSV = [
    "姓名,性别,出生年份,联系电话,类别,五老类别,职务/身份,专长,居住地",
    "易桂芳,女,1960,13907339001,五老,老教师,退休教师,婚姻家庭、邻里,北洲村",
    "唐国华,男,19xx,13907339002,乡贤,,,合同,北洲村",
    "黎明,男,1970,13907339003,村医,,,医疗纠纷,洲坪村",
  ].join("\n");

  it("previews row by row, imports nothing until confirmed, then only the good rows", async () => {
    const web = await loginAs(ctx.app, "clerk");
    const before = await countRows(ctx.knex, "mediators");
    const res = await web
      .post("/mediators/import")
      .type("form")
      .send({
        _csrf: await csrfOf(web, "/mediators/import"),
        organisationId: String(refs.org("北洲村人民调解委员会")),
        filename: "2026年名册",
        content: CSV,
      })
      .expect(303);
    const preview = await web.get(res.headers.location!).expect(200);
    expect(preview.text).toContain("共 3 行，可以导入 1 行，有错误 2 行");
    expect(preview.text).toContain("出生年份应为四位年份");
    expect(preview.text).toContain("类别“村医”无法识别");
    expect(await countRows(ctx.knex, "mediators")).toBe(before);
    const confirmed = await web
      .post(res.headers.location!)
      .type("form")
      .send({ _csrf: await csrfOf(web, res.headers.location!), version: "1" })
      .expect(303);
    expect((await web.get(confirmed.headers.location!)).text).toContain(
      "已导入 1 名调解员，2 行有错误未导入",
    );
    expect(await countRows(ctx.knex, "mediators")).toBe(before + 1);
    const yi = await ctx.knex("mediators").where({ name: "易桂芳" }).first();
    expect(yi).toMatchObject({
      kind: "five_elders",
      five_elders_kind: "old_teacher",
      home_region_code: "430212101201",
    });
    expect(await countRows(ctx.knex, "audit_events", { action: "mediator.import" })).toBe(1);
    // A second confirmation imports nothing more.
    await web
      .post(res.headers.location!)
      .type("form")
      .send({ _csrf: await csrfOf(web, "/mediators"), version: "2" })
      .expect(409);
    expect(await countRows(ctx.knex, "mediators")).toBe(before + 1);
    // The preview is its uploader's own.
    await (await loginAs(ctx.app, "director")).get(res.headers.location!).expect(404);
  });

  it("reads an Excel workbook sent to the API", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("名册");
    sheet.addRow(["姓名", "性别", "出生年份", "联系电话", "类别", "专长"]);
    sheet.addRow(["贺海军", "男", 1966, 13907339011, "专家", "医疗"]);
    sheet.addRow(["", "", "", "", "", ""]);
    sheet.addRow(["宁小燕", "女", 1988, "13907339012", "律师", "物业、合同"]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const bureau = refs.org("渌口区司法局");
    const res = await api("officer").post(
      `/mediators/imports?organisationId=${bureau}&filename=${encodeURIComponent("专家名册.xlsx")}`,
      file,
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      validRows: 2,
      errorRows: 0,
      status: "preview",
      filename: "专家名册.xlsx",
    });
    const done = await api("officer").post(`/mediators/imports/${res.body.id}/confirm`, { version: 1 });
    expect(done.body).toMatchObject({ imported: 2 });
    const he = await ctx.knex("mediators").where({ name: "贺海军" }).first();
    expect(he).toMatchObject({ kind: "expert", phone: "13907339011", organisation_id: bureau });
    // A clerk cannot import into the bureau.
    const refused = await api("clerk").post(
      `/mediators/imports?organisationId=${bureau}`,
      "姓名\n某人",
      "text/csv",
    );
    expect(fieldsOf(expectProblem(refused, 400))).toEqual(["organisationId"]);
  });
});

describe("expert pools and teams", () => {
  it("lets the bureau open a batch and appoint experts; a clerk may only read", async () => {
    const pool = (await api("officer").get("/expert-pools")).body[0] as {
      id: number;
      batches: { name: string }[];
    };
    expect(pool.batches.map((b) => b.name)).toEqual(["第一批", "第二批"]);
    const batch = await api("officer").post(`/expert-pools/${pool.id}/batches`, {
      appointedOn: "2026-11-20",
      termStart: "2026-12-01",
      termEnd: "2029-11-30",
    });
    expect(batch.status, batch.text).toBe(201);
    expect(batch.body).toMatchObject({ name: "第三批", state: "future" });
    const appointed = await api("officer").post(`/expert-pools/${pool.id}/batches/${batch.body.id}/members`, {
      mediatorIds: [refs.mediator("曾国栋")],
    });
    expect(appointed.body.members.map((m: { name: string }) => m.name)).toEqual(["曾国栋"]);
    // Not in term until December: still excluded, now saying when the new term starts.
    const id = await accepted();
    expect((await matches(clerk, id)).find((m) => m.name === "曾国栋")!.excluded).toBe(
      "渌口区人民调解专家库第三批聘期自2026年12月1日开始，尚未到任",
    );
    expectProblem(
      await api("clerk").post(`/expert-pools/${pool.id}/batches`, {
        appointedOn: "2026-11-20",
        termStart: "2026-12-01",
        termEnd: "2027-11-30",
      }),
      403,
    );
    const badTerm = expectProblem(
      await api("officer").post(`/expert-pools/${pool.id}/batches`, {
        appointedOn: "2026-11-20",
        termStart: "2026-12-01",
        termEnd: "2026-11-30",
      }),
      400,
    );
    expect(badTerm.errors).toEqual([{ field: "termEnd", message: "聘期结束日期应晚于开始日期" }]);
    expect((await api("officer").get(`/expert-pools/${pool.id}`)).body.canManage).toBe(true);
    expect((await api("clerk").get(`/expert-pools/${pool.id}`)).body.canManage).toBe(false);
    expect(await countRows(ctx.knex, "audit_events", { action: "pool.appoint" })).toBe(1);
  });

  it("lets a clerk form a team in their committee and edit it with a version", async () => {
    const created = await api("clerk").post("/mediator-teams", {
      name: "北洲村第一村民小组调解小组",
      kind: "other",
      organisationId: refs.org("北洲村人民调解委员会"),
      leadMediatorId: refs.mediator("王小平"),
      memberIds: [refs.mediator("谢春生")],
      active: true,
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.members.map((m: { name: string }) => m.name)).toEqual(["王小平", "谢春生"]);
    const body = {
      name: "北洲村第一村民小组调解小组",
      kind: "other",
      organisationId: refs.org("北洲村人民调解委员会"),
      leadMediatorId: refs.mediator("王小平"),
      memberIds: [refs.mediator("谢春生"), refs.mediator("罗玉梅")],
      active: true,
      version: 1,
    };
    expect((await api("clerk").put(`/mediator-teams/${created.body.id}`, body)).status).toBe(200);
    expectProblem(await api("clerk").put(`/mediator-teams/${created.body.id}`, body), 409);
    const elsewhere = expectProblem(
      await api("clerk2").post("/mediator-teams", {
        ...body,
        name: "另一组",
        organisationId: refs.org("北洲村人民调解委员会"),
      }),
      400,
    );
    expect(fieldsOf(elsewhere)).toContain("organisationId");
  });
});
