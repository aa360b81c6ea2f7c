import { z } from "zod";
import { chineseDate } from "../../documents/chinese-format.js";
import { ValidationError, type FieldError } from "../../errors.js";
import { idField, pastDate, rows, versionFields } from "../fields.js";
import { defineAction, fail, partyById } from "./types.js";

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

  async effect({ kase, store }, input) {
    if (kase.acceptedOn && input.noticeGivenOn < kase.acceptedOn) {
      fail("noticeGivenOn", "告知日期不能早于受理日期");
    }
    const errors: FieldError[] = [];
    const seen = new Set<number>();
    input.consents.forEach((c, i) => {
      if (!partyById(kase, c.partyId))
        errors.push({ field: `consents.${i}.partyId`, message: "该当事人不属于本案" });
      seen.add(c.partyId);
    });
    for (const p of kase.parties) {
      if (!seen.has(p.id)) errors.push({ field: "consents", message: `请记录当事人${p.name}是否同意调解` });
    }
    if (errors.length) throw new ValidationError(errors);
    await store.setConsents(kase.id, input.consents);
    const names = (consented: boolean) =>
      input.consents.filter((c) => c.consented === consented).map((c) => partyById(kase, c.partyId)!.name);
    const yes = names(true);
    const no = names(false);
    return {
      to: null,
      summary:
        `${chineseDate(input.noticeGivenOn)}书面告知当事人权利义务；同意调解：${yes.join("、") || "无"}` +
        (no.length ? `；拒绝调解：${no.join("、")}（调解不得继续，应终止调解）` : ""),
      caseUpdate: { consent_notice_on: input.noticeGivenOn },
      data: input.consents,
    };
  },
});
