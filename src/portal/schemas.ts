import { z } from "zod";

/**
 * A mainland mobile number (1, then 3–9, then nine digits). Spaces, hyphens and a leading +86 as
 * people type them are accepted and dropped; anything else is refused naming the field 手机号.
 */
export const mobilePhone = z.preprocess(
  (v) => (typeof v === "string" ? v.replace(/[\s-]/g, "").replace(/^(\+86|0086)/, "") : v),
  z
    .string({ error: "请填写手机号" })
    .min(1, "请填写手机号")
    .regex(/^1[3-9]\d{9}$/, "手机号应为 11 位中国大陆手机号码，如 13800001111"),
);

export const codeRequestSchema = z.object({ phone: mobilePhone });

export const codeSignInSchema = z.object({
  phone: mobilePhone,
  code: z
    .string({ error: "请填写验证码" })
    .trim()
    .regex(/^\d{6}$/, "验证码应为短信中的 6 位数字"),
});
