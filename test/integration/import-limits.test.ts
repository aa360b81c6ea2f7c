import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../support/context.js";
import { apiToken } from "../support/web.js";
import { xlsx } from "../support/xlsx.js";

/**
 * Issue 14 H1: crafted rosters posted to the import API are refused with a 400 in Chinese, quickly,
 * while the server keeps answering /healthz. Runs over a real socket so the health check is truly
 * concurrent with the upload.
 */

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
let ctx: TestContext;
let server: Server;
let base: string;
let token: string;
let organisationId: number;

beforeAll(async () => {
  ctx = await createTestContext();
  server = ctx.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  token = await apiToken(ctx.app, "officer");
  const org = (await ctx.knex("organisations").where({ name: "渌口区司法局" }).first()) as { id: number };
  organisationId = Number(org.id);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await ctx.close();
});

async function workbook(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  fill(book.addWorksheet("名册"));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * Posts the file and, meanwhile, asks /healthz again and again: each must answer 200 (the server
 * keeps serving while it reads the file). How fast is measured in `npm run bench`, not here: a
 * timed assertion fails on a busy machine and proves nothing on a quiet one.
 */
async function postWhileProbing(file: Buffer | string, type: string, filename = "名册.xlsx") {
  const upload = fetch(
    `${base}/api/v1/mediators/imports?organisationId=${organisationId}&filename=${encodeURIComponent(filename)}`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": type },
      body: file,
    },
  );
  let done = false;
  void upload.finally(() => (done = true));
  while (!done) {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
  }
  const res = await upload;
  return {
    status: res.status,
    body: (await res.json()) as { detail?: string; errors?: { message: string }[] },
  };
}

const messageOf = (body: { detail?: string; errors?: { message: string }[] }) =>
  [body.detail ?? "", ...(body.errors ?? []).map((e) => e.message)].join(" ");

describe("mediator import limits", () => {
  it("refuses 300 rows with a header cell in column XFD", async () => {
    // As the probe sent it (made with ExcelJS), and as a raw workbook.
    const raw = xlsx([["姓名", "性别"], ...Array.from({ length: 300 }, (_, i) => [`调解员${i}`, "男"])], {
      extraCells: [["XFD1", "备注"]],
    });
    const first = await postWhileProbing(raw, XLSX);
    expect(first.status).toBe(400);
    expect(messageOf(first.body)).toContain("列数超过 100 列");
    const file = await workbook((sheet) => {
      sheet.addRow(["姓名", "性别"]);
      sheet.getCell("XFD1").value = "备注";
      for (let i = 0; i < 300; i++) sheet.addRow([`调解员${i}`, "男"]);
    });
    const r = await postWhileProbing(file, XLSX);
    expect(r.status).toBe(400);
    expect(messageOf(r.body)).toContain("列数超过 100 列");
  });

  it("refuses 200,000 rows while reading, the server answering meanwhile", async () => {
    // Laid out as Excel saves it: the shared strings come after the sheet.
    const file = xlsx(
      (function* () {
        yield ["姓名", "性别"];
        for (let i = 0; i < 200_000; i++) yield [`调解员${i}`, i % 2 ? "男" : "女"];
      })(),
    );
    const r = await postWhileProbing(file, XLSX);
    expect(r.status).toBe(400);
    expect(messageOf(r.body)).toContain("表格超过 2000 行");
  }, 60_000);

  it("refuses a workbook too big once unzipped, even when the zip understates the size", async () => {
    const rows = [
      ["姓名", "备注"],
      ...Array.from({ length: 1000 }, (_, i) => ["某人", `${i}${"a".repeat(32_000)}`]),
    ];
    for (const declaredSizes of [{}, { "xl/sharedStrings.xml": 1000 }] as Record<string, number>[]) {
      const r = await postWhileProbing(xlsx(rows, { declaredSizes }), XLSX);
      expect(r.status).toBe(400);
      expect(messageOf(r.body)).toContain("文件解压后过大");
      // What matters is that the server kept answering meanwhile (every probe answered 200).
    }
  }, 60_000);

  it("refuses a CSV past the row or column cap, and a file that is no table", async () => {
    const csv = ["姓名,性别", ...Array.from({ length: 2001 }, (_, i) => `调解员${i},男`)].join("\n");
    const long = await postWhileProbing(csv, "text/csv", "名册.csv");
    expect(long.status).toBe(400);
    expect(messageOf(long.body)).toContain("表格超过 2000 行");
    const wide = await postWhileProbing(`姓名${",".repeat(150)}备注\n张三,男`, "text/csv", "名册.csv");
    expect(wide.status).toBe(400);
    expect(messageOf(wide.body)).toContain("列数超过 100 列");
    const broken = await postWhileProbing(Buffer.from("PK\u0003\u0004 not really a zip"), XLSX);
    expect(broken.status).toBe(400);
    expect(messageOf(broken.body)).toContain("无法读取该文件");
  });

  it("still reads an ordinary roster, as UTF-8 CSV with a BOM and as a workbook", async () => {
    const csv = Buffer.from("\uFEFF姓名,性别\n张三,男\n");
    const ok = await postWhileProbing(csv, "text/csv", "名册.csv");
    expect(ok.status).toBe(201);
    const file = await workbook((sheet) => {
      sheet.addRow(["姓名", "性别", "类别"]);
      sheet.addRow(["李四", "女", "专家"]);
    });
    const book = await postWhileProbing(file, XLSX);
    expect(book.status).toBe(201);
    expect(book.body).toMatchObject({ validRows: 1 });
  });
});
