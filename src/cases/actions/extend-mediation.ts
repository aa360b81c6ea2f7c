import { z } from "zod";
import { chineseDate } from "../../documents/chinese-format.js";
import { isoDate, requiredText } from "../../validation.js";
import { pastDate, versionFields } from "../fields.js";
import { defineAction, fail } from "./types.js";

/** 延长调解期限: only with both parties' consent, which the case notes with the new date. */
export default defineAction({
  schema: ({ today }) =>
    z.object({
      ...versionFields,
      newDueOn: isoDate("延长后的期限").refine((v) => v > today, "延长后的期限应晚于今天"),
      consentedOn: pastDate("双方同意延长的日期", today),
      reason: requiredText("延长理由", 2000),
    }),

  async effect({ kase }, input) {
    if (kase.mediationDueOn && input.newDueOn <= kase.mediationDueOn) {
      fail("newDueOn", `延长后的期限应晚于原期限 ${kase.mediationDueOn}`);
    }
    return {
      to: null,
      summary: `经双方当事人同意，调解期限延长至 ${chineseDate(input.newDueOn)}：${input.reason}`,
      caseUpdate: {
        mediation_due_on: input.newDueOn,
        extension_reason: `${input.reason}（双方当事人于 ${input.consentedOn} 同意）`,
      },
      data: { from: kase.mediationDueOn, to: input.newDueOn },
    };
  },
});
