/**
 * The case list's search through the search index (src/cases/search-index.ts), over HTTP: by part
 * of a party's name, by initials, resident ID and phone, by a word of the summary and part of the
 * number; kept right when a party is renamed or a case referred (new number) or deleted; limited
 * to what the caller may see; any q answered without an error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CaseApi,
  intakeBody,
  LONG_TOKENS,
  loadRefs,
  person,
  REGIONS,
  TestClock,
  type Refs,
} from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { loginAs, type Agent } from "../support/web.js";

const clock = new TestClock("2026-10-12");
let ctx: TestContext;
let refs: Refs;
let clerk: CaseApi;
let clerk2: CaseApi;
let officer: CaseApi;
let web: Agent;

/** Ouyang Xiaoming and Peng Shuzhen over a fish pond; Tan Manxiu and a company over wages. */
let pond: { id: number; number: string };
let wages: { id: number; number: string };
const ouyang = person("applicant", "欧阳小明", { phone: "13975319001" });
const peng = person("respondent", "彭淑珍");

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  refs = await loadRefs(ctx.knex);
  [clerk, clerk2, officer] = await Promise.all([
    CaseApi.as(ctx.app, "clerk"),
    CaseApi.as(ctx.app, "clerk2"),
    CaseApi.as(ctx.app, "officer"),
  ]);
  web = await loginAs(ctx.app, "clerk");
  pond = await clerk.create(
    intakeBody({
      typeCode: "contract",
      summary: "鱼塘承包款结算纠纷，双方对承包年限（2019 至 2025 年）有争议。",
      parties: [ouyang, peng],
    }),
  );
  wages = await clerk.create(
    intakeBody({
      typeCode: "labour",
      summary: "务工人员与包工头就拖欠工资发生纠纷。",
      parties: [person("applicant", "谭满秀"), person("respondent", "谭建军")],
    }),
  );
});
afterAll(() => ctx.close());

const ids = async (api: CaseApi, q: string) =>
  (await api.page({ q, pageSize: 100 })).items.map((i) => i.id).sort((a, b) => a - b);

