import { z } from "zod";
import { blankToUndefined, money, optionalPastDate, toFen } from "../cases/fields.js";
import { partySchema } from "../cases/party-fields.js";
import { MOBILE } from "../messages/service.js";
import { requiredText } from "../validation.js";

/** The documented fields of each party (api.md); anything else a client sends is ignored. */
const pick = (v: unknown, keys: readonly string[]) =>
  v && typeof v === "object"
    ? Object.fromEntries(
        keys.map((k) => [k, (v as Record<string, unknown>)[k]]).filter(([, x]) => x !== undefined),
      )
    : v;

const digits = (v: unknown) =>
  typeof v === "string" ? v.replace(/[\s-]/g, "").replace(/^(\+86|0086)/, "") : v;

/** A form's row list ({0: {...}}) or an API array; blank form rows dropped. */
const respondentRows = (v: unknown): unknown => {
  const list = Array.isArray(v) ? v : v && typeof v === "object" ? Object.values(v) : v;
  if (!Array.isArray(list)) return list;
  return list.filter(
    (r) => !(r && typeof r === "object" && Object.values(r).every((x) => x === "" || x === undefined)),
  );
};

const positiveId = (message: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: message }).int(message).positive(message).optional(),
  );

/**
 * A party's own application (POST /portal/applications, the /my/apply form). Each party goes
 * through intake's party rules (partySchema: ID number check, birth date and sex from it); the
 * applicant is a person whose phone is the signed-in phone; the other side's phone, if given, must
 * be a mainland mobile, so the committee can send them the invitation by SMS.
 */
export function applicationSchema(today: string, phone: string) {
  const party = partySchema(today);
  return z
    .object({
      typeCode: z.string({ error: "请选择纠纷类型" }).trim().min(1, "请选择纠纷类型"),
      regionCode: z.string({ error: "请选择纠纷发生地" }).trim().min(1, "请选择纠纷发生地"),
      summary: requiredText("事情经过", 4000),
      occurredOn: optionalPastDate("发生日期", today),
      ...money("涉及金额"),
      organisationId: positiveId("专业调解委员会无效"),
      preferredMediatorId: positiveId("希望的调解员无效"),
      applicant: z.preprocess(
        (v) => ({
          ...(pick(v ?? {}, ["name", "idNumber", "gender", "birthDate", "address"]) as object),
          side: "applicant",
          kind: "person",
          phone,
        }),
        party,
      ),
      respondents: z.preprocess(
        respondentRows,
        z
          .array(
            z.preprocess((v) => {
              const r = pick(v, ["kind", "name", "phone", "address"]) as Record<string, unknown>;
              if (!r || typeof r !== "object") return r;
              return { ...r, side: "respondent", kind: r.kind || "person", phone: digits(r.phone) };
            }, party),
            { error: "请填写对方当事人（被申请人）" },
          )
          .min(1, "请至少填写一位对方当事人（被申请人）")
          .max(20, "对方当事人不能超过 20 人"),
      ),
    })
    .superRefine((a, ctx) => {
      a.respondents.forEach((r, i) => {
        if (r.phone && !MOBILE.test(r.phone)) {
          ctx.addIssue({
            code: "custom",
            path: ["respondents", i, "phone"],
            message: "对方手机号应为 11 位中国大陆手机号码，如 13800001111",
          });
        }
      });
    })
    .transform(({ amountYuan, applicant, respondents, ...a }) => ({
      ...a,
      amountFen: toFen({ amountFen: a.amountFen, amountYuan }),
      parties: [applicant, ...respondents],
    }));
}

export type ApplicationInput = z.output<ReturnType<typeof applicationSchema>>;
