import { describe, expect, it } from "vitest";
import { backfillNumber, lastStepDate, stepDate } from "../../src/cases/backdating.js";
import type { CaseView } from "../../src/cases/views.js";
import { ValidationError } from "../../src/errors.js";
import { parseMultipart } from "../../src/http/multipart.js";

const kase = (over: Partial<CaseView> = {}) =>
  ({
    registeredOn: "2025-09-01",
    acceptedOn: "2025-09-03",
    consentNoticeOn: null,
    concludedOn: null,
    closedOn: null,
    sessions: [{ heldAt: "2025-09-09T17:30:00.000Z" }],
    agreement: null,
    confirmations: [],
    followUps: [],
    ...over,
  }) as unknown as CaseView;

const messageOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (err instanceof ValidationError) return err.errors;
    throw err;
  }
  return null;
};

describe("back-dated steps (补录)", () => {
  it("finds the latest step, a session in Beijing time", () => {
    expect(lastStepDate(kase())).toBe("2025-09-10");
    expect(lastStepDate(kase({ concludedOn: "2025-10-01" }))).toBe("2025-10-01");
  });

  it("takes a date between the previous step and today, for the actions dated today", () => {
    expect(stepDate("terminate", { actedOn: "2025-09-12" }, kase(), "2026-12-01")).toBe("2025-09-12");
    expect(stepDate("terminate", {}, kase(), "2026-12-01")).toBe("2026-12-01");
    expect(stepDate("close", { actedOn: "" }, kase(), "2026-12-01")).toBe("2026-12-01");
    expect(messageOf(() => stepDate("terminate", { actedOn: "2025-09-09" }, kase(), "2026-12-01"))).toEqual([
      { field: "actedOn", message: "实际办理日期不能早于上一步的日期（2025-09-10）" },
    ]);
    expect(messageOf(() => stepDate("close", { actedOn: "2026-12-02" }, kase(), "2026-12-01"))).toEqual([
      { field: "actedOn", message: "实际办理日期不能晚于今天" },
    ]);
    expect(messageOf(() => stepDate("close", { actedOn: "9月12日" }, kase(), "2026-12-01"))).toEqual([
      { field: "actedOn", message: "实际办理日期应为日期，如 2026-09-04" },
    ]);
    expect(messageOf(() => stepDate("follow-up", { actedOn: "2025-09-12" }, kase(), "2026-12-01"))).toEqual([
      { field: "actedOn", message: "这项操作不填写实际办理日期，请在表单的日期栏填写" },
    ]);
  });

  it("numbers a paper case apart from the series", () => {
    expect(backfillNumber("（2025）北洲调字第3号", "北洲")).toBe("（2025）北洲调字第3号（补录）");
    expect(backfillNumber("2025-003", "北洲")).toBe("北洲2025-003（补录）");
  });
});

describe("file-upload forms", () => {
  it("splits a multipart body into fields and files", () => {
    const b = "----x1";
    const body = Buffer.concat([
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\ntok\r\n`),
      Buffer.from(
        `--${b}\r\nContent-Disposition: form-data; name="file"; filename="台账.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      Buffer.from("编号,申请人\r\n1,张三\r\n"),
      Buffer.from(`\r\n--${b}--\r\n`),
    ]);
    const { fields, files } = parseMultipart(body, `multipart/form-data; boundary=${b}`);
    expect(fields).toEqual({ _csrf: "tok" });
    expect(files.file!.filename).toBe("台账.csv");
    expect(files.file!.data.toString()).toBe("编号,申请人\r\n1,张三\r\n");
    expect(parseMultipart(body, "multipart/form-data")).toEqual({ fields: {}, files: {} });
  });
});
