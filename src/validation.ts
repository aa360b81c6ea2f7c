import { DateTime } from "luxon";
import { z } from "zod";
import { ValidationError, type FieldError } from "./errors.js";
// Installs the Chinese error map for every schema in the process (see validation-messages.ts).
import "./validation-messages.js";

/** Parses input with a Zod schema; every failure becomes a {field, message} naming the field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(toFieldErrors(result.error));
}

/** Rows of a list are named in messages, so two parties' errors can be told apart. */
const ROW_LABELS: Record<string, (n: number) => string> = {
  parties: (n) => `当事人 ${n}：`,
  obligations: (n) => `第 ${n} 项义务：`,
  consents: (n) => `第 ${n} 位当事人：`,
  signatures: (n) => `第 ${n} 位当事人签署：`,
  mediators: (n) => `第 ${n} 位调解员：`,
  attendees: (n) => `第 ${n} 位参加人：`,
};

export function toFieldErrors(error: z.ZodError): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "_";
    if (seen.has(field)) continue;
    seen.add(field);
    const [list, index] = issue.path;
    const row =
      typeof list === "string" && typeof index === "number" ? ROW_LABELS[list]?.(index + 1) : undefined;
    out.push({ field, message: row ? `${row}${issue.message}` : issue.message });
  }
  return out;
}

const HTML_TAG = /<\s*\/?\s*[a-zA-Z!][^>]*>/;

/** NUL and other control characters; tab, line feed and carriage return are ordinary text. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Bidirectional embeddings, overrides and isolates, which make a name display as another. */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
/** Text that shows nothing: format characters (zero-width space, joiners, BOM), blanks, filler. */
const INVISIBLE = /^[\s\p{Cf}\u2800\u3164\u115F\u1160\uFFA0]*$/u;

/** What every typed text field refuses (issue 14, L4): control and direction characters, blank-only text. */
export function plainTextProblem(label: string, value: string): string | null {
  if (CONTROL.test(value)) return `${label}不能包含控制字符`;
  if (BIDI.test(value)) return `${label}不能包含文字方向控制字符`;
  if (value !== "" && INVISIBLE.test(value)) return `${label}不能只由不可见字符组成`;
  return null;
}

function plainTextCheck(label: string) {
  return (value: string, ctx: z.RefinementCtx) => {
    const message = plainTextProblem(label, value);
    if (message) ctx.addIssue({ code: "custom", message });
  };
}

/** Line ends as stored: CR+LF and lone CR (browsers and Windows clipboards send them) become LF. */
export function normaliseLineEnds(value: string): string {
  return value.replace(/\r\n?/g, "\n");
}

/** A trimmed, required text field whose messages name the field in Chinese. Markup is refused. */

export function requiredText(label: string, max: number) {
  return z
    .string({ error: `请填写${label}` })
    .overwrite(normaliseLineEnds)
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过 ${max} 个字`)
    .refine((v) => !HTML_TAG.test(v), `${label}不能包含 HTML 标签（如 <script>）`)
    .superRefine(plainTextCheck(label));
}

export function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label}格式不正确` })
    .overwrite(normaliseLineEnds)
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`)
    .refine((v) => !HTML_TAG.test(v), `${label}不能包含 HTML 标签（如 <script>）`)
    .superRefine(plainTextCheck(label))
    .nullish()
    .transform((v) => (v ? v : null));
}

/** Form posts send numbers as strings; version must be a positive integer. */
export const versionField = z.coerce
  .number({ error: "缺少版本号，请刷新页面后重试" })
  .int("版本号无效")
  .positive("版本号无效");

/** Checkbox groups arrive as a string, an array, or nothing. */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null || value === "") return [];
  return Array.isArray(value) ? value : [value];
}

/** One item of a typed list (languages, certificates): plain text, no markup characters at all. */
export function listItem(label: string, max: number) {
  return z
    .string()
    .max(max, `${label}每项不能超过 ${max} 个字`)
    .refine((v) => !/[<>]/.test(v), `${label}不能包含 < 或 >`)
    .superRefine(plainTextCheck(label));
}

/** Days before 1900 are typing mistakes (0000-01-01), not dates of a dispute or a person. */
export const EARLIEST_DATE = "1900-01-01";

/** A calendar date as YYYY-MM-DD that exists (2026-02-30 does not) and is not before 1900. */
export function isoDate(label: string) {
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}应为日期，如 2026-09-04`)
    .refine((v) => DateTime.fromISO(v).isValid, `${label}不是有效日期`)
    .refine((v) => v >= EARLIEST_DATE, `${label}不能早于 1900 年`);
}

/**
 * A telephone number: digits, an optional +86, spaces or hyphens between digits; 5–20 digits.
 * One that starts with 1 is a mobile number, exactly 11 digits 1[3-9]…; a landline starts with
 * its area code (0731-22334455).
 */
export function phoneField(label: string) {
  const digits = (v: string) => v.replace(/^\+86/, "").replace(/[ -]/g, "");
  return z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    z
      .string({ error: `${label}格式不正确` })
      .trim()
      .regex(/^(\+86[ -]?)?\d(?:[\d -]*\d)?$/, `${label}只能包含数字、空格、连字符和开头的 +86`)
      .refine((v) => /^\d{5,20}$/.test(digits(v)), `${label}位数不正确`)
      .refine(
        (v) => !digits(v).startsWith("1") || /^1[3-9]\d{9}$/.test(digits(v)),
        `${label}：手机号码应为 11 位数字（如 13907330011）；固定电话请加区号（如 0731-22334455）`,
      )
      .optional(),
  );
}

/** A positive whole number in a query string (page=abc is refused in Chinese, naming the parameter). */
export function queryInt(name: string, min: number, max?: number) {
  const range = max === undefined ? `不小于 ${min} 的整数` : `${min} 到 ${max} 之间的整数`;
  const n = z.number().int(`${name} 应为${range}`).min(min, `${name} 应为${range}`);
  return z
    .string()
    .regex(/^\d{1,9}$/, `${name} 应为${range}`)
    .transform(Number)
    .pipe(max === undefined ? n : n.max(max, `${name} 应为${range}`));
}
