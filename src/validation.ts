import { z } from "zod";
import { ValidationError, type FieldError } from "./errors.js";

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

/** A trimmed, required text field whose messages name the field in Chinese. Markup is refused. */
export function requiredText(label: string, max: number) {
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过 ${max} 个字`)
    .refine((v) => !HTML_TAG.test(v), `${label}不能包含 HTML 标签（如 <script>）`);
}

export function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label}格式不正确` })
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`)
    .refine((v) => !HTML_TAG.test(v), `${label}不能包含 HTML 标签（如 <script>）`)
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
