import { z } from "zod";
import { MOBILE } from "../../messages/service.js";
import { requiredText } from "../../validation.js";
import { versionFields } from "../fields.js";
import { sessionTimeText } from "./schedule-session.js";
import { defineAction, fail, type CaseMessage } from "./types.js";

/** 取消已安排的调解: a session scheduled ahead is called off; every party is told by SMS, with the reason. */
export default defineAction({
  schema: () =>
    z.object({
      ...versionFields,
      sessionId: z.coerce
        .number({ error: "请选择要取消的调解" })
        .int("请选择要取消的调解")
        .positive("请选择要取消的调解"),
      reason: requiredText("取消原因", 200),
    }),

  async effect({ kase, store }, input) {
    const cancelled = await store.cancelScheduledSession(kase.id, input.sessionId);
    if (!cancelled) return fail("sessionId", "没有这次已安排的调解，或它已经结束、已取消");
    const time = sessionTimeText(cancelled.startsAt);
    const phones = kase.parties
      .map((p) => [p.phone, p.agent?.phone].find((x) => x && MOBILE.test(x)))
      .filter((x): x is string => !!x);
    const messages: CaseMessage[] = [...new Set(phones)].map((to) => ({
      to,
      template: "session_cancelled",
      params: { time, reason: input.reason },
    }));
    return {
      to: null,
      summary: `取消原定于${time}的调解：${input.reason}`,
      data: { scheduledSessionId: input.sessionId, reason: input.reason },
      messages,
    };
  },
});
