import { z } from "zod";
import { optionalText } from "../../validation.js";
import { escalationCheck, escalationFields, preventedEscalation, versionFields } from "../fields.js";
import { defineAction } from "./types.js";

/** 结案: the outcome follows from how the case ended (performed or confirmed: success). */
export default defineAction({
  schema: () =>
    z
      .object({ ...versionFields, note: optionalText("结案说明", 2000), ...escalationFields() })
      .superRefine(escalationCheck),

  async effect({ kase, today }, input) {
    const outcome = kase.status === "performed" || kase.status === "confirmed" ? "success" : "failure";
    const escalation = preventedEscalation(input);
    return {
      to: "closed",
      summary: `结案（${outcome === "success" ? "调解成功" : "调解不成"}）${input.note ? `：${input.note}` : ""}${escalation.summary}`,
      caseUpdate: {
        outcome,
        closed_on: today,
        ...(input.note ? { conclusion_note: input.note } : {}),
        ...escalation.caseUpdate,
      },
    };
  },
});
