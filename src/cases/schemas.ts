import { DateTime } from "luxon";
import { z } from "zod";
import { asArray, isoDate, optionalText, phoneField, requiredText, versionField } from "../validation.js";
import { checkResidentId, checkUnifiedCode } from "./id-number.js";
import { ZONE } from "./periods.js";

/**
 * Input schemas for intake and every action, in the API's shape (api.md). Web forms send the same
 * fields; where a person types something else (yuan rather than fen, a local date-time), the schema
 * accepts that variant too, so both paths reach the service through one validation.
 */

export const SOURCES = [
  "application",
  "initiative",
  "grid_report",
  "hotline",
  "court_referral",
  "police_referral",
  "petition",
] as const;
export const SOURCE_LABELS: Record<(typeof SOURCES)[number], string> = {
  application: "当事人申请",
  initiative: "主动调解",
  grid_report: "网格员上报",
  hotline: "12345 热线转办",
  court_referral: "法院诉前委派",
  police_referral: "公安机关移送（警调对接）",
  petition: "信访部门转办",
};
export const RISK_LEVELS = ["ordinary", "serious", "major"] as const;
export const RISK_LABELS = { ordinary: "一般", serious: "较大", major: "重大" } as const;
export const DECLINE_GROUNDS = [
  "in_court",
  "in_arbitration",
  "administrative",
  "law_forbids",
  "specialised",
] as const;
export const DECLINE_GROUND_LABELS: Record<(typeof DECLINE_GROUNDS)[number], string> = {
  in_court: "已由人民法院受理或处理",
  in_arbitration: "已由仲裁机构受理或处理",
  administrative: "已由公安机关或其他行政机关受理或处理",
  law_forbids: "法律、法规规定不得调解",
  specialised: "依法应由专门机关管辖处理",
};
export const TERMINATION_REASONS = ["party_refused", "party_withdrew", "no_agreement", "other"] as const;
export const TERMINATION_REASON_LABELS: Record<(typeof TERMINATION_REASONS)[number], string> = {
  party_refused: "当事人拒绝继续调解",
  party_withdrew: "当事人撤回调解申请",
  no_agreement: "经调解不能达成协议",
  other: "其他原因",
};
export const PLACE_KINDS = ["office", "courtyard", "online", "other"] as const;
export const PLACE_LABELS = {
  office: "调委会调解室",
  courtyard: "当事人家中/田间院落",
  online: "线上视频",
  other: "其他地点",
} as const;
export const SESSION_OUTCOMES = ["continue", "agreement", "failed"] as const;
export const SESSION_OUTCOME_LABELS = {
  continue: "继续调解",
  agreement: "达成协议",
  failed: "调解不成",
} as const;
export const ASSIGNMENT_ROLES = ["lead", "co", "invited"] as const;
export const ASSIGNMENT_ROLE_LABELS = {
  lead: "主持调解员",
  co: "协助调解员",
  invited: "邀请参与人员",
} as const;
export const SIGN_METHODS = ["sign", "seal", "thumbprint"] as const;
export const SIGN_METHOD_LABELS = { sign: "签名", seal: "盖章", thumbprint: "按指印" } as const;
export const MATERIALS = [
  "application",
  "agreement",
  "identity",
  "service_addresses",
  "property",
  "power_of_attorney",
  "qualification",
  "mediation_certificate",
] as const;
export const MATERIAL_LABELS: Record<(typeof MATERIALS)[number], string> = {
  application: "司法确认申请书",
  agreement: "调解协议书",
  identity: "当事人身份证明",
  service_addresses: "送达地址及联系电话确认书",
  property: "财产权利证明",
  power_of_attorney: "授权委托书",
  qualification: "资格证明（单位当事人的主体资格及法定代表人身份证明）",
  mediation_certificate: "人民调解委员会主持调解的证明",
};
export const FOLLOW_UP_METHODS = ["visit", "phone", "video", "other"] as const;
export const FOLLOW_UP_METHOD_LABELS = {
  visit: "上门回访",
  phone: "电话回访",
  video: "视频回访",
  other: "其他",
} as const;
export const PERFORMED_STATES = ["yes", "partly", "no"] as const;
export const PERFORMED_LABELS = { yes: "已履行", partly: "部分履行", no: "未履行" } as const;
export const SATISFACTION = ["satisfied", "basically", "dissatisfied"] as const;
export const SATISFACTION_LABELS = {
  satisfied: "满意",
  basically: "基本满意",
  dissatisfied: "不满意",
} as const;

