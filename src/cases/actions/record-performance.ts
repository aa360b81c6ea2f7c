import { z } from "zod";
import { chineseDate } from "../../documents/chinese-format.js";
import { optionalText } from "../../validation.js";
import { pastDate, versionFields } from "../fields.js";
import { defineAction, fail } from "./types.js";

/** 履行: one obligation performed; the last one makes the agreement performed. */
export default defineAction({
  schema: ({ today }) =>
    z.object({
      ...versionFields,
      obligationIndex: z.coerce.number({ error: "请选择履行的义务" }).int().min(0, "请选择履行的义务"),
      performedOn: pastDate("履行日期", today),
      note: optionalText("履行说明", 2000),
    }),

  async effect({ kase, store }, input) {
    // The lifecycle lets this action through only with open obligations, so an agreement exists.
    const agreement = kase.agreement!;
    const ob = agreement.obligations.find((o) => o.index === input.obligationIndex);
    if (!ob) return fail("obligationIndex", "没有这一项履行义务");
    if (ob.performedOn) fail("obligationIndex", "这一项义务已登记履行");
    if (input.performedOn < agreement.effectiveOn) fail("performedOn", "履行日期不能早于协议生效日期");
    await store.recordPerformance(ob.id, input.performedOn, input.note);
    const remaining = agreement.obligations.filter((o) => !o.performedOn && o.id !== ob.id).length;
    // Awaiting the court's confirmation, the status stays: the court's decision comes first.
    const done = remaining === 0 && (kase.status === "agreement" || kase.status === "confirmed");
    return {
      to: done ? "performed" : null,
      summary: `${ob.obligor}已履行：${ob.content}（${chineseDate(input.performedOn)}）${remaining ? `；尚有 ${remaining} 项未履行` : "；协议已全部履行"}`,
      data: { obligationId: ob.id, performedOn: input.performedOn },
    };
  },
});
