import { parseAmountFen, parseLedgerDate, parseOutcome, SOURCE_WORDS, splitNames } from "./cells.js";

/**
 * Reading one row of a committee's paper ledger (人民调解工作台账), as the Ministry of Justice's
 * ledger lays it out: 编号, 申请人, 被申请人, 纠纷类型, 登记日期, 受理日期, 调解日期, 协议日期,
 * 结案日期, 调解结果, 协议金额. Pure: the dispute types and today come from the caller.
 */

export type LedgerOutcome = "success" | "failure" | "terminated";

export const LEDGER_OUTCOME_LABELS: Record<LedgerOutcome, string> = {
  success: "调解成功",
  failure: "调解不成功",
  terminated: "调解终止",
};

/** A ledger row as it will be imported. */
export interface LedgerCase {
  paperNumber: string;
  applicants: string[];
  respondents: string[];
  typeCode: string;
  source: string;
  summary: string;
  registeredOn: string;
  acceptedOn: string;
  sessionOn: string | null;
  agreementOn: string | null;
  closedOn: string;
  outcome: LedgerOutcome;
  amountFen: number | null;
}

export interface LedgerRow {
  line: number;
  paperNumber: string;
  parties: string;
  summary: string;
  input: LedgerCase | null;
  errors: string[];
}

/** Column headings understood (after dropping spaces, “*” and a trailing bracketed note), by field. */
export const HEADINGS: Record<string, string[]> = {
  paperNumber: ["编号", "案号", "案件编号", "卷宗编号", "卷宗号", "台账编号"],
  parties: ["当事人"],
  applicants: ["申请人", "申请方", "当事人（申请人）", "申请人姓名"],
  respondents: ["被申请人", "被申请方", "当事人（被申请人）", "被申请人姓名", "对方当事人"],
  type: ["纠纷类型", "纠纷类别", "案件类型", "纠纷种类"],
  source: ["纠纷来源", "来源", "案件来源"],
  summary: ["纠纷简要情况", "简要案情", "案情摘要", "纠纷概要", "纠纷事项", "主要事实"],
  registeredOn: ["登记日期", "登记时间", "排查日期"],
  acceptedOn: ["受理日期", "受理时间"],
  sessionOn: ["调解日期", "调解时间"],
  agreementOn: ["协议日期", "协议时间", "达成协议日期", "签订协议日期", "协议签订日期"],
  closedOn: ["结案日期", "结案时间", "终止日期", "办结日期"],
  agreementOrClosedOn: ["协议日期/结案日期", "协议/结案日期", "协议或结案日期", "协议日期或结案日期"],
  outcome: ["调解结果", "调解结论", "调解情况", "结果"],
  amountFen: ["协议金额", "协议涉及金额", "涉及金额", "金额"],
};

export const normaliseHeading = (h: string) =>
  h
    .replace(/\s+/g, "")
    .replace(/[*＊]/g, "")
    .replace(/[（(][^）)]*[）)]$/, "");

/** Which column holds which field; the first matching column wins. */
export function mapColumns(header: string[]): Map<string, number> {
  const columns = new Map<string, number>();
  header.forEach((h, i) => {
    const raw = h.replace(/\s+/g, "").replace(/[*＊]/g, "");
    const key = normaliseHeading(h);
    for (const [field, names] of Object.entries(HEADINGS)) {
      if ((names.includes(key) || names.includes(raw)) && !columns.has(field)) columns.set(field, i);
    }
  });
  return columns;
}

/** The headings a ledger must have; in Chinese, for the message when one is missing. */
export function missingHeadings(columns: Map<string, number>): string[] {
  const missing: string[] = [];
  if (!columns.has("paperNumber")) missing.push("编号");
  if (!columns.has("applicants") && !columns.has("parties")) missing.push("申请人");
  if (!columns.has("respondents") && !columns.has("parties")) missing.push("被申请人");
  if (!columns.has("type")) missing.push("纠纷类型");
  if (!columns.has("acceptedOn")) missing.push("受理日期");
  if (!columns.has("outcome")) missing.push("调解结果");
  return missing;
}

export interface RowContext {
  today: string;
  /** Dispute type code by its name, its name with 纠纷, or its code. */
  typeByName: Map<string, { code: string; name: string }>;
}

