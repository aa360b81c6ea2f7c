import { z } from "zod";
import { blankToUndefined, optionalPastDate, pastDate, rows } from "../cases/fields.js";
import { isoDate, optionalText, phoneField, requiredText, versionField } from "../validation.js";
import { GRID_CATEGORIES, GRID_RISK_LEVELS, GRID_SATISFACTIONS } from "./types.js";

/** The grid loop's inputs (api.md "Grid reports and dispatch"); web forms send the same fields as strings. */

const checkbox = z.preprocess(
  (v) => v === true || v === "on" || v === "true" || v === "1" || v === "yes",
  z.boolean(),
);

/** A form's party rows ({0: {...}}) or an API array; rows left blank dropped. */
const partyRows = (v: unknown): unknown => {
  if (v === undefined || v === null || v === "") return undefined;
  const list = rows(v);
  return list.filter(
    (r) => !(r && typeof r === "object" && Object.values(r).every((x) => x === "" || x === undefined)),
  );
};

const party = z.object({
  side: z.enum(["applicant", "respondent"], { error: "请选择当事人是哪一方（申请方或对方）" }),
  name: requiredText("当事人姓名", 100),
  phone: phoneField("当事人电话"),
});

export function reportSchema(today: string) {
  return z.object({
    category: z.enum(GRID_CATEGORIES, { error: "请选择上报类别：矛盾纠纷、安全隐患或群众诉求" }),
    regionCode: z
      .string({ error: "请选择发生地点（村或村民小组）" })
      .trim()
      .regex(/^\d{12}(\d{3})?$/, "请选择发生地点（村或村民小组）"),
    summary: requiredText("情况描述", 2000),
    occurredOn: optionalPastDate("发生日期", today),
    people: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: "涉及人数应为正整数" })
        .int("涉及人数应为正整数")
        .min(1, "涉及人数应为正整数")
        .max(100000, "涉及人数不能超过 100000")
        .optional(),
    ),
    parties: z.preprocess(partyRows, z.array(party).max(20, "当事人不能超过 20 人").optional()),
    riskLevel: z.preprocess(
      blankToUndefined,
      z.enum(GRID_RISK_LEVELS, { error: "风险等级应为一般、较大或重大" }).default("ordinary"),
    ),
    threats: checkbox.optional().default(false),
  });
}
export type ReportData = z.output<ReturnType<typeof reportSchema>>;

export function dispatchSchema(today: string) {
  return z.object({
    version: versionField,
    to: z.coerce
      .number({ error: "请选择分流去向（调解委员会或职能部门）" })
      .int("请选择分流去向（调解委员会或职能部门）")
      .positive("请选择分流去向（调解委员会或职能部门）"),
    dueOn: isoDate("办理期限").refine((v) => v >= today, "办理期限不能早于今天"),
    note: optionalText("分流说明", 500),
  });
}

export function replySchema(today: string) {
  return z.object({
    version: versionField,
    result: requiredText("办理结果", 2000),
    doneOn: pastDate("办结日期", today),
  });
}

export const closeSchema = z.object({
  version: versionField,
  reason: requiredText("关闭原因", 500),
});

export const rateSchema = z.object({
  satisfaction: z.enum(GRID_SATISFACTIONS, { error: "请选择满意度：满意、基本满意或不满意" }),
  comment: optionalText("评价意见", 500),
});
