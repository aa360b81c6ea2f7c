import ExcelJS from "exceljs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../src/people/scope.js";
import { countRows, intakeBody, TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { apiToken, csrfOf, loginAs, type Agent } from "../support/web.js";

/**
 * 补录 from a paper ledger on the demo county: 北洲村's director 陈志强 brings in 2025 from the
 * committee's Excel 台账. "Today" is 1 December 2026.
 */

const clock = new TestClock("2026-12-01");
let ctx: TestContext;
let director: Agent;

const HEADER =
  "编号,申请人,被申请人,纠纷类型,登记日期,受理日期,调解日期,协议日期,结案日期,调解结果,协议金额（元）";
const GOOD = [
  "BZ2025-001,张大山,李小河,邻里纠纷,2025-03-01,2025-03-02,2025-03-10,2025-03-12,2025-03-20,成功,5000",
  "BZ2025-002,王春花,王秋实,婚姻家庭,2025/4/3,2025/4/3,2025/4/8,,2025/4/9,不成功,",
  "BZ2025-003,赵一、赵二,株洲某物业公司,邻里,2025年6月1日,2025年6月2日,,,2025年6月30日,终止,",
  "BZ2025-004,刘三,陈四,邻里,,2025-07-15,2025-07-16,2025-07-16,,成功,1.2万",
];
const BAD = [
  "BZ2025-005,,陈五,邻里,,2025-08-01,,2025-08-03,,成功,", // no applicant
  "BZ2025-001,周六,吴七,宅基地,,2025-09-01,,,2025-09-05,不成功,", // number repeated, unknown type
];
const csv = (rows: string[]) => Buffer.from([HEADER, ...rows].join("\n"), "utf8");

async function upload(agent: Agent, data: Buffer, filename: string, status: number) {
  const csrf = await csrfOf(agent, "/ledger/import");
  return agent.post("/ledger/import").field("_csrf", csrf).attach("file", data, filename).expect(status);
}

async function userNamed(username: string): Promise<SessionUser> {
  const row = await ctx.knex("users").where({ username }).first();
  return (await ctx.services.auth.sessionUser(Number(row.id)))!;
}

async function yearFigures() {
  const officer = await userNamed("officer");
  const r = await ctx.services.stats.stats(officer, {
    from: "2025-01-01",
    to: "2025-12-31",
    groupBy: "month",
  });
  const month = (m: string) => r.groups.find((g) => g.key === m);
  return { totals: r.totals, month };
}

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  director = await loginAs(ctx.app, "director");
});
afterAll(async () => ctx?.close());

