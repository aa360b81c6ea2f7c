import { z } from "zod";
import { ValidationError, type FieldError } from "./errors.js";

/** Parses input with a Zod schema; every failure becomes a {field, message} naming the field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(toFieldErrors(result.error));
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "_";
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, message: issue.message });
  }
  return out;
}

/** A trimmed, required text field whose messages name the field in Chinese. */
export function requiredText(label: string, max: number) {
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过 ${max} 个字`);
}

export function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label}格式不正确` })
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`)
    .optional()
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