/** Checks one data row; `line` is its line in the file (the header is line 1). */
export function parseLedgerRow(
  cells: string[],
  columns: Map<string, number>,
  line: number,
  ctx: RowContext,
): LedgerRow {
  const cell = (field: string) => {
    const c = columns.get(field);
    return c === undefined ? "" : (cells[c] ?? "").trim();
  };
  const errors: string[] = [];
  const paperNumber = cell("paperNumber");
  if (!paperNumber) errors.push("编号不能为空");
  else if (paperNumber.length > 60) errors.push("编号不能超过 60 个字");

  let applicants = splitNames(cell("applicants"));
  let respondents = splitNames(cell("respondents"));
  if (!applicants.length && !respondents.length && cell("parties")) {
    const [a = "", ...r] = cell("parties").split(/\s*(?:与|诉|\/|／|—+|－+)\s*/);
    applicants = splitNames(a);
    respondents = splitNames(r.join("、"));
  }
  if (!applicants.length) errors.push("申请人不能为空");
  if (!respondents.length) errors.push("被申请人不能为空");
  for (const n of [...applicants, ...respondents])
    if (n.length > 50) errors.push(`当事人“${n.slice(0, 10)}…”的名称不能超过 50 个字`);

  const typeText = cell("type");
  const type = ctx.typeByName.get(typeText);
  if (!typeText) errors.push("纠纷类型不能为空");
  else if (!type) errors.push(`纠纷类型“${typeText}”不是本系统的纠纷类型`);

  const sourceText = cell("source");
  const source = sourceText ? SOURCE_WORDS.find(([re]) => re.test(sourceText))?.[1] : "application";
  if (!source) errors.push(`纠纷来源“${sourceText}”无法识别`);

  const outcomeText = cell("outcome");
  const outcome = parseOutcome(outcomeText);
  if (!outcomeText) errors.push("调解结果不能为空（成功、不成功或终止）");
  else if (!outcome) errors.push(`调解结果“${outcomeText}”无法识别，应为成功、不成功或终止`);

  const date = (field: string, label: string, text = cell(field)): string | null => {
    if (!text) return null;
    const d = parseLedgerDate(text);
    if (!d) errors.push(`${label}“${text}”不是有效日期，应如 2026-03-05`);
    else if (d > ctx.today) errors.push(`${label}不能晚于今天`);
    else if (d < "1990-01-01") errors.push(`${label}不能早于 1990 年`);
    return d;
  };
  const acceptedOn = date("acceptedOn", "受理日期");
  if (!cell("acceptedOn")) errors.push("受理日期不能为空");
  const registeredOn = date("registeredOn", "登记日期") ?? acceptedOn;
  const sessionOn = date("sessionOn", "调解日期");
  const combined = date("agreementOrClosedOn", "协议日期/结案日期");
  let agreementOn = date("agreementOn", "协议日期");
  let closedOn = date("closedOn", "结案日期");
  if (outcome === "success") {
    agreementOn ??= combined ?? closedOn;
    closedOn ??= combined ?? agreementOn;
    if (!agreementOn && !cell("agreementOn")) errors.push("调解成功的案件应填写协议日期");
  } else if (outcome) {
    closedOn ??= combined;
    if (agreementOn) errors.push("调解不成功或终止的案件不应填写协议日期");
    if (!closedOn && !cell("closedOn"))
      errors.push(outcome === "terminated" ? "调解终止的案件应填写终止（结案）日期" : "应填写结案日期");
  }
  const order: [string | null, string][] = [
    [registeredOn, "登记日期"],
    [acceptedOn, "受理日期"],
    [sessionOn, "调解日期"],
    [outcome === "success" ? agreementOn : null, "协议日期"],
    [closedOn, outcome === "terminated" ? "终止日期" : "结案日期"],
  ];
  const known = order.filter((o): o is [string, string] => !!o[0]);
  for (let i = 1; i < known.length; i++) {
    const [prevDate, prevLabel] = known[i - 1]!;
    const [d, label] = known[i]!;
    if (d < prevDate) errors.push(`${label}不能早于${prevLabel}`);
  }

  const amountText = cell("amountFen");
  let amountFen: number | null = null;
  if (amountText && !/^[-—－/无]$/.test(amountText)) {
    amountFen = parseAmountFen(amountText);
    if (amountFen === null) errors.push(`协议金额“${amountText}”不是有效金额，应如 12000 或 1.2万`);
    else if (outcome && outcome !== "success" && amountFen > 0) errors.push("只有调解成功的案件才有协议金额");
  }

  const summaryText = cell("summary");
  if (summaryText.length > 2000) errors.push("纠纷简要情况不能超过 2000 个字");
  const parties = `${applicants.join("、")} 与 ${respondents.join("、")}`;
  const summary =
    summaryText ||
    `${applicants.join("、")}与${respondents.join("、")}${type ? `${type.name}纠纷` : "纠纷"}（纸质台账补录）`;
  const ok = errors.length === 0;
  return {
    line,
    paperNumber,
    parties,
    summary: [type?.name ?? typeText, outcome ? LEDGER_OUTCOME_LABELS[outcome] : outcomeText, closedOn ?? ""]
      .filter(Boolean)
      .join("，"),
    input: ok
      ? {
          paperNumber,
          applicants,
          respondents,
          typeCode: type!.code,
          source: source!,
          summary,
          registeredOn: registeredOn!,
          acceptedOn: acceptedOn!,
          sessionOn,
          agreementOn: outcome === "success" ? agreementOn : null,
          closedOn: closedOn!,
          outcome: outcome!,
          amountFen: outcome === "success" ? amountFen : null,
        }
      : null,
    errors,
  };
}
