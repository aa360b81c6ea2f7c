/**
 * The statistics page and its downloads on the hand-made data set: who may open it, what its
 * tables say (the same as the API), drill-down, the period picker, and the Excel and CSV files
 * read back and compared with the API, figure by figure.
 */
import ExcelJS from "exceljs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLUMNS } from "../../src/reports/columns.js";
import type { Figures } from "../../src/reports/figures.js";
import {
  csvHeader,
  csvValue,
  FIRST_HEADER,
  HEADER_ROW,
  MINISTRY_HEADER_ROW,
  sheetValue,
} from "../../src/reports/exports.js";
import { percent } from "../../src/reports/format.js";
import { LONG_TOKENS } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { STATS_NOW, seedStatsDataset } from "../support/stats-data.js";
import { apiToken, loginAs, type Agent } from "../support/web.js";

let ctx: TestContext;
let officer: Agent;
let officerToken: string;

beforeAll(async () => {
  ctx = await createTestContext({ clock: { now: () => new Date(STATS_NOW) }, config: LONG_TOKENS });
  await seedStatsDataset(ctx.knex);
  officer = await loginAs(ctx.app, "officer");
  officerToken = await apiToken(ctx.app, "officer");
});
afterAll(() => ctx.close());

type Group = Figures & { key: string; name: string };
async function apiStats(query: string): Promise<{ totals: Figures; groups: Group[] }> {
  const res = await request(ctx.app)
    .get(`/api/v1/stats${query}`)
    .set("Authorization", `Bearer ${officerToken}`);
  expect(res.status, res.text).toBe(200);
  return res.body as { totals: Figures; groups: Group[] };
}

/** Rows of a rendered table: header cell text, then each cell's text (the ratio under a rate included). */
function tableRows(html: string, caption: string): string[][] {
  const start = html.indexOf(`<caption class="visually-hidden">${caption}</caption>`);
  expect(start, `table ${caption}`).toBeGreaterThan(-1);
  const body = html.slice(start, html.indexOf("</table>", start));
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
      c[1]!
        .replace(/<span class="ratio">/g, " ")
        .replace(/<[^>]+>/g, "")
        .trim(),
    ),
  );
}