/** Words that name a coded choice, for API clients that send the choice in words. */
const DECLINE_WORDS: [RegExp, (typeof DECLINE_GROUNDS)[number]][] = [
  [/法院/, "in_court"],
  [/仲裁/, "in_arbitration"],
  [/公安|行政机关/, "administrative"],
  [/不得调解|禁止调解/, "law_forbids"],
  [/专门机关/, "specialised"],
];
const TERMINATION_WORDS: [RegExp, (typeof TERMINATION_REASONS)[number]][] = [
  [/撤回|撤销申请/, "party_withdrew"],
  [/拒绝|不愿|不同意/, "party_refused"],
  [/(不能|未能|无法|没有)达成/, "no_agreement"],
];
// basically_satisfied is the portal's word for 基本满意 (api.md, rating).
const SATISFACTION_WORDS: [RegExp, (typeof SATISFACTION)[number]][] = [
  [/^basically_satisfied$/, "basically"],
  [/不满意/, "dissatisfied"],
  [/基本满意/, "basically"],
  [/^满意$|^非常满意$/, "satisfied"],
];

/** A choice from a list on the form, or words from an API client: "请选择" when missing. */
function chosenText(label: string) {
  return z
    .string({ error: `请选择${label}` })
    .trim()
    .min(1, `请选择${label}`)
    .pipe(requiredText(label, 2000));
}

/** The code a text names: the code itself, its label, or the first pattern of words it matches. */
function codeFrom<C extends string>(
  codes: readonly C[],
  labels: Record<C, string>,
  words: [RegExp, C][],
  text: string,
): C | undefined {
  const t = text.trim();
  return codes.find((c) => c === t || labels[c] === t) ?? words.find(([re]) => re.test(t))?.[1];
}

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

function pastDate(label: string, today: string) {
  return isoDate(label).refine((v) => v <= today, `${label}不能晚于今天`);
}

function optionalPastDate(label: string, today: string) {
  return z.preprocess(blankToUndefined, pastDate(label, today).optional());
}

const fenMessage = (label: string) => `${label}应为不小于 0 的整数（单位：分）`;
const yuanPattern = /^\d{1,11}(\.\d{1,2})?$/;

/** Money as integer fen (API) or as a yuan string typed into a form ("1300.50"). */
function money(label: string) {
  return {
    amountFen: z.preprocess(
      blankToUndefined,
      z
        .number({ error: fenMessage(label) })
        .int(fenMessage(label))
        .min(0, fenMessage(label))
        .max(1e13, `${label}过大`)
        .optional(),
    ),
    amountYuan: z.preprocess(
      blankToUndefined,
      z.string().trim().regex(yuanPattern, `${label}应为不小于 0 的数字（元），最多两位小数`).optional(),
    ),
  };
}

function toFen(v: { amountFen?: number; amountYuan?: string }): number | null {
  if (v.amountFen !== undefined) return v.amountFen;
  if (v.amountYuan === undefined) return null;
  const [yuan, cents = ""] = v.amountYuan.split(".");
  return Number(yuan) * 100 + Number(cents.padEnd(2, "0"));
}

/**
 * The kind of place a session was held in, read from the place as typed: a kind's code or name,
 * or words that name one (调解室 → office, 线上/视频 → online, 家中/院落/田间 → courtyard); else other.
 */
export function placeKindOf(place: string | null | undefined): (typeof PLACE_KINDS)[number] {
  const p = (place ?? "").trim();
  const exact = PLACE_KINDS.find((k) => k === p || PLACE_LABELS[k] === p);
  if (exact) return exact;
  if (/调解室|调委会|调解委员会|调解中心|调解工作室|司法所/.test(p)) return "office";
  if (/线上|视频|在线|远程|网上/.test(p)) return "online";
  if (/家中|家里|院落|院子|田间|地头|现场/.test(p)) return "courtyard";
  return "other";
}

