import { z } from "zod";
import { chineseDate } from "../../documents/chinese-format.js";
import { optionalText } from "../../validation.js";
import { codeFrom, pastDate, versionFields } from "../fields.js";
import { FOLLOW_UP_METHODS, PERFORMED_STATES, SATISFACTION, SATISFACTION_LABELS } from "../labels.js";
import { defineAction, fail } from "./types.js";

// basically_satisfied is the portal's word for 基本满意 (api.md, rating).
const SATISFACTION_WORDS: [RegExp, (typeof SATISFACTION)[number]][] = [
  [/^basically_satisfied$/, "basically"],
  [/不满意/, "dissatisfied"],
  [/基本满意/, "basically"],
  [/^满意$|^非常满意$/, "satisfied"],
];

/** 回访: how the agreement is being performed and whether the parties are satisfied. */
export default defineAction({
  schema: ({ today }) =>
    z.object({
      ...versionFields,
      visitedOn: pastDate("回访日期", today),
      method: z.enum(FOLLOW_UP_METHODS, { error: "请选择回访方式" }),
      performed: z.preprocess(
        (v) => (v === true ? "yes" : v === false ? "no" : v),
        z.enum(PERFORMED_STATES, { error: "请选择协议履行情况" }),
      ),
      satisfaction: z.preprocess(
        (v) =>
          typeof v === "string"
            ? (codeFrom(SATISFACTION, SATISFACTION_LABELS, SATISFACTION_WORDS, v) ?? v)
            : v,
        z.enum(SATISFACTION, { error: "请选择当事人满意度" }),
      ),
      note: optionalText("回访情况", 4000),
    }),

  async effect({ kase, user, now, store }, input) {
    if (kase.concludedOn && input.visitedOn < kase.concludedOn)
      fail("visitedOn", "回访日期不能早于协议生效日期");
    await store.addFollowUp({
      case_id: kase.id,
      visited_on: input.visitedOn,
      method: input.method,
      performed: input.performed,
      satisfaction: input.satisfaction,
      note: input.note,
      recorded_by: user.id,
      created_at: now,
    });
    return { to: null, summary: `${chineseDate(input.visitedOn)}回访` };
  },
});