describe("the statistics page", () => {
  it("is for justice officers and committee directors only", async () => {
    expect((await officer.get("/stats")).status).toBe(200);
    expect((await (await loginAs(ctx.app, "director")).get("/stats")).status).toBe(200);
    for (const username of ["clerk", "mediator", "judge", "admin"]) {
      const res = await (await loginAs(ctx.app, username)).get("/stats");
      expect(res.status, username).toBe(403);
      expect((await (await loginAs(ctx.app, username)).get("/stats/export.xlsx")).status).toBe(403);
    }
    expect((await request(ctx.app).get("/stats")).status).toBe(302);
  });

  it("shows the same figures as the API, with numerators and denominators", async () => {
    const res = await officer.get("/stats?period=year&year=2026&groupBy=type").expect(200);
    const api = await apiStats("?from=2026-01-01&to=2026-12-31&groupBy=type");
    const rows = tableRows(res.text, "受理与调解");
    expect(rows[0]).toEqual([
      "纠纷类型",
      "排查发现纠纷",
      "当场化解",
      "受理",
      "调结",
      "调解成功",
      "调解成功率",
      "调结率",
      "小事不出村占比",
      "平均调结天数",
      "调结天数中位数",
      "当前逾期",
      "协议涉及金额（元）",
    ]);
    expect(rows.at(-1)).toEqual([
      "合计",
      "11",
      "1",
      "9",
      "7",
      "5",
      "71.4% 5/7",
      "77.8% 7/9",
      "71.4% 5/7",
      "19.6 137/7",
      "19.0",
      "3",
      "29,500.00",
    ]);
    // Every group row agrees with the API; a rate with no denominator is a dash.
    api.groups.forEach((g, i) => {
      const row = rows[i + 1]!;
      expect(row[0]).toBe(g.name);
      expect(row.slice(1, 6)).toEqual(
        [g.found, g.prevented, g.accepted, g.concluded, g.successful].map(String),
      );
      expect(row[6]!.split(" ")[0]).toBe(percent(g.successRate));
    });
    expect(rows.find((r) => r[0] === "合同")!.slice(6, 9)).toEqual(["— 0/0", "— 0/0", "— 0/0"]);
    expect(res.text).not.toMatch(/NaN|Infinity|undefined/);
    expect(res.text).toContain('title="调解成功 5 ÷ 调结 7"');

    const more = tableRows(res.text, "司法确认、协议履行、回访与防止矛盾激化");
    expect(more.at(-1)).toEqual([
      "合计",
      "4",
      "2",
      "1",
      "5",
      "4",
      "80.0% 4/5",
      "4",
      "3",
      "0",
      "0",
      "75.0% 3/4",
      "1",
      "3",
      "1",
      "40",
    ]);
  });

  it("draws the three charts, each with its numbers in a table beside it", async () => {
    const res = await officer.get("/stats?period=year&year=2026").expect(200);
    for (const id of ["chart-trend", "chart-region", "chart-type"]) {
      expect(res.text).toContain(`<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg"`);
      expect(res.text).toMatch(new RegExp(`<title id="${id}-t">`));
    }
    const trend = tableRows(res.text, "每月受理与调结（数据）");
    expect(trend[0]).toEqual(["月份", "受理", "调结"]);
    expect(trend.slice(1).map((r) => r[0])).toEqual(
      ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"].map((m) => `2026年${m}月`),
    );
    expect(trend[3]).toEqual(["2026年3月", "2", "2"]);
    const region = tableRows(res.text, "各乡镇（街道）调解成功率（数据）");
    expect(region.slice(1)).toEqual([
      ["渌口镇", "1", "1", "100.0%"],
      ["南洲镇", "4", "6", "66.7%"],
    ]);
    expect(res.text).toContain("<title>南洲镇：66.7%（4/6）</title>");
    const type = tableRows(res.text, "受理案件的纠纷类型（数据）");
    expect(type[2]).toEqual(["邻里", "4", "44.4%"]);
  });

  it("drills down county › township › village with breadcrumbs", async () => {
    const county = await officer.get("/stats?period=year&year=2026").expect(200);
    expect(decode(county.text)).toContain(
      '<a href="/stats?period=year&amp;year=2026&amp;region=430212101000">南洲镇</a>',
    );
    const township = await officer.get("/stats?period=year&year=2026&region=430212101000").expect(200);
    expect(decode(township.text)).toMatch(
      /<a href="\/stats\?period=year&amp;year=2026&amp;region=430212000000">渌口区<\/a>/,
    );
    expect(township.text).toContain('<span aria-current="page">南洲镇</span>');
    expect(
      tableRows(township.text, "受理与调解")
        .slice(1, 3)
        .map((r) => r.slice(0, 6)),
    ).toEqual([
      ["北洲村", "7", "1", "6", "4", "3"],
      ["洲坪村", "4", "0", "3", "2", "1"],
    ]);
    expect(township.text).toContain("各村（社区）调解成功率");
    const village = await officer.get("/stats?period=year&year=2026&region=430212101201").expect(200);
    expect(village.text).toContain('<span aria-current="page">北洲村</span>');
    expect(tableRows(village.text, "受理与调解")[0]![0]).toBe("纠纷类型");
    // A place outside the user's area is not found.
    expect((await officer.get("/stats?region=110101000000")).status).toBe(404);
  });

  it("keeps a bad period on screen with its error and shows the year instead", async () => {
    const res = await officer.get("/stats?period=custom&from=2026-06-30&to=2026-06-01").expect(400);
    expect(res.text).toContain("结束日期不能早于开始日期");
    expect(res.text).toContain("2026年（2026年1月1日至2026年12月31日）");
    const custom = await officer
      .get("/stats?period=custom&from=2026-03-15&to=2026-06-10&groupBy=source")
      .expect(200);
    expect(custom.text).toContain("2026年3月15日至2026年6月10日");
    expect(tableRows(custom.text, "受理与调解").at(-1)!.slice(0, 6)).toEqual([
      "合计",
      "3",
      "1",
      "2",
      "3",
      "3",
    ]);
  });

  it("puts the four key figures first and explains a conclusion rate above 100 %", async () => {
    const year = await officer.get("/stats?period=year&year=2026").expect(200);
    const keys = [...year.text.matchAll(/<li class="key-figure[^"]*" id="(kf-\w+)"[\s\S]*?<\/li>/g)].map(
      (m) => [
        m[1],
        m[0]
          .replace(/<[^>]+>/g, " ")
          .replace(/\s+/g, " ")
          .trim(),
      ],
    );
    expect(keys).toEqual([
      ["kf-accepted", "受理 9 件"],
      ["kf-concluded", "调结（办结） 7 件 调结率 77.8%"],
      ["kf-successful", "调解成功 5 件 成功率 71.4%"],
      ["kf-village", "村级调委会占比 71.4% 调结 5/7 件 各调委会明细 ›"],
    ]);
    expect(decode(year.text)).toContain("调结率 = 本期调结 ÷ 本期受理");
    expect(year.text).not.toContain('id="conclusion-note"');
    expect(decode(year.text)).toContain(
      'href="/stats?period=year&amp;year=2026&amp;groupBy=committee#h-groups"',
    );
    // The filter is folded behind a summary of the selection, and open when there were errors.
    expect(year.text).toContain('<details class="stats-filter">');
    const bad = await officer.get("/stats?period=custom&from=2026-06-30&to=2026-06-01").expect(400);
    expect(bad.text).toContain('<details class="stats-filter" open>');

    // Cases accepted before 15 March and concluded in the period: 3 concluded, 2 accepted.
    const spring = await officer
      .get("/stats?period=custom&from=2026-03-15&to=2026-06-10&groupBy=source")
      .expect(200);
    expect(spring.text).toContain(
      "调结率 150.0% 超过 100%：本期调结 3 件，多于本期受理 2 件，多出的是以前受理、本期才调结的案件（消化积案）",
    );
    const over = tableRows(spring.text, "受理与调解").filter((r) => Number.parseFloat(r[7]!) > 100);
    expect(over.length).toBeGreaterThan(0);
    for (const row of over.filter((r) => r[0] !== "合计"))
      expect(spring.text).toMatch(new RegExp(`${row[0]}[^<]*的调结率超过 100%`));
  });

  it("shows a director their own committee", async () => {
    const director = await loginAs(ctx.app, "director");
    const res = await director.get("/stats?period=year&year=2026&groupBy=committee").expect(200);
    expect(res.text).toContain("北洲村人民调解委员会的案件");
    const rows = tableRows(res.text, "受理与调解");
    expect(rows.slice(1, -1).map((r) => r[0])).toEqual(["北洲村人民调解委员会"]);
    expect(rows.at(-1)!.slice(0, 6)).toEqual(["合计", "7", "1", "6", "4", "3"]);
  });
});