const bool = z.preprocess(
  (v) => v === true || v === "on" || v === "true" || v === "1" || v === "yes",
  z.boolean(),
);

/** Form rows arrive as an object keyed by index once there are more than 20; order them. */
export function rows(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, v]) => v);
  }
  return [];
}

function partySchema(today: string) {
  return z
    .object({
      side: z.enum(["applicant", "respondent"], { error: "请选择当事人是申请人还是被申请人" }),
      kind: z.enum(["person", "organisation"], { error: "请选择当事人类型（自然人或单位）" }),
      name: requiredText("当事人姓名或名称", 200),
      idNumber: z.preprocess(blankToUndefined, z.string().trim().optional()),
      unifiedCode: z.preprocess(blankToUndefined, z.string().trim().toUpperCase().optional()),
      gender: z.preprocess(blankToUndefined, z.enum(["male", "female"], { error: "性别无效" }).optional()),
      birthDate: optionalPastDate("出生日期", today),
      ethnicity: optionalText("民族", 32),
      occupation: optionalText("职业或工作单位", 100),
      phone: phoneField("联系电话"),
      address: optionalText("住址", 300),
      legalRepresentative: optionalText("法定代表人", 100),
      legalRepresentativeTitle: optionalText("法定代表人职务", 100),
      agent: z.preprocess(
        (v) => (v && typeof v === "object" && !(v as { name?: string }).name ? undefined : v),
        z
          .object({
            name: requiredText("代理人姓名", 100),
            phone: phoneField("代理人电话").transform((v) => v ?? null),
            idNumber: optionalText("代理人身份证号", 18),
          })
          .optional(),
      ),
    })
    .superRefine((p, ctx) => {
      if (p.idNumber) {
        if (p.kind !== "person") {
          ctx.addIssue({ code: "custom", path: ["idNumber"], message: "单位当事人请填写统一社会信用代码" });
        } else {
          const check = checkResidentId(p.idNumber, today);
          if (!check.ok)
            ctx.addIssue({ code: "custom", path: ["idNumber"], message: `身份证号${check.reason}` });
          else if (p.birthDate && p.birthDate !== check.birthDate) {
            ctx.addIssue({ code: "custom", path: ["birthDate"], message: "出生日期与身份证号不一致" });
          }
        }
      }
      if (p.unifiedCode && !checkUnifiedCode(p.unifiedCode)) {
        ctx.addIssue({ code: "custom", path: ["unifiedCode"], message: "统一社会信用代码不正确，请核对" });
      }
      if (p.agent?.idNumber && !checkResidentId(p.agent.idNumber, today).ok) {
        ctx.addIssue({ code: "custom", path: ["agent", "idNumber"], message: "代理人身份证号不正确" });
      }
    })
    .transform((p) => {
      // The resident ID carries the birth date and sex; fill them in when not typed.
      const check = p.idNumber && p.kind === "person" ? checkResidentId(p.idNumber, today) : null;
      return {
        ...p,
        idNumber: p.idNumber?.toUpperCase() ?? null,
        unifiedCode: p.unifiedCode ?? null,
        birthDate: p.birthDate ?? (check?.ok ? check.birthDate : null),
        gender: p.gender ?? (check?.ok ? check.gender : null),
        phone: p.phone ?? null,
        agent: p.agent ?? null,
      };
    });
}
export type PartyInput = z.output<ReturnType<typeof partySchema>>;

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

const version = { version: versionField };

