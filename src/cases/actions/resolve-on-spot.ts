import { z } from "zod";
import { requiredText } from "../../validation.js";
import { escalationCheck, escalationFields, preventedEscalation, versionFields } from "../fields.js";
import { defineAction } from "./types.js";

/** 当场化解: a dispute settled at intake is closed at once, with any escalation it prevented. */
export default defineAction({
  schema: () =>
    z
      .object({ ...versionFields, summary: requiredText("化解情况", 2000), ...escalationFields() })
      .superRefine(escalationCheck),

  async effect({ today }, input) {
    const escalation = preventedEscalation(input);
    return {
      to: "closed",
      summary: `当场化解：${input.summary}${escalation.summary}`,
      caseUpdate: {
        outcome: "prevented",
        concluded_on: today,
        closed_on: today,
        conclusion_note: input.summary,
        ...escalation.caseUpdate,
      },
    };
  },
});