describe("importing a paper ledger (补录)", () => {
  let previewUrl = "";

  it("previews row by row in Chinese and writes no case before the confirmation", async () => {
    const cases = await countRows(ctx.knex, "cases");
    const res = await upload(director, csv([...GOOD, ...BAD]), "北洲村2025年台账.csv", 303);
    previewUrl = res.headers.location!;
    const page = await director.get(previewUrl).expect(200);
    expect(page.text).toContain("共 6 行，可以导入 4 行，有错误 2 行");
    expect(page.text).toContain("申请人不能为空");
    expect(page.text).toContain("编号“BZ2025-001”与第 2 行重复");
    expect(page.text).toContain("纠纷类型“宅基地”不是本系统的纠纷类型");
    expect(await countRows(ctx.knex, "cases")).toBe(cases);
    // Someone else's preview is not found; a clerk cannot import at all.
    const clerk = await loginAs(ctx.app, "clerk");
    await clerk.get(previewUrl).expect(404);
    await clerk.get("/ledger/import").expect(403);
    const refused = await clerk
      .post("/ledger/import")
      .field("_csrf", await csrfOf(clerk, "/cases"))
      .attach("file", csv(GOOD), "x.csv")
      .expect(403);
    expect(refused.text).toContain("只有调解委员会主任可以导入");
    expect(await countRows(ctx.knex, "ledger_imports")).toBe(1);
  });

  it("refuses a file without the ledger's columns, or no file, naming what is missing", async () => {
    const res = await upload(director, Buffer.from("姓名,电话\n张三,1\n"), "名册.csv", 400);
    expect(res.text).toContain("台账缺少“编号”“申请人”“被申请人”“纠纷类型”“受理日期”“调解结果”列");
    const none = await director
      .post("/ledger/import")
      .field("_csrf", await csrfOf(director, "/ledger/import"))
      .expect(400);
    expect(none.text).toContain("请选择要导入的台账文件");
  });

  it("imports exactly the good rows, closed on their real dates, counted in their months", async () => {
    const before = await yearFigures();
    const cases = await countRows(ctx.knex, "cases");
    const sequences = await ctx.knex("number_sequences").orderBy(["organisation_id", "year"]).select();
    const confirmed = await director
      .post(previewUrl)
      .type("form")
      .send({ _csrf: await csrfOf(director, previewUrl), version: "1" })
      .expect(303);
    expect((await director.get(confirmed.headers.location!)).text).toContain(
      "已补录 4 件案件，2 行有错误未导入",
    );
    expect(await countRows(ctx.knex, "cases")).toBe(cases + 4);
    // The committee's numbering series is untouched.
    expect(await ctx.knex("number_sequences").orderBy(["organisation_id", "year"]).select()).toEqual(
      sequences,
    );

    const rows = await ctx.knex("cases").whereNotNull("paper_number").orderBy("paper_number").select();
    expect(
      rows.map((c) => [
        c.number,
        c.status,
        c.outcome,
        c.registered_on,
        c.accepted_on,
        c.concluded_on,
        c.closed_on,
      ]),
    ).toEqual([
      ["北洲BZ2025-001（补录）", "closed", "success", "2025-03-01", "2025-03-02", "2025-03-12", "2025-03-20"],
      ["北洲BZ2025-002（补录）", "closed", "failure", "2025-04-03", "2025-04-03", "2025-04-09", "2025-04-09"],
      ["北洲BZ2025-003（补录）", "terminated", "failure", "2025-06-01", "2025-06-02", "2025-06-30", null],
      ["北洲BZ2025-004（补录）", "closed", "success", "2025-07-15", "2025-07-15", "2025-07-16", "2025-07-16"],
    ]);
    const first = rows[0]!;
    const events = await ctx
      .knex("case_events")
      .where({ case_id: first.id })
      .orderBy("id")
      .select("action", "at");
    expect(events.map((e) => e.action)).toEqual([
      "intake",
      "accept",
      "record-session",
      "record-agreement",
      "close",
      "backfill",
    ]);
    expect(events[0]!.at).toBe("2025-02-28T16:00:00.000Z"); // 1 March 2025, Beijing
    expect(events[3]!.at).toBe("2025-03-11T16:00:00.000Z");
    const director陈 = await ctx.knex("users").where({ username: "director" }).first();
    expect(first).toMatchObject({ backfilled_by: director陈.id, backfilled_at: clock.now().toISOString() });
    expect(await countRows(ctx.knex, "audit_events", { action: "ledger.import" })).toBe(1);

    // The statistics of 2025: four more found and accepted, three concluded, two successful, in their months.
    const after = await yearFigures();
    const d = (k: "found" | "accepted" | "concluded" | "successful" | "amountAgreedFen") =>
      Number(after.totals[k]) - Number(before.totals[k]);
    expect([d("found"), d("accepted"), d("concluded"), d("successful")]).toEqual([4, 4, 4, 2]);
    expect(d("amountAgreedFen")).toBe(500_000 + 1_200_000);
    const dm = (m: string, k: "found" | "concluded" | "successful") =>
      Number(after.month(m)?.[k] ?? 0) - Number(before.month(m)?.[k] ?? 0);
    expect([dm("2025-03", "found"), dm("2025-03", "successful"), dm("2025-06", "concluded")]).toEqual([
      1, 1, 1,
    ]);
    expect([dm("2025-04", "concluded"), dm("2025-07", "successful")]).toEqual([1, 1]);
    // Refreshing again counts nothing twice.
    await ctx.services.stats.refresh();
    expect((await yearFigures()).totals).toEqual(after.totals);

    // The case page says who back-entered it, and when.
    const page = await director.get(`/cases/${first.id}`).expect(200);
    expect(page.text).toContain("补录：陈志强 于 2026-12-01 录入");
    expect(page.text).toContain("纸质台账编号 BZ2025-001");
  });

  it("gives an imported case's documents without a server error", async () => {
    const token = await apiToken(ctx.app, "director");
    for (const paper of ["BZ2025-001", "BZ2025-003"]) {
      const kase = await ctx.knex("cases").where({ paper_number: paper }).first();
      const list = await request(ctx.app)
        .get(`/api/v1/cases/${kase.id}/documents`)
        .set("Authorization", `Bearer ${token}`)
        .expect(200);
      expect((list.body as unknown[]).length).toBeGreaterThan(0);
      for (const doc of list.body as { url: string }[]) {
        const res = await request(ctx.app).get(doc.url).set("Authorization", `Bearer ${token}`);
        expect(res.status, `${doc.url}: ${res.text?.slice(0, 200)}`).toBeLessThan(500);
      }
    }
  });

  it("refuses a paper number already imported, and a second confirmation", async () => {
    const again = await director
      .post(previewUrl)
      .type("form")
      .send({ _csrf: await csrfOf(director, previewUrl), version: "1" })
      .expect(409);
    expect(again.text).toContain("该台账已经导入");
    const res = await upload(director, csv([GOOD[0]!]), "重复.csv", 303);
    const page = await director.get(res.headers.location!).expect(200);
    expect(page.text).toContain("编号“BZ2025-001”已有案件使用，不能重复导入");
    expect(page.text).toContain("可以导入 0 行");
  });

  it("reads an Excel workbook with date cells", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("台账");
    ws.addRow(["编号", "当事人", "纠纷类型", "受理日期", "协议日期/结案日期", "调解结果", "协议金额"]);
    ws.addRow([
      "BZ2025-010",
      "孙甲与钱乙",
      "邻里",
      new Date(Date.UTC(2025, 9, 8)),
      new Date(Date.UTC(2025, 9, 20)),
      "成功",
      800,
    ]);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(director, data, "台账.xlsx", 303);
    const preview = await ctx.services.ledger.get(
      await userNamed("director"),
      Number(res.headers.location!.split("/").pop()),
    );
    expect(preview.rows[0]!.errors).toEqual([]);
    expect(preview.rows[0]!.input).toMatchObject({
      applicants: ["孙甲"],
      respondents: ["钱乙"],
      acceptedOn: "2025-10-08",
      agreementOn: "2025-10-20",
      amountFen: 80_000,
    });
  });

  it("keeps a paper number that looks like the series apart from it: a new case still gets 第1号", async () => {
    const org = await ctx.knex("organisations").where({ name: "北洲村人民调解委员会" }).first();
    const series1 = `（2026）${org.number_prefix}调字第1号`;
    const res = await upload(
      director,
      csv([`${series1},易甲,易乙,邻里,,2026-02-02,,2026-02-05,,成功,`]),
      "2026年台账.csv",
      303,
    );
    const id = Number(res.headers.location!.split("/").pop());
    await director
      .post(`/ledger/import/${id}`)
      .type("form")
      .send({ _csrf: await csrfOf(director, `/ledger/import/${id}`), version: "1" })
      .expect(303);
    const paper = await ctx.knex("cases").where({ paper_number: series1 }).first();
    expect(paper.number).toBe(`${series1}（补录）`);
    expect(await countRows(ctx.knex, "number_sequences", { organisation_id: org.id, year: 2026 })).toBe(0);
    const { detail } = await ctx.services.cases.intake(await userNamed("clerk"), intakeBody());
    expect(detail.number).toBe(series1);
  });

  it("works through the API as through the page, for the director only", async () => {
    const token = await apiToken(ctx.app, "director");
    const body = csv([
      "API-001,甲,乙,邻里,,2025-11-02,,2025-11-05,,成功,",
      "API-002,丙,,邻里,,2025-11-02,,,2025-11-05,终止,",
    ]);
    const res = await request(ctx.app)
      .post("/api/v1/ledger/imports?filename=api.csv")
      .set("Authorization", `Bearer ${token}`)
      .set("Content-Type", "text/csv")
      .send(body)
      .expect(201);
    expect(res.body).toMatchObject({ validRows: 1, errorRows: 1, status: "preview" });
    expect(res.body.rows[1].errors).toEqual(["被申请人不能为空"]);
    const clerkToken = await apiToken(ctx.app, "clerk");
    await request(ctx.app)
      .get(res.headers.location!)
      .set("Authorization", `Bearer ${clerkToken}`)
      .expect(404);
    await request(ctx.app)
      .post("/api/v1/ledger/imports")
      .set("Authorization", `Bearer ${clerkToken}`)
      .set("Content-Type", "text/csv")
      .send(body)
      .expect(403);
    const done = await request(ctx.app)
      .post(`${res.headers.location!}/confirm`)
      .set("Authorization", `Bearer ${token}`)
      .send({ version: 1 })
      .expect(200);
    expect(done.body).toMatchObject({ imported: 1, preview: { status: "confirmed" } });
    expect(await countRows(ctx.knex, "cases", { paper_number: "API-001" })).toBe(1);
  });
});