/** A local date-time typed into a form (2026-09-04T09:30) is Beijing time; an API instant carries its offset. */
function pastInstant(label: string, now: Date) {
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .transform((v, ctx) => {
      const dt = /[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? DateTime.fromISO(v) : DateTime.fromISO(v, { zone: ZONE });
      if (!dt.isValid) {
        ctx.addIssue({ code: "custom", message: `${label}应为日期和时间，如 2026-09-04 09:30` });
        return z.NEVER;
      }
      if (dt.toMillis() > now.getTime() + 5 * 60_000) {
        ctx.addIssue({ code: "custom", message: `${label}不能晚于现在` });
        return z.NEVER;
      }
      return dt.toUTC().toISO()!;
    });
}

/**
 * Prevented escalations the Ministry of Justice's statistics count: a dispute that would have
 * become a criminal case (民转刑) or a group petition (群体性上访), each with the people involved.
 * Recorded when a dispute is resolved on the spot or a case is closed.
 */
function escalationFields() {
  const people = (label: string) =>
    z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: `${label}应为正整数` })
        .int(`${label}应为正整数`)
        .min(1, `${label}应为正整数`)
        .max(100000, `${label}过大`)
        .optional(),
    );
  return {
    preventedCriminal: bool,
    preventedCriminalPeople: people("防止民转刑涉及人数"),
    preventedPetition: bool,
    preventedPetitionPeople: people("防止群体性上访涉及人数"),
  };
}

function escalationCheck(
  v: {
    preventedCriminal: boolean;
    preventedCriminalPeople?: number;
    preventedPetition: boolean;
    preventedPetitionPeople?: number;
  },
  ctx: z.RefinementCtx,
) {
  if (v.preventedCriminal && v.preventedCriminalPeople === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["preventedCriminalPeople"],
      message: "请填写防止民转刑涉及的人数",
    });
  }
  if (v.preventedPetition && v.preventedPetitionPeople === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["preventedPetitionPeople"],
      message: "请填写防止群体性上访涉及的人数",
    });
  }
}

