import { z } from "zod";
import { optionalText, phoneField, requiredText } from "../validation.js";
import { blankToUndefined, optionalPastDate } from "./fields.js";
import { checkResidentId, checkUnifiedCode } from "./id-number.js";

/** A party as intake registers it and update-party corrects it. */
export function partySchema(today: string) {
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
