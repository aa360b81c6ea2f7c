import { describe, expect, it } from "vitest";
import { z } from "zod";
import { noticeSchema } from "../../src/calendar/notices.js";
import { actionSchemas } from "../../src/cases/actions/index.js";
import { intakeSchema } from "../../src/cases/intake-schema.js";
import { schemas as confirmationSchemas } from "../../src/confirmations/service.js";
import { renameSchema as poolRename } from "../../src/mediators/pools.js";
import * as mediatorSchemas from "../../src/mediators/schemas.js";
import {
  createSchema as userCreate,
  passwordSchema,
  updateSchema as userUpdate,
} from "../../src/people/users.js";
import { createSchema as orgCreate, updateSchema as orgUpdate } from "../../src/places/organisations.js";
import { createSchema as regionCreate, updateSchema as regionUpdate } from "../../src/places/regions.js";
import { periodQuery } from "../../src/reports/periods.js";
import { statsQuery } from "../../src/reports/service.js";
import { listQuery as caseListQuery } from "../../src/cases/list-query.js";
import { listQuery as confirmationQuery } from "../../src/confirmations/list-query.js";
import { tokenSchema } from "../../src/people/auth.js";
import { organisationQuery } from "../../src/places/organisations.js";
import { chineseMessage, fieldLabel } from "../../src/validation-messages.js";
import { toFieldErrors } from "../../src/validation.js";

/**
 * No English library message reaches a user or an API client (issue 13): every schema, fed wrong
 * types for every field (and nested row field) and nothing at all, answers in Chinese, naming the field.
 */

const TODAY = "2026-09-01";
const NOW = new Date("2026-09-01T02:00:00Z");

const ENGLISH =
  /\b(invalid|expected|received|required|input|undefined|nan|string|number|boolean|array|object|must|too|option|unrecognized|instanceof)\b/i;
const CJK = /[\u4e00-\u9fff]/;

const SCHEMAS: Record<string, z.ZodType> = {
  intake: intakeSchema(TODAY),
  ...Object.fromEntries(Object.entries(actionSchemas(TODAY, NOW)).map(([k, s]) => [`action ${k}`, s])),
  ...Object.fromEntries(
    Object.entries(mediatorSchemas)
      .map(([k, s]) => [k, typeof s === "function" ? (s as (t: string) => unknown)(TODAY) : s] as const)
      .filter((e): e is [string, z.ZodType] => e[1] instanceof z.ZodType)
      .map(([k, s]) => [`mediators ${k}`, s]),
  ),
  ...Object.fromEntries(Object.entries(confirmationSchemas).map(([k, s]) => [`confirmation ${k}`, s])),
  poolRename,
  userCreate,
  userUpdate,
  passwordSchema,
  orgCreate,
  orgUpdate,
  regionCreate,
  regionUpdate,
  noticeSchema,
  periodQuery,
  statsQuery,
  caseListQuery,
  confirmationQuery,
  organisationQuery,
  tokenSchema,
};

/** The object shape inside a schema, through preprocess, transform, refinements, optional, arrays. */
function shapeOf(schema: unknown, depth = 0): Record<string, z.ZodType> | null {
  if (!schema || depth > 8) return null;
  const s = schema as { shape?: Record<string, z.ZodType>; _zod: { def: Record<string, unknown> } };
  if (s.shape && typeof s.shape === "object") return s.shape;
  const def = s._zod?.def ?? {};
  for (const key of ["in", "out", "innerType", "element", "left", "right"]) {
    const inner = shapeOf(def[key], depth + 1);
    if (inner) return inner;
  }
  if (Array.isArray(def.options)) {
    for (const o of def.options) {
      const inner = shapeOf(o, depth + 1);
      if (inner) return inner;
    }
  }
  return null;
}

const WRONG: unknown[] = [12345, 1.5, -3, "不是数字abc", true, [], {}, [1], [{}], null, "x".repeat(30_000)];

