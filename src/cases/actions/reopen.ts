import { z } from "zod";
import { requiredText } from "../../validation.js";
import { versionFields } from "../fields.js";
import { defineAction } from "./types.js";

/** 重新调解: after the court refused to confirm, mediation starts again; the old outcome is cleared. */
export default defineAction({
  schema: () => z.object({ ...versionFields, reason: requiredText("重新调解的理由", 2000) }),

  async effect(_ctx, input) {
    return {
      to: "in_mediation",
      summary: `司法确认被驳回后重新调解：${input.reason}`,
      caseUpdate: { outcome: null, concluded_on: null },
    };
  },
});
