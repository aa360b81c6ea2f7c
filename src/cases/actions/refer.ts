import { z } from "zod";
import { COMMITTEE_KINDS } from "../../places/kinds.js";
import { requiredText } from "../../validation.js";
import { toOnlineApplicants } from "../application-messages.js";
import { idField, versionFields } from "../fields.js";
import { defineAction, fail } from "./types.js";

/** 移送: the case moves to another committee and takes a number of its series. */
export default defineAction({
  schema: () =>
    z.object({
      ...versionFields,
      organisationId: idField("移送的调委会"),
      reason: requiredText("移送理由", 2000),
    }),

  async effect({ kase, today, store }, input) {
    const target = await store.activeOrganisation(input.organisationId);
    if (!target || !COMMITTEE_KINDS.includes(target.kind) || target.id === kase.organisationId) {
      return fail("organisationId", "请选择另一个在用的人民调解委员会");
    }
    const number = await store.renumber(kase.id, target, Number(today.slice(0, 4)));
    return {
      to: "intake",
      summary: `移送${target.name}（原案号 ${kase.number}，新案号 ${number}）：${input.reason}`,
      caseUpdate: { organisation_id: target.id, number },
      data: { from: kase.organisationId, to: target.id, reason: input.reason },
      messages: toOnlineApplicants(kase, {
        template: "application_referred",
        params: { from: kase.organisationName, to: target.name },
      }),
    };
  },
});
