import { DateTime } from "luxon";
import { z } from "zod";
import { checkResidentId } from "../cases/id-number.js";
import {
  asArray,
  isoDate,
  listItem,
  optionalText,
  phoneField,
  requiredText,
  versionField,
} from "../validation.js";
import { FIVE_ELDERS_KINDS, RELATION_KINDS, TEAM_KINDS, UNAVAILABILITY_REASONS } from "./labels.js";
import { MEDIATOR_KINDS } from "./roster.js";

/**
 * Input for mediator records, absences, ties, pools, teams and imports: the API's shape, which
 * the web forms send too (lists may come as one string, split at 、，, ; or new lines).
 */

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const flag = z.preprocess(
  (v) => v === true || v === "on" || v === "true" || v === "1" || v === "yes",
  z.boolean(),
);

function year(label: string, min: number, max: number) {
  return z.preprocess(
    (v) => (v === "" || v === null || v === undefined ? undefined : Number(v)),
    z
      .number({ error: `${label}应为四位年份，如 1965` })
      .int(`${label}应为四位年份，如 1965`)
      .min(min, `${label}不能早于 ${min} 年`)
      .max(max, `${label}不能晚于 ${max} 年`)
      .optional(),
  );
}

/** A list typed as one string (顿号, commas, semicolons or lines) or sent as an array. */
function textList(label: string, maxItems: number, maxLength: number, lines = false) {
  return z.preprocess(
    (v) =>
      (typeof v === "string" ? v.split(lines ? /\r?\n/ : /[、,，;；\r\n]+/) : asArray(v))
        .map((x) => String(x).trim())
        .filter(Boolean),
    z.array(listItem(label, maxLength)).max(maxItems, `${label}最多 ${maxItems} 项`),
  );
}

const id = (label: string) =>
  z.preprocess(
    blank,
    z.coerce
      .number({ error: `请选择${label}` })
      .int(`请选择${label}`)
      .positive(`请选择${label}`),
  );

/** Lists of ids are capped so that one request cannot exceed a database's bound-variable limit. */
const MAX_IDS = 200;

const ids = (label: string) =>
  z.preprocess(
    (v) => asArray(v).map(Number),
    z
      .array(
        z
          .number({ error: `${label}无效` })
          .int(`${label}无效`)
          .positive(`${label}无效`),
      )
      .max(MAX_IDS, `${label}最多 ${MAX_IDS} 个`),
  );

const phone = phoneField("联系电话");

export function mediatorSchema(today: string) {
  const thisYear = Number(today.slice(0, 4));
  return z
    .object({
      name: requiredText("姓名", 100),
      kind: z.enum(MEDIATOR_KINDS, { error: "请选择调解员类别" }),
      fiveEldersKind: z.preprocess(blank, z.enum(FIVE_ELDERS_KINDS, { error: "“五老”类别无效" }).optional()),
      title: optionalText("职务或身份", 100),
      gender: z.preprocess(blank, z.enum(["male", "female"], { error: "性别无效" }).optional()),
      birthYear: year("出生年份", 1900, thisYear - 18),
      ethnicity: optionalText("民族", 32),
      languages: textList("语言或方言", 10, 30),
      phone,
      homeRegionCode: z.preprocess(
        blank,
        z
          .string()
          .trim()
          .regex(/^\d{12}(\d{3})?$/, "居住地应为 12 位区划代码")
          .optional(),
      ),
      organisationId: id("所属调解组织"),
      otherOrganisationIds: ids("兼任的调解组织"),
      specialties: z.preprocess(
        (v) => asArray(v).map(String),
        z.array(z.string().max(32)).max(MAX_IDS, `专长最多 ${MAX_IDS} 项`),
      ),
      certifications: textList("资格证书和培训", 20, 200, true),
      sinceYear: year("从事调解工作的起始年份", 1950, thisYear),
      capacity: z.preprocess(
        (v) => (v === "" || v === null || v === undefined ? 6 : Number(v)),
        z
          .number({ error: "同时办理案件上限应为 1–50 的整数" })
          .int("同时办理案件上限应为 1–50 的整数")
          .min(1, "同时办理案件上限应为 1–50 的整数")
          .max(50, "同时办理案件上限应为 1–50 的整数"),
      ),
      active: flag,
      retiredOn: z.preprocess(
        blank,
        isoDate("退出日期")
          .refine((v) => v <= today, "退出日期不能晚于今天")
          .optional(),
      ),
      notes: optionalText("备注", 2000),
    })
    .superRefine((m, ctx) => {
      if (m.fiveEldersKind && m.kind !== "five_elders") {
        ctx.addIssue({ code: "custom", path: ["fiveEldersKind"], message: "只有“五老”调解员填写“五老”类别" });
      }
      if (m.sinceYear && m.birthYear && m.sinceYear < m.birthYear + 16) {
        ctx.addIssue({
          code: "custom",
          path: ["sinceYear"],
          message: "从事调解工作的起始年份与出生年份不符",
        });
      }
    });
}
export type MediatorInput = z.output<ReturnType<typeof mediatorSchema>>;

