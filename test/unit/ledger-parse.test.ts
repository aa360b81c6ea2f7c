import { describe, expect, it } from "vitest";
import { parseAmountFen, parseLedgerDate, parseOutcome } from "../../src/ledger/cells.js";
import { mapColumns, missingHeadings, parseLedgerRow } from "../../src/ledger/parse.js";

const HEADER = [
  "编号",
  "申请人",
  "被申请人",
  "纠纷类型",
  "登记日期",
  "受理日期",
  "调解日期",
  "协议日期",
  "结案日期",
  "调解结果",
  "协议金额（元）",
];
const columns = mapColumns(HEADER);
const ctx = {
  today: "2026-11-30",
  typeByName: new Map([
    ["邻里", { code: "neighbour", name: "邻里" }],
    ["邻里纠纷", { code: "neighbour", name: "邻里" }],
    ["婚姻家庭", { code: "family", name: "婚姻家庭" }],
  ]),
};
const row = (cells: string[]) => parseLedgerRow(cells, columns, 2, ctx);

describe("reading a ledger row", () => {
  it("maps the ministry's headings, with notes in brackets and stars", () => {
    expect(missingHeadings(columns)).toEqual([]);
    expect(columns.get("amountFen")).toBe(10);
    const other = mapColumns(["*编号", "当事人", "纠纷类型", "受理时间", "协议日期/结案日期", "调解结论"]);
    expect(missingHeadings(other)).toEqual([]);
    expect(missingHeadings(mapColumns(["姓名", "电话"]))).toEqual([
      "编号",
      "申请人",
      "被申请人",
      "纠纷类型",
      "受理日期",
      "调解结果",
    ]);
  });

  it("reads dates as ledgers write them, and Excel date serials", () => {
    expect(parseLedgerDate("2026-03-05")).toBe("2026-03-05");
    expect(parseLedgerDate("2026/3/5")).toBe("2026-03-05");
    expect(parseLedgerDate("2026.3.5")).toBe("2026-03-05");
    expect(parseLedgerDate("2026年3月5日")).toBe("2026-03-05");
    expect(parseLedgerDate("20260305")).toBe("2026-03-05");
    expect(parseLedgerDate("46086")).toBe("2026-03-05");
    expect(parseLedgerDate("2026-02-30")).toBeNull();
    expect(parseLedgerDate("三月五日")).toBeNull();
  });

  it("reads amounts in yuan and outcomes in words", () => {
    expect(parseAmountFen("12,000.50")).toBe(1_200_050);
    expect(parseAmountFen("1.2万")).toBe(1_200_000);
    expect(parseAmountFen("3000元")).toBe(300_000);
    expect(parseAmountFen("很多")).toBeNull();
    expect(parseOutcome("成功")).toBe("success");
    expect(parseOutcome("调解成功")).toBe("success");
    expect(parseOutcome("不成功")).toBe("failure");
    expect(parseOutcome("调解不成")).toBe("failure");
    expect(parseOutcome("终止")).toBe("terminated");
    expect(parseOutcome("调解终止")).toBe("terminated");
    expect(parseOutcome("待定")).toBeNull();
  });

  it("turns a good row into a case on its real dates", () => {
    const r = row([
      "2025-017",
      "张三、张四",
      "李四",
      "邻里纠纷",
      "2025-03-01",
      "2025-03-02",
      "2025-03-10",
      "2025-03-12",
      "2025-03-20",
      "成功",
      "5000",
    ]);
    expect(r.errors).toEqual([]);
    expect(r.input).toEqual({
      paperNumber: "2025-017",
      applicants: ["张三", "张四"],
      respondents: ["李四"],
      typeCode: "neighbour",
      source: "application",
      summary: "张三、张四与李四邻里纠纷（纸质台账补录）",
      registeredOn: "2025-03-01",
      acceptedOn: "2025-03-02",
      sessionOn: "2025-03-10",
      agreementOn: "2025-03-12",
      closedOn: "2025-03-20",
      outcome: "success",
      amountFen: 500_000,
    });
  });

  it("fills the registration from acceptance and the closing from the agreement", () => {
    const r = row(["1", "张三", "李四", "婚姻家庭", "", "2025-05-02", "", "2025-05-09", "", "调解成功", ""]);
    expect(r.input).toMatchObject({
      registeredOn: "2025-05-02",
      agreementOn: "2025-05-09",
      closedOn: "2025-05-09",
      amountFen: null,
    });
    const failed = row(["2", "张三", "李四", "邻里", "", "2025-05-02", "", "", "2025-06-01", "不成功", ""]);
    expect(failed.input).toMatchObject({ outcome: "failure", agreementOn: null, closedOn: "2025-06-01" });
  });

  it("reads one 当事人 column and one 协议日期/结案日期 column", () => {
    const cols = mapColumns(["编号", "当事人", "纠纷类型", "受理日期", "协议日期/结案日期", "调解结果"]);
    const r = parseLedgerRow(["9", "王五与赵六", "邻里", "2025-01-02", "2025-01-20", "终止"], cols, 2, ctx);
    expect(r.errors).toEqual([]);
    expect(r.input).toMatchObject({
      applicants: ["王五"],
      respondents: ["赵六"],
      outcome: "terminated",
      closedOn: "2025-01-20",
      agreementOn: null,
    });
  });

  it("says in Chinese what is wrong with a row, and imports nothing from it", () => {
    const r = row([
      "",
      "",
      "李四",
      "宅基地",
      "2025-03-05",
      "2025-03-02",
      "2025-02-01",
      "2025-03-12",
      "2027-01-01",
      "待定",
      "很多",
    ]);
    expect(r.input).toBeNull();
    expect(r.errors).toEqual(
      expect.arrayContaining([
        "编号不能为空",
        "申请人不能为空",
        "纠纷类型“宅基地”不是本系统的纠纷类型",
        "调解结果“待定”无法识别，应为成功、不成功或终止",
        "结案日期不能晚于今天",
        "受理日期不能早于登记日期",
        "调解日期不能早于受理日期",
        "协议金额“很多”不是有效金额，应如 12000 或 1.2万",
      ]),
    );
    for (const e of r.errors) expect(e).toMatch(/[\u4e00-\u9fff]/);
  });

  it("refuses an agreement date or an amount on a case that failed, and a success without agreement", () => {
    const failed = row([
      "3",
      "张三",
      "李四",
      "邻里",
      "",
      "2025-05-02",
      "",
      "2025-05-09",
      "2025-05-10",
      "不成功",
      "800",
    ]);
    expect(failed.errors).toEqual([
      "调解不成功或终止的案件不应填写协议日期",
      "只有调解成功的案件才有协议金额",
    ]);
    const success = row(["4", "张三", "李四", "邻里", "", "2025-05-02", "", "", "", "成功", ""]);
    expect(success.errors).toEqual(["调解成功的案件应填写协议日期"]);
    const bad = row(["5", "张三", "李四", "邻里", "", "2025-13-02", "", "", "2025-05-09", "终止", ""]);
    expect(bad.errors).toContain("受理日期“2025-13-02”不是有效日期，应如 2026-03-05");
  });
});
