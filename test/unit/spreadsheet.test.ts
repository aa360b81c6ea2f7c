import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors.js";
import { readSpreadsheet } from "../../src/shared/spreadsheet.js";
import { xlsx, zip } from "../support/xlsx.js";

const limits = { maxRows: 5, maxColumns: 4 };
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).errors[0]!.message;
};

describe("readSpreadsheet", () => {
  it("reads CSV in UTF-8 with a BOM and in GBK, dropping blank rows and padding short ones", async () => {
    const utf8 = await readSpreadsheet(Buffer.from("\uFEFF姓名,性别\n张三,男\n,\n李四\n"), "a.csv", limits);
    expect(utf8).toEqual({
      header: ["姓名", "性别"],
      rows: [
        ["张三", "男"],
        ["李四", ""],
      ],
    });
    // "姓名,电话\r\n王五,139" in GBK
    const gbk = Buffer.from([
      0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xb5, 0xe7, 0xbb, 0xb0, 0x0d, 0x0a, 0xcd, 0xf5, 0xce, 0xe5, 0x2c, 0x31,
      0x33, 0x39,
    ]);
    expect(await readSpreadsheet(gbk, "a.csv", limits)).toEqual({
      header: ["姓名", "电话"],
      rows: [["王五", "139"]],
    });
  });

  it("reads the first sheet of a workbook saved by ExcelJS: numbers, inline and rich text", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("名册");
    book.addWorksheet("另一张").addRow(["不读"]);
    sheet.addRow(["姓名", "电话", "备注"]);
    sheet.addRow(["赵六 & 孙七", 13907339011, { richText: [{ text: "老" }, { text: "教师" }] }]);
    const data = Buffer.from(await book.xlsx.writeBuffer());
    expect(await readSpreadsheet(data, "名册.xlsx", limits)).toEqual({
      header: ["姓名", "电话", "备注"],
      rows: [["赵六 & 孙七", "13907339011", "老教师"]],
    });
  });

  it("names the limit it refuses", async () => {
    const six = Array.from({ length: 6 }, (_, i) => [`人${i}`]);
    expect(await refusal(readSpreadsheet(xlsx([["姓名"], ...six]), "x.xlsx", limits))).toContain(
      "表格超过 5 行",
    );
    expect(await refusal(readSpreadsheet(xlsx([["a", "b", "c", "d", "e"]]), "x.xlsx", limits))).toContain(
      "列数超过 4 列",
    );
    const big = xlsx([["姓名"], ["x".repeat(5000)]]);
    expect(await refusal(readSpreadsheet(big, "x.xlsx", { ...limits, maxUnzippedBytes: 4000 }))).toContain(
      "文件解压后过大",
    );
    const notWorkbook = zip([{ name: "hello.txt", data: Buffer.from("hi") }]);
    expect(await refusal(readSpreadsheet(notWorkbook, "x.xlsx", limits))).toContain("无法读取该文件");
    expect(
      await refusal(readSpreadsheet(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0]), "old.xls", limits)),
    ).toContain("无法读取该文件");
    expect(await refusal(readSpreadsheet(Buffer.from("a,b,c,d,e\n"), "x.csv", limits))).toContain(
      "列数超过 4 列",
    );
  });
});
