import { z } from "zod";
import { chineseDate } from "../../documents/chinese-format.js";
import { ValidationError, type FieldError } from "../../errors.js";
import { idField, pastDate, rows, versionFields } from "../fields.js";
import { recordConsents, strangers } from "../consent.js";
import { defineAction, fail } from "./types.js";

/**
 * 告知权利义务: before the first session every party is told their rights and duties in writing
 * and says whether they agree to mediation (RL17, RL23); a refusal stops the mediation.
 */
export default defineAction({
  schema: ({ today }) =>
    z.object({
      ...versionFields,
      noticeGivenOn: pastDate("告知日期", today),
      consents: z.preprocess(
        rows,
        z
          .array(
            z.object({
              partyId: idField("当事人"),
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

  async effect({ kase, store, now }, input) {
    if (kase.acceptedOn && input.noticeGivenOn < kase.acceptedOn) {
      fail("noticeGivenOn", "告知日期不能早于受理日期");
    }
    const errors: FieldError[] = strangers(kase, input.consents);
    const seen = new Set(input.consents.map((c) => c.partyId));
    for (const p of kase.parties) {
      if (!seen.has(p.id)) errors.push({ field: "consents", message: `请记录当事人${p.name}是否同意调解` });
    }
    if (errors.length) throw new ValidationError(errors);
    // The same path as a party's answer online (src/portal/consent.ts): src/cases/consent.ts.
    const recorded = await recordConsents(kase, store, input.consents, {
      channel: "in_person",
      at: now,
      noticeOn: input.noticeGivenOn,
    });
    return {
      to: null,
      summary: `${chineseDate(input.noticeGivenOn)}书面告知当事人权利义务；${recorded.text}`,
      caseUpdate: recorded.caseUpdate,
      data: input.consents,
    };
  },
});