export function actionSchemas(today: string, now: Date) {
  const id = (label: string) =>
    z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: `请选择${label}` })
        .int()
        .positive(`请选择${label}`),
    );
  return {
    accept: z.object({
      ...version,
      organisationId: z.preprocess(blankToUndefined, z.coerce.number().optional()),
    }),
    refer: z.object({
      ...version,
      organisationId: id("移送的调委会"),
      reason: requiredText("移送理由", 2000),
    }),
    decline: z
      .object({
        ...version,
        // A code, its name, or words naming a statutory ground (api.md leaves the values open); the words are kept.
        ground: chosenText("不予受理的法定事由"),
        groundDetail: optionalText("事由说明", 2000),
        advice: requiredText("告知当事人的其他解决途径", 2000),
      })
      .transform((d, ctx) => {
        const ground = codeFrom(DECLINE_GROUNDS, DECLINE_GROUND_LABELS, DECLINE_WORDS, d.ground);
        if (!ground) {
          ctx.addIssue({
            code: "custom",
            path: ["ground"],
            message: `不予受理须是法定事由之一：${Object.values(DECLINE_GROUND_LABELS).join("；")}`,
          });
          return z.NEVER;
        }
        const words = ground === d.ground || DECLINE_GROUND_LABELS[ground] === d.ground ? null : d.ground;
        return { ...d, ground, groundDetail: d.groundDetail ?? words };
      }),
    "resolve-on-spot": z
      .object({ ...version, summary: requiredText("化解情况", 2000), ...escalationFields() })
      .superRefine(escalationCheck),
    "update-party": z.object({ ...version, partyId: id("当事人"), party: partySchema(today) }),
    "record-consent": z.object({
      ...version,
      noticeGivenOn: pastDate("告知日期", today),
      consents: z.preprocess(
        rows,
        z
          .array(
            z.object({
              partyId: id("当事人"),
              consented: z.preprocess(
                (v) =>
                  v === "yes" || v === "true" || v === true
                    ? true
                    : v === "no" || v === "false" || v === false
                      ? false
                      : undefined,
                z.boolean({ error: "请选择该当事人是否同意调解" }),
              ),
            }),
          )
          .min(1, "请记录每一位当事人是否同意调解"),
      ),
    }),
    // Mediators one by one, or a team as a whole (teamId, with teamLeadId if not its usual lead), or both.
    assign: z
      .object({
        ...version,
        mediators: z.preprocess(
          (v) =>
            rows(v).filter(
              (m) =>
                m &&
                typeof m === "object" &&
                (m as { mediatorId?: unknown }).mediatorId &&
                (m as { role?: unknown }).role,
            ),
          z
            .array(
              z.object({
                mediatorId: id("调解员"),
                role: z.enum(ASSIGNMENT_ROLES, { error: "请选择调解员的角色" }),
              }),
            )
            .max(20, "调解员不能超过 20 人"),
        ),
        teamId: z.preprocess(blankToUndefined, id("调解团队").optional()),
        teamLeadId: z.preprocess(blankToUndefined, id("团队主持调解员").optional()),
        chosenBy: z.preprocess(
          blankToUndefined,
          z.enum(["committee", "parties"], { error: "请选择调解员由谁选定" }).default("committee"),
        ),
        partiesConsented: z.preprocess(blankToUndefined, bool.optional()),
        reason: optionalText("变更理由", 1000),
      })
      .superRefine((a, ctx) => {
        if (a.mediators.length === 0 && a.teamId === undefined) {
          ctx.addIssue({ code: "custom", path: ["mediators"], message: "请至少指派一名主持调解员" });
        }
        if (a.teamLeadId !== undefined && a.teamId === undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["teamId"],
            message: "选择团队主持调解员时请同时选择调解团队",
          });
        }
      }),
    "record-objection": z.object({
      ...version,
      partyId: id("申请回避的当事人"),
      mediatorId: id("被申请回避的调解员"),
      reason: requiredText("申请回避的理由", 1000),
    }),
    "record-session": z
      .object({
        ...version,
        heldAt: pastInstant("调解时间", now),
        // api.md's body has no placeKind: it is derived from place (office when it names a mediation room …).
        placeKind: z.preprocess(
          blankToUndefined,
          z.enum(PLACE_KINDS, { error: "请选择调解地点类型" }).optional(),
        ),
        place: optionalText("具体地点", 300),
        // Absent means public (api.md's body has no isPublic); a closed session says so.
        isPublic: z.preprocess((v) => (v === undefined || v === "" || v === null ? true : v), bool),
        closedReason: optionalText("不公开的理由", 1000),
        attendees: z.preprocess(
          (v) =>
            typeof v === "string"
              ? v
                  .split(/\r?\n/)
                  .map((l) => l.trim())
                  .filter(Boolean)
                  .map((l) => {
                    const [name, ...role] = l.split(/[，,：:]/);
                    return { name: name?.trim(), role: role.join("，").trim() || "参加人" };
                  })
              : rows(v).map((a) => (typeof a === "string" ? { name: a, role: "参加人" } : a)),
          z
            .array(
              z.object(
                { name: requiredText("参加人姓名", 100), role: requiredText("参加人身份", 100) },
                { error: "应为参加人姓名，或参加人的姓名和身份" },
              ),
            )
            .min(1, "请填写参加调解的人员"),
        ),
        applicantStatement: optionalText("申请人陈述", 8000),
        respondentStatement: optionalText("被申请人陈述", 8000),
        proposals: optionalText("调解意见和方案", 8000),
        record: requiredText("调解经过", 20000),
        outcome: z.enum(SESSION_OUTCOMES, { error: "请选择本次调解结果" }),
      })
      .transform((s) => ({ ...s, placeKind: s.placeKind ?? placeKindOf(s.place) })),
    "extend-mediation": z.object({
      ...version,
      newDueOn: isoDate("延长后的期限").refine((v) => v > today, "延长后的期限应晚于今天"),
      consentedOn: pastDate("双方同意延长的日期", today),
      reason: requiredText("延长理由", 2000),
    }),
    "record-agreement": z.object({
      ...version,
      form: z.enum(["written", "oral"], { error: "请选择协议形式（书面或口头）" }),
      facts: optionalText("纠纷主要事实", 20000),
      disputedMatters: optionalText("争议事项", 20000),
      responsibilities: optionalText("各方责任", 20000),
      terms: requiredText("协议内容", 20000),
      obligations: z.preprocess(
        (v) =>
          rows(v).filter(
            (o) => o && typeof o === "object" && Object.values(o).some((x) => x !== "" && x !== undefined),
          ),
        z
          .array(
            z
              .object({
                obligor: id("义务人"),
                obligee: id("权利人"),
                content: requiredText("履行内容", 2000),
                ...money("履行金额"),
                place: optionalText("履行地点", 300),
                manner: optionalText("履行方式", 300),
                dueOn: isoDate("履行期限"),
              })
              .transform(({ amountYuan, ...o }) => ({
                ...o,
                amountFen: toFen({ amountFen: o.amountFen, amountYuan }),
              })),
          )
          .min(1, "请至少填写一项履行义务（谁向谁、履行什么、何时履行）"),
      ),
      signedOn: pastDate("协议达成（签署）日期", today),
      // Absent: everyone signed on signedOn (the API's shortcut). Given: only rows with a date count,
      // so a form row left blank is a party who has not signed yet.
      signatures: z.preprocess(
        (v) =>
          v === undefined
            ? undefined
            : rows(v).filter((s) => s && typeof s === "object" && (s as { signedOn?: string }).signedOn),
        z
          .array(
            z.object({
              partyId: id("当事人"),
              signedOn: pastDate("签名日期", today),
              method: z.enum(SIGN_METHODS, { error: "请选择签署方式" }),
            }),
          )
          .optional(),
      ),
      mediatorSignedOn: z.preprocess(blankToUndefined, pastDate("调解员签名日期", today).optional()),
      sealedOn: z.preprocess(blankToUndefined, pastDate("调委会盖章日期", today).optional()),
      copies: z.preprocess(
        blankToUndefined,
        z.coerce.number().int().min(1, "份数至少为 1").max(100).optional(),
      ),
    }),
    "apply-confirmation": z.object({
      ...version,
      courtId: id("受理法院"),
      appliedOn: pastDate("申请日期", today),
      applicantPartyIds: z.preprocess(
        (v) => asArray(v).map(Number),
        z.array(z.number().int().positive()).min(1, "请选择共同申请的当事人").max(60, "当事人不能超过 60 人"),
      ),
      materials: z.preprocess(
        asArray,
        z.array(z.enum(MATERIALS, { error: "材料类型无效" })).max(50, "材料类型过多"),
      ),
    }),
    "record-performance": z.object({
      ...version,
      obligationIndex: z.coerce.number({ error: "请选择履行的义务" }).int().min(0, "请选择履行的义务"),
      performedOn: pastDate("履行日期", today),
      note: optionalText("履行说明", 2000),
    }),
    "follow-up": z.object({
      ...version,
      visitedOn: pastDate("回访日期", today),
      method: z.enum(FOLLOW_UP_METHODS, { error: "请选择回访方式" }),
      performed: z.preprocess(
        (v) => (v === true ? "yes" : v === false ? "no" : v),
        z.enum(PERFORMED_STATES, { error: "请选择协议履行情况" }),
      ),
      satisfaction: z.preprocess(
        (v) =>
          typeof v === "string"
            ? (codeFrom(SATISFACTION, SATISFACTION_LABELS, SATISFACTION_WORDS, v) ?? v)
            : v,
        z.enum(SATISFACTION, { error: "请选择当事人满意度" }),
      ),
      note: optionalText("回访情况", 4000),
    }),
    terminate: z
      .object({
        ...version,
        // A code, its name, or the reason in words (api.md): words naming none of the reasons are "other".
        reason: chosenText("终止调解的原因"),
        reasonDetail: optionalText("终止原因说明", 2000),
        advice: requiredText("告知当事人的其他解决途径", 2000),
      })
      .transform((t) => {
        const code = codeFrom(TERMINATION_REASONS, TERMINATION_REASON_LABELS, TERMINATION_WORDS, t.reason);
        const words =
          code && (code === t.reason || TERMINATION_REASON_LABELS[code] === t.reason) ? null : t.reason;
        return { ...t, reason: code ?? "other", reasonDetail: t.reasonDetail ?? words };
      }),
    close: z
      .object({ ...version, note: optionalText("结案说明", 2000), ...escalationFields() })
      .superRefine(escalationCheck),
    reopen: z.object({ ...version, reason: requiredText("重新调解的理由", 2000) }),
  };
}
export type ActionSchemas = ReturnType<typeof actionSchemas>;
