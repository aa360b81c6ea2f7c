import { z } from "zod";
import { optionalText, requiredText } from "../validation.js";
import { blankToUndefined, money, optionalPastDate, rows, toFen } from "./fields.js";
import { partySchema } from "./party-fields.js";
import { RISK_LEVELS, SOURCES } from "./labels.js";

/** The intake schema for a day (it names the latest allowed date), built once per day. */
export function intakeSchema(today: string) {
  if (intakeSchemaCache?.today !== today) intakeSchemaCache = { today, schema: buildIntakeSchema(today) };
  return intakeSchemaCache.schema;
}
let intakeSchemaCache: { today: string; schema: ReturnType<typeof buildIntakeSchema> } | null = null;

function buildIntakeSchema(today: string) {
  return z
    .object({
      source: z.enum(SOURCES, { error: "请选择纠纷来源" }),
      typeCode: z.string({ error: "请选择纠纷类型" }).trim().min(1, "请选择纠纷类型"),
      summary: requiredText("纠纷概要", 4000),
      occurredOn: optionalPastDate("纠纷发生日期", today),
      regionCode: z.string({ error: "请选择纠纷发生地" }).trim().min(1, "请选择纠纷发生地"),
      address: optionalText("详细地点", 300),
      ...money("涉及金额"),
      peopleInvolved: z.preprocess(
        (v) => (v === "" || v === null || v === undefined ? undefined : Number(v)),
        z
          .number({ error: "涉及人数应为正整数" })
          .int("涉及人数应为正整数")
          .min(1, "涉及人数应为正整数")
          .max(100000, "涉及人数过大")
          .optional(),
      ),
      riskLevel: z.preprocess(
        blankToUndefined,
        z.enum(RISK_LEVELS, { error: "风险等级无效" }).default("ordinary"),
      ),
      externalRef: optionalText("外部编号", 100),
      organisationId: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),
      referringCourtId: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),
      parties: z.preprocess(rows, z.array(partySchema(today)).max(60, "当事人不能超过 60 人")),
      // 补录 (back-entry, src/cases/backdating.ts): a past dispute keeps its real date and paper number.
      registeredOn: optionalPastDate("登记日期", today),
      paperNumber: optionalText("纸质卷宗编号", 60),
    })
    .superRefine((c, ctx) => {
      if (c.registeredOn && c.registeredOn < today && !c.paperNumber) {
        ctx.addIssue({
          code: "custom",
          path: ["paperNumber"],
          message: "补录以前登记的纠纷，请填写纸质卷宗编号（登记日期早于今天）",
        });
      }
      if (!c.parties.some((p) => p.side === "applicant")) {
        ctx.addIssue({ code: "custom", path: ["parties"], message: "至少需要一名申请人（一方当事人）" });
      }
      if (!c.parties.some((p) => p.side === "respondent")) {
        ctx.addIssue({ code: "custom", path: ["parties"], message: "至少需要一名被申请人（另一方当事人）" });
      }
    })
    .transform(({ amountYuan, ...c }) => ({
      ...c,
      amountFen: toFen({ amountFen: c.amountFen, amountYuan }),
    }));
}
export type IntakeInput = z.output<ReturnType<typeof intakeSchema>>;