/** Bodies with one wrong field each (nested rows too), and the empty body. */
function badBodies(shape: Record<string, z.ZodType>, depth = 0): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = depth === 0 ? [{}] : [];
  for (const [key, field] of Object.entries(shape)) {
    for (const wrong of WRONG) out.push({ [key]: wrong });
    const inner = depth < 2 ? shapeOf(field) : null;
    if (inner) {
      for (const nested of badBodies(inner, depth + 1)) {
        out.push({ [key]: [nested] }, { [key]: nested });
      }
    }
  }
  return out;
}

describe("every schema answers in Chinese", () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(
      name,
      () => {
        const shape = shapeOf(schema);
        expect(shape, `${name} has an object shape`).not.toBeNull();
        let checked = 0;
        for (const body of badBodies(shape!)) {
          const result = schema.safeParse(body);
          if (result.success) continue;
          for (const e of toFieldErrors(result.error)) {
            const where = `${name} ${JSON.stringify(body).slice(0, 120)} → ${e.field}: ${e.message}`;
            expect(e.message, where).toMatch(CJK);
            expect(e.message, where).not.toMatch(ENGLISH);
            // A field with a name is named: the map's fallback ("该项") means a label is missing.
            if (e.field !== "_") expect(e.message, where).not.toMatch(/^(第 \d+ \S+：)?该项/);
            checked++;
          }
        }
        expect(checked, `${name}: some bodies were refused`).toBeGreaterThan(0);
      },
      60_000,
    );
  }
});

describe("the Chinese error map", () => {
  const messages = (schema: z.ZodType, input: unknown) =>
    toFieldErrors(schema.safeParse(input).error!).map((e) => `${e.field}=${e.message}`);

  it("covers wrong type, missing, size, format, enum, literal, unknown keys, union and custom", () => {
    const schema = z
      .object({
        organisationId: z.number().int(),
        summary: z.string().min(5).max(10),
        peopleInvolved: z.number().min(1).max(9),
        parties: z.array(z.object({ name: z.string() })).min(2),
        phone: z.string().regex(/^\d+$/),
        source: z.enum(["hotline", "petition"]),
        form: z.literal("written"),
        amountFen: z.union([z.number(), z.string().regex(/^\d+$/)]),
        note: z.string().refine((v) => v.length > 3),
      })
      .strict();
    expect(
      messages(schema, {
        organisationId: 1.5,
        summary: "太短",
        peopleInvolved: 12,
        parties: [{ name: 3 }],
        phone: "电话",
        source: "fax",
        form: "paper",
        amountFen: true,
        note: "短",
        extra: 1,
      }),
    ).toEqual([
      "organisationId=机构应为整数",
      "summary=概要至少 5 个字",
      "peopleInvolved=涉及人数不能大于 9",
      "parties.0.name=当事人 1：名称应为文字",
      "parties=当事人至少需要 2 项",
      "phone=联系电话格式不正确",
      "source=纠纷来源不在可选范围内，请从给定选项中选择",
      "form=协议形式不在可选范围内，请从给定选项中选择",
      "amountFen=金额（分）格式不正确",
      "note=说明不正确",
      "_=不接受的字段：extra",
    ]);
    expect(messages(schema, {})).toContain("organisationId=请填写机构");
    expect(
      messages(z.object({ attendees: z.array(z.string()).max(1) }), { attendees: ["甲", "乙"] }),
    ).toEqual(["attendees=参加人不能超过 1 项"]);
  });

  it("names the innermost labelled field, and falls back to a Chinese word", () => {
    expect(fieldLabel(["parties", 0, "agent", "phone"])).toBe("联系电话");
    expect(fieldLabel(["unheardOf"])).toBe("该项");
    expect(
      chineseMessage({ code: "invalid_type", expected: "string", input: 3, path: ["heldAt"] } as never),
    ).toBe("调解时间应为文字");
  });

  it("leaves a schema's own message alone", () => {
    const schema = z.object({ version: z.number({ error: "缺少版本号，请刷新页面后重试" }) });
    expect(messages(schema, {})).toEqual(["version=缺少版本号，请刷新页面后重试"]);
  });
});