export function mediatorUpdateSchema(today: string) {
  return mediatorSchema(today).and(z.object({ version: versionField }));
}

export const unavailabilitySchema = z
  .object({
    fromOn: isoDate("开始日期"),
    toOn: isoDate("结束日期"),
    reason: z.enum(UNAVAILABILITY_REASONS, { error: "请选择不能参加调解的原因" }),
    note: optionalText("说明", 300),
  })
  .refine((u) => u.toOn >= u.fromOn, { path: ["toOn"], message: "结束日期不能早于开始日期" });

export function relationSchema(today: string) {
  return z
    .object({
      kind: z.enum(RELATION_KINDS, { error: "请选择关系类型" }),
      personName: requiredText("对方姓名", 100),
      idNumber: z.preprocess(blank, z.string().trim().toUpperCase().optional()),
      phone,
      note: optionalText("说明", 300),
    })
    .superRefine((r, ctx) => {
      if (r.idNumber) {
        const check = checkResidentId(r.idNumber, today);
        if (!check.ok)
          ctx.addIssue({ code: "custom", path: ["idNumber"], message: `身份证号${check.reason}` });
      }
      if (!r.idNumber && !r.phone) {
        ctx.addIssue({
          code: "custom",
          path: ["idNumber"],
          message: "请填写对方的身份证号或联系电话，以便与案件当事人比对",
        });
      }
    });
}

export const poolSchema = z.object({
  name: requiredText("专家库名称", 200),
  organisationId: id("管理专家库的司法局"),
});

export const batchSchema = z
  .object({
    name: optionalText("批次名称", 50),
    appointedOn: isoDate("选聘日期"),
    termStart: isoDate("聘期开始日期"),
    termEnd: isoDate("聘期结束日期"),
  })
  .superRefine((b, ctx) => {
    if (b.termEnd <= b.termStart) {
      ctx.addIssue({ code: "custom", path: ["termEnd"], message: "聘期结束日期应晚于开始日期" });
    }
    if (b.appointedOn > b.termStart) {
      ctx.addIssue({ code: "custom", path: ["appointedOn"], message: "选聘日期不能晚于聘期开始日期" });
    }
  });

export const appointSchema = z.object({
  mediatorIds: ids("专家").pipe(z.array(z.number()).min(1, "请至少选择一名专家")),
});

export const teamSchema = z
  .object({
    name: requiredText("团队名称", 200),
    kind: z.enum(TEAM_KINDS, { error: "请选择团队类型" }),
    organisationId: id("团队所属调解组织"),
    leadMediatorId: id("团队负责人"),
    memberIds: ids("团队成员"),
    active: flag,
  })
  .transform((t) => ({ ...t, memberIds: [...new Set([t.leadMediatorId, ...t.memberIds])] }))
  .refine((t) => t.memberIds.length >= 2, { path: ["memberIds"], message: "团队至少要有两名成员" });

export const teamUpdateSchema = teamSchema.and(z.object({ version: versionField }));

export const importSchema = z.object({
  organisationId: id("导入到的调解组织"),
  content: requiredText("名册内容", 500_000).or(z.instanceof(Buffer)),
  filename: optionalText("文件名", 200),
});

export const confirmSchema = z.object({ version: versionField });

/** Query of the matches: proposed session dates and languages the parties need. */
export const matchQuery = z.object({
  dates: textList("拟定调解日期", 10, 10).pipe(
    z.array(
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, "拟定调解日期应为日期，如 2026-11-25")
        .refine((v) => DateTime.fromISO(v).isValid, "拟定调解日期不是有效日期"),
    ),
  ),
  languages: textList("当事人使用的语言或方言", 5, 30),
  limit: z.preprocess(
    (v) => (v === "" || v === undefined || v === null ? undefined : Number(v)),
    z
      .number({ error: "limit 应为 1–10000 的整数" })
      .int("limit 应为 1–10000 的整数")
      .min(1, "limit 应为 1–10000 的整数")
      .max(10000, "limit 应为 1–10000 的整数")
      .optional(),
  ),
  all: flag.optional(),
});

export const listQuery = z.object({
  kind: z.preprocess(blank, z.enum(MEDIATOR_KINDS, { error: "kind 无效" }).optional()),
  specialty: z.preprocess(blank, z.string().max(32).optional()),
  region: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{12}(\d{3})?$/, "region 应为区划代码")
      .optional(),
  ),
  q: z.preprocess(blank, z.string().trim().max(50, "搜索词不能超过 50 个字").optional()),
  organisationId: z.preprocess(blank, z.coerce.number().int().positive().optional()),
});