describe("searching the case list", () => {
  it("finds a party by two characters of the name, at its start, middle or end", async () => {
    for (const q of ["欧阳", "阳小", "小明", "彭淑", "淑珍"])
      expect(await ids(clerk, q), q).toEqual([pond.id]);
    expect(await ids(clerk, "满秀")).toEqual([wages.id]);
  });

  it("finds by one character and by the whole name", async () => {
    expect(await ids(clerk, "谭")).toEqual([wages.id]);
    expect(await ids(clerk, "珍")).toEqual([pond.id]);
    expect(await ids(clerk, "欧阳小明")).toEqual([pond.id]);
    expect(await ids(clerk, "谭建军")).toEqual([wages.id]);
  });

  it("does not find a term made of the end of one name and the start of the next", async () => {
    expect(await ids(clerk, "明彭")).toEqual([]);
    expect(await ids(clerk, "小明彭淑")).toEqual([]);
    expect(await ids(clerk, "秀谭")).toEqual([]);
  });

  it("finds by pinyin initials, in either case, and by resident ID (x or X) and phone", async () => {
    expect(await ids(clerk, "oyxm")).toEqual([pond.id]);
    expect(await ids(clerk, "PSZ")).toEqual([pond.id]);
    expect(await ids(clerk, "tm")).toEqual([wages.id]);
    expect(await ids(clerk, ouyang.idNumber!)).toEqual([pond.id]);
    expect(await ids(clerk, ouyang.idNumber!.toLowerCase())).toEqual([pond.id]);
    expect(await ids(clerk, ouyang.phone!)).toEqual([pond.id]);
    // Part of an ID or phone is not a match: they are compared whole.
    expect(await ids(clerk, ouyang.phone!.slice(0, 7))).toEqual([]);
  });

  it("finds by a word of the summary, digits and punctuation included", async () => {
    expect(await ids(clerk, "鱼塘承包")).toEqual([pond.id]);
    expect(await ids(clerk, "拖欠工资")).toEqual([wages.id]);
    expect(await ids(clerk, "纠纷")).toEqual([pond.id, wages.id]);
    expect(await ids(clerk, "（2019 至")).toEqual([pond.id]);
    expect(await ids(clerk, "2019至")).toEqual([]);
    expect(await ids(clerk, "没有这样的纠纷")).toEqual([]);
  });

  it("finds by part of the case number: its digits, its 号, its year", async () => {
    const seq = pond.number.match(/第(\d+)号$/)![1]!;
    expect(await ids(clerk, `第${seq}号`)).toEqual([pond.id]);
    expect(await ids(clerk, pond.number)).toEqual([pond.id]);
    expect(await ids(clerk, pond.number.slice(1, -1))).toEqual([pond.id]);
    expect(await ids(clerk, String(clock.year()))).toEqual([pond.id, wages.id]);
  });

  it("answers any q, quotes and search operators included, as plain text", async () => {
    for (const q of [
      '"',
      "*",
      ":",
      "&",
      "|",
      "!",
      "(",
      "'",
      "\\",
      "%",
      "_",
      '欧阳"',
      "欧阳*",
      "小明 OR 谭",
      "a:*",
      "x & y",
    ]) {
      const res = await clerk.list({ q });
      expect(res.status, `${q}: ${res.text}`).toBe(200);
      expect(res.body.total, q).toBe(0);
    }
    const page = await web.get(`/cases?q=${encodeURIComponent("\"'*:&|!(\\")}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("共 0 件");
  });

  it("searches in the web list too", async () => {
    const page = await web.get(`/cases?q=${encodeURIComponent("淑珍")}`).expect(200);
    expect(page.text).toContain(pond.number);
    expect(page.text).not.toContain(wages.number);
  });
});

describe("keeping the index right", () => {
  it("finds a renamed party by the new name, not the old one", async () => {
    const kase = await clerk.detail(wages.id);
    const party = kase.parties.find((p) => p.name === "谭建军")!;
    await clerk.do(wages.id, "update-party", {
      partyId: party.id,
      party: person("respondent", "谭建新"),
    });
    expect(await ids(clerk, "谭建军")).toEqual([]);
    expect(await ids(clerk, "建军")).toEqual([]);
    expect(await ids(clerk, "tjj")).toEqual([]);
    expect(await ids(clerk, "谭建新")).toEqual([wages.id]);
    expect(await ids(clerk, "建新")).toEqual([wages.id]);
    expect(await ids(clerk, "tjx")).toEqual([wages.id]);
    // The other party is still there.
    expect(await ids(clerk, "谭满秀")).toEqual([wages.id]);
  });

  it("finds a referred case by its new number, not the old one", async () => {
    const moved = await clerk.create(
      intakeBody({ parties: [person("applicant", "龙腾飞"), person("respondent", "龙海燕")] }),
    );
    const target = refs.org("洲坪村人民调解委员会");
    await clerk.do(moved.id, "refer", { organisationId: target, reason: "纠纷发生在洲坪村" });
    const now = await clerk2.detail(moved.id);
    expect(now.number).not.toBe(moved.number);
    expect(await ids(officer, now.number)).toEqual([moved.id]);
    expect(await ids(officer, moved.number)).toEqual([]);
    expect(await ids(clerk2, "龙腾飞")).toEqual([moved.id]);
    // The committee that referred it no longer finds it (PostgreSQL: its committee lexeme moved too).
    expect(await ids(clerk, "龙腾飞")).toEqual([]);
  });

  it("drops a deleted case from the index", async () => {
    const gone = await clerk.create(
      intakeBody({ parties: [person("applicant", "邝一鸣"), person("respondent", "邝二鸣")] }),
    );
    expect(await ids(clerk, "一鸣")).toEqual([gone.id]);
    await ctx.knex("cases").where({ id: gone.id }).delete();
    const left =
      ctx.dialect === "sqlite"
        ? await ctx.knex("case_search").where("rowid", gone.id).count({ n: "*" }).first()
        : await ctx.knex("case_search").where("case_id", gone.id).count({ n: "*" }).first();
    expect(Number(left?.n)).toBe(0);
    expect(await ids(officer, "一鸣")).toEqual([]);
  });
});

describe("who may find what", () => {
  it("does not show a clerk another committee's case, however it is searched", async () => {
    for (const q of [
      "欧阳小明",
      "阳小",
      "欧",
      "oyxm",
      ouyang.idNumber!,
      ouyang.phone!,
      "鱼塘承包",
      pond.number,
    ])
      expect((await clerk2.page({ q })).total, q).toBe(0);
    const other = await clerk2.create(
      intakeBody({
        regionCode: REGIONS.zhouping,
        parties: [person("applicant", "欧阳春"), person("respondent", "刘芳")],
      }),
    );
    expect(await ids(clerk2, "欧阳")).toEqual([other.id]);
    expect(await ids(clerk, "欧阳")).toEqual([pond.id]);
    expect(await ids(officer, "欧阳")).toEqual([pond.id, other.id]);
  });

  it("combines the search with the other filters", async () => {
    expect(await clerk.page({ q: "纠纷", typeCode: "labour" })).toMatchObject({ total: 1 });
    expect((await clerk.page({ q: "纠纷", typeCode: "labour" })).items.map((i) => i.id)).toEqual([wages.id]);
    expect((await clerk.page({ q: "纠纷", status: "closed" })).total).toBe(0);
  });
});