describe("downloads", () => {
  const views = [
    ["period=year&year=2026&groupBy=type", "?from=2026-01-01&to=2026-12-31&groupBy=type"],
    [
      "period=custom&from=2026-03-15&to=2026-06-10&groupBy=region&region=430212101000",
      "?from=2026-03-15&to=2026-06-10&groupBy=region&region=430212101000",
    ],
    [
      "period=quarter&year=2026&quarter=2&groupBy=mediatorKind",
      "?from=2026-04-01&to=2026-06-30&groupBy=mediatorKind",
    ],
  ] as const;

  it("opens the Excel file and finds every figure the API gives, as numbers", async () => {
    for (const [page, query] of views) {
      const res = await officer.get(`/stats/export.xlsx?${page}`).responseType("blob").expect(200);
      expect(res.headers["content-type"]).toContain("spreadsheetml");
      expect(res.headers["content-disposition"]).toContain("filename*=UTF-8''");
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.body as never);
      const sheet = workbook.getWorksheet("统计表")!;
      expect(sheet.getRow(HEADER_ROW).getCell(1).value).toBe(FIRST_HEADER);
      const headers = COLUMNS.map((_c, i) => sheet.getRow(HEADER_ROW).getCell(i + 2).value);
      expect(headers).toEqual(COLUMNS.map((c) => c.label));
      const api = await apiStats(query);
      const expected = [...api.groups, { ...api.totals, name: "合计" }];
      expected.forEach((g, i) => {
        const row = sheet.getRow(HEADER_ROW + 1 + i);
        expect(row.getCell(1).value).toBe(g.name);
        COLUMNS.forEach((c, j) => {
          const want = sheetValue(g, c);
          expect(row.getCell(j + 2).value, `${page} ${g.name} ${c.label}`).toBe(want === null ? "—" : want);
        });
      });
      expect(sheet.getRow(HEADER_ROW + 1 + expected.length).getCell(1).value).toBeNull();
      expect(workbook.getWorksheet("指标说明")!.getRow(2).getCell(1).value).toBe("排查发现纠纷");
    }
  });

  it("writes CSV as UTF-8 with a byte-order mark, agreeing with the API", async () => {
    const [page, query] = views[0];
    const res = await officer.get(`/stats/export.csv?${page}`).responseType("blob").expect(200);
    expect(res.headers["content-type"]).toContain("text/csv");
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.subarray(3).toString("utf8").trimEnd().split("\r\n");
    expect(lines[0]).toBe([FIRST_HEADER, ...COLUMNS.map(csvHeader)].join(","));
    const api = await apiStats(query);
    const expected = [...api.groups, { ...api.totals, name: "合计" }];
    expect(lines.length).toBe(expected.length + 1);
    expected.forEach((g, i) =>
      expect(lines[i + 1]).toBe([g.name, ...COLUMNS.map((c) => csvValue(g, c))].join(",")),
    );
    expect(lines.at(-1)).toContain(
      "合计,11,1,9,7,5,71.4,77.8,5,71.4,137,19.6,19.0,3,4,2,1,5,4,80.0,4,3,0,0,4,3,75.0,29500.00,1,3,1,40",
    );
  });

  it("fills the ministry's table by dispute type and source, in Excel and PDF", async () => {
    const res = await officer
      .get("/stats/ministry.xlsx?period=year&year=2026")
      .responseType("blob")
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as never);
    const sheet = workbook.getWorksheet("人民调解案件统计表")!;
    const row = (name: string) => {
      for (let r = MINISTRY_HEADER_ROW + 1; r < MINISTRY_HEADER_ROW + 20; r++) {
        if (sheet.getRow(r).getCell(1).value === name) {
          return Array.from({ length: 12 }, (_x, i) => sheet.getRow(r).getCell(i + 2).value);
        }
      }
      throw new Error(`no row ${name}`);
    };
    expect(sheet.getRow(MINISTRY_HEADER_ROW - 1).getCell(3).value).toBe("其中");
    expect([2, 3, 4, 5].map((c) => sheet.getRow(MINISTRY_HEADER_ROW).getCell(c).value)).toEqual([
      "受理（件）",
      "主动调解",
      "依申请调解",
      "接受委托移送",
    ]);
    // accepted, initiative, application, referred, concluded, successful, rate, yuan, 民转刑 件/人, 上访 件/人
    expect(row("邻里")).toEqual([4, 1, 3, 0, 1, 1, 1, 1300, 1, 3, 0, 0]);
    expect(row("山林土地")).toEqual([1, 0, 0, 1, 1, 1, 1, 3000, 0, 0, 0, 0]);
    expect(row("征地拆迁")).toEqual([1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 40]);
    expect(row("合同")).toEqual([0, 0, 0, 0, 0, 0, "—", 0, 0, 0, 0, 0]);
    expect(row("合计")).toEqual([9, 3, 4, 2, 7, 5, 5 / 7, 29500, 1, 3, 1, 40]);

    const pdf = await officer
      .get("/stats/ministry.pdf?period=year&year=2026")
      .responseType("blob")
      .expect(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const { PDFParse } = await import("pdf-parse");
    const text = (await new PDFParse({ data: pdf.body as Buffer }).getText()).text.replace(/\s+/g, "");
    expect(text).toContain("人民调解案件统计表");
    expect(text).toContain("道路交通事故");
    expect(text).toContain("29,500.00");
    expect(text).toContain("71.4%");
  });
});

/** Handlebars escapes "=" in attributes; the browser reads it back as "=". */
const decode = (html: string) => html.replace(/&#x3D;/g, "=");
