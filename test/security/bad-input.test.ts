/**
 * The bad-input corpus of the probe of 2026-11-30 (issue 14, L1 and L3–L9): each request here was
 * once accepted, answered in English or with the wrong status, and each is now refused in Chinese.
 */
import ExcelJS from "exceljs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvField, viewCsv, viewXlsx } from "../../src/reports/exports.js";
import { emptySums, figures } from "../../src/reports/figures.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { expectProblem, fieldsOf, intakeBody, person, residentId } from "../support/cases.js";
import { apiToken, loginAs, type Agent } from "../support/web.js";

let ctx: TestContext;
const tokens = new Map<string, string>();
let clerkWeb: Agent;

beforeAll(async () => {
  ctx = await createTestContext({ config: { apiTokenHours: 24 * 800 } });
  for (const username of ["clerk", "director", "admin"])
    tokens.set(username, await apiToken(ctx.app, username));
  clerkWeb = await loginAs(ctx.app, "clerk");
});
afterAll(() => ctx?.close());

const api = (username: string, method: "get" | "post" | "put" | "delete", path: string) =>
  request(ctx.app)
    [method](path)
    .set("Authorization", `Bearer ${tokens.get(username)}`);

const intake = (body: unknown) => api("clerk", "post", "/api/v1/cases").send(body as object);

const HAN = /[\u4e00-\u9fff]/;

describe("L1 — spreadsheet formulas in exports", () => {
  const evil = ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"];
  const rows = evil.map((name) => ({ name, figures: figures(emptySums()) }));
  const total = { name: "合计", figures: figures(emptySums()) };

  it("prefixes CSV cells that a spreadsheet would run, and leaves the rest alone", () => {
    const text = viewCsv(rows, total).toString("utf8");
    const firsts = text
      .split("\r\n")
      .slice(1, 1 + evil.length)
      .map((line) => line.split(",")[0]!.replace(/^"|"$/g, "").replace(/""/g, '"'));
    for (const [i, name] of evil.entries()) expect(firsts[i]).toBe(`'${name}`);
    expect(text).toContain("\r\n合计,");
    expect(csvField("\r=1")).toBe(`"'\r=1"`);
    expect(csvField('=A1,"x"')).toBe(`"'=A1,""x"""`);
    expect(csvField("北洲村人民调解委员会")).toBe("北洲村人民调解委员会");
  });

  it("keeps such names as text cells in Excel", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await viewXlsx(
        { title: "t", scope: "s", period: "p", groupBy: "g", asOf: "a" },
        rows,
        total,
      )) as never,
    );
    const found: unknown[] = [];
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (evil.includes(String(cell.value))) found.push(cell.type);
        }),
      ),
    );
    expect(found).toHaveLength(evil.length);
    expect(new Set(found)).toEqual(new Set([ExcelJS.ValueType.String]));
  });
});

describe("L3 — unknown API paths and methods", () => {
  it("answers 405 with Allow for a method a path does not take, in problem+json", async () => {
    const res = await api("clerk", "put", "/api/v1/cases/657").send({});
    const problem = expectProblem(res, 405);
    expect(problem.detail).toMatch(HAN);
    expect(res.headers.allow).toContain("GET");
  });

  it("answers 404 problem+json for a path that does not exist, whatever the method", async () => {
    for (const method of ["get", "post", "delete"] as const) {
      const res = await api("clerk", method, "/api/v1/nonexistent").send({});
      expect(expectProblem(res, 404).detail).toMatch(HAN);
      expect(res.text).not.toContain("表单已过期");
    }
  });
});

describe("L4 — text and identifiers that must not be stored", () => {
  const named = (name: string) =>
    intakeBody({ parties: [person("applicant", name), person("respondent", "王桂香")] });

  it.each([
    ["zero-width spaces only", "\u200B\u200B\u200B"],
    ["a right-to-left override", "张\u202E三"],
    ["an isolate", "\u2067李四"],
    ["a NUL", "张\u0000三"],
    ["a control character", "张\u0007三"],
  ])("refuses a party name of %s", async (_label, name) => {
    const problem = expectProblem(await intake(named(name)), 400);
    expect(fieldsOf(problem)).toContain("parties.0.name");
    expect(problem.errors!.find((e) => e.field === "parties.0.name")!.message).toMatch(
      /^当事人 1：.*当事人姓名或名称/,
    );
  });

  it("refuses a date before 1900 and a day that does not exist", async () => {
    for (const occurredOn of ["0000-01-01", "1899-12-31", "2026-02-30"]) {
      expect(fieldsOf(expectProblem(await intake(intakeBody({ occurredOn })), 400))).toEqual(["occurredOn"]);
    }
  });

  it("refuses a resident ID whose area code names no province", async () => {
    for (const region of ["000000", "990101", "100000"]) {
      const body = named("张三");
      body.parties[0]!.idNumber = residentId("19800101", 11, region);
      const problem = expectProblem(await intake(body), 400);
      expect(problem.errors!.find((e) => e.field === "parties.0.idNumber")!.message).toContain("地区代码");
    }
  });

  it("takes phones as digits, an optional +86, spaces and hyphens only", async () => {
    const body = named("张三");
    body.parties[0]!.agent = { name: "李律师", phone: "abc<>!" };
    body.parties[1]!.phone = "13912345678'--";
    const problem = expectProblem(await intake(body), 400);
    expect(fieldsOf(problem).sort()).toEqual(["parties.0.agent.phone", "parties.1.phone"]);
    const good = named("张三");
    good.parties[0]!.agent = { name: "李律师", phone: "+86 139-1234-5678" };
    good.parties[1]!.phone = "0731-2345 6789";
    expect((await intake(good)).status).toBe(201);
  });

  it("refuses markup in a mediator's languages", async () => {
    const org = (await ctx.knex("organisations").where({ name: "北洲村人民调解委员会" }).first()) as {
      id: number;
    };
    const body = {
      name: "石秋菊",
      kind: "staff",
      organisationId: org.id,
      languages: ["普通话", "<b>湘语</b>"],
    };
    const problem = expectProblem(await api("director", "post", "/api/v1/mediators").send(body), 400);
    expect(fieldsOf(problem)).toEqual(["languages.1"]);
    const ok = await api("director", "post", "/api/v1/mediators").send({
      ...body,
      languages: ["普通话", "湘语"],
    });
    expect(ok.status, ok.text).toBe(201);
  });
});

