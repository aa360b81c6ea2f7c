import { z } from "zod";
import { optionalText, requiredText } from "../../validation.js";
import { chosenText, codeFrom, versionFields, wordsBesides } from "../fields.js";
import { TERMINATION_REASON_LABELS, TERMINATION_REASONS } from "../labels.js";
import { concluded, defineAction } from "./types.js";

/** Words that name a reason, for API clients that send the reason in words. */
const TERMINATION_WORDS: [RegExp, (typeof TERMINATION_REASONS)[number]][] = [
  [/撤回|撤销申请/, "party_withdrew"],
  [/拒绝|不愿|不同意/, "party_refused"],
  [/(不能|未能|无法|没有)达成/, "no_agreement"],
];

/** 终止调解: the parties are told the other ways open to them (RL26). */
export default defineAction({
  schema: () =>
    z
      .object({
        ...versionFields,
        // A code, its name, or the reason in words (api.md): words naming none of the reasons are "other".
        reason: chosenText("终止调解的原因"),
        reasonDetail: optionalText("终止原因说明", 2000),
        advice: requiredText("告知当事人的其他解决途径", 2000),
      })
      .transform((t) => {
        const code = codeFrom(TERMINATION_REASONS, TERMINATION_REASON_LABELS, TERMINATION_WORDS, t.reason);
        const words = wordsBesides(code, TERMINATION_REASON_LABELS, t.reason);
        return { ...t, reason: code ?? "other", reasonDetail: t.reasonDetail ?? words };
      }),

  async effect({ today }, input) {
    const reason = TERMINATION_REASON_LABELS[input.reason];
    return {
      to: "terminated",
      summary: `终止调解：${reason}`,
      caseUpdate: { outcome: "failure", ...concluded(today, reason, input.reasonDetail, input.advice) },
    };
  },
});