describe("L5 — request shapes answered in Chinese", () => {
  it("names page and pageSize when they are not whole numbers in range", async () => {
    for (const q of ["page=abc", "page=0", "page=1.5", "pageSize=0", "pageSize=101", "pageSize=x"]) {
      const problem = expectProblem(await api("clerk", "get", `/api/v1/cases?${q}`), 400);
      expect(problem.errors![0]!.field).toBe(q.split("=")[0]);
      expect(problem.errors![0]!.message).toMatch(HAN);
      expect(problem.errors![0]!.message).not.toMatch(/Invalid|expected/);
    }
    const page = await clerkWeb.get("/cases?page=abc");
    expect(page.text).toContain("page 应为");
    expect(page.text).not.toContain("Invalid input");
  });

  it("refuses from=2026-02-30 and from=0000-01-01", async () => {
    for (const q of ["from=2026-02-30", "to=2026-13-01", "from=0000-01-01"]) {
      const problem = expectProblem(await api("clerk", "get", `/api/v1/cases?${q}`), 400);
      expect(fieldsOf(problem)).toEqual([q.split("=")[0]]);
    }
  });

  it("answers 400 for a JSON array and 415 for bodies that are not JSON in UTF-8", async () => {
    expect(expectProblem(await intake([intakeBody()]), 400).detail).toContain("JSON 对象");
    const latin1 = await api("clerk", "post", "/api/v1/cases")
      .set("Content-Type", "application/json; charset=latin1")
      .send(JSON.stringify(intakeBody()));
    expect(expectProblem(latin1, 415).detail).toMatch(HAN);
    const text = await api("clerk", "post", "/api/v1/cases")
      .set("Content-Type", "text/plain")
      .send(JSON.stringify(intakeBody()));
    const problem = expectProblem(text, 415);
    expect(problem.detail).toContain("application/json");
    expect(problem.errors).toBeUndefined();
  });
});

describe("L6 — long lists", () => {
  it("caps otherOrganisationIds with a 400, not a database error", async () => {
    const org = (await ctx.knex("organisations").where({ name: "北洲村人民调解委员会" }).first()) as {
      id: number;
    };
    const body = {
      name: "石秋菊",
      kind: "staff",
      organisationId: org.id,
      otherOrganisationIds: Array(33_000).fill(org.id),
    };
    const problem = expectProblem(await api("director", "post", "/api/v1/mediators").send(body), 400);
    expect(fieldsOf(problem)).toEqual(["otherOrganisationIds"]);
  });
});

describe("L8 — no caching of personal data", () => {
  it("sends Cache-Control: no-store with API answers and signed-in pages, not with static files", async () => {
    for (const res of [
      await api("clerk", "get", "/api/v1/me"),
      await api("clerk", "get", "/api/v1/cases"),
      await api("clerk", "get", "/api/v1/nonexistent"),
      await clerkWeb.get("/cases"),
      await clerkWeb.get("/"),
    ]) {
      expect(res.headers["cache-control"]).toBe("no-store");
    }
    const css = await request(ctx.app).get("/static/app.css");
    expect(css.headers["cache-control"] ?? "").not.toContain("no-store");
  });
});

describe("L9 — ids and the statistics rule", () => {
  it("finds no record behind 1e1 or 0x31", async () => {
    expectProblem(await api("admin", "get", "/api/v1/cases/1e1"), 404);
    expect((await clerkWeb.get("/cases/0x31")).status).toBe(404);
  });

  it("gives the statistics page and GET /api/v1/stats to the same roles", async () => {
    for (const username of ["clerk", "director", "admin"]) {
      const web = username === "clerk" ? clerkWeb : await loginAs(ctx.app, username);
      const page = await web.get("/stats");
      const res = await api(username, "get", "/api/v1/stats");
      expect(res.status === 200, username).toBe(page.status === 200);
      expect([200, 403]).toContain(res.status);
    }
  });
});
