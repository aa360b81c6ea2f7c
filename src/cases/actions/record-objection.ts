import { z } from "zod";
import { requiredText } from "../../validation.js";
import { idField, versionFields } from "../fields.js";
import { defineAction, fail, partyById } from "./types.js";

/** 回避: a party asks that a mediator step aside; the committee records it and re-assigns. */
export default defineAction({
  schema: () =>
    z.object({
      ...versionFields,
      partyId: idField("申请回避的当事人"),
      mediatorId: idField("被申请回避的调解员"),
      reason: requiredText("申请回避的理由", 1000),
    }),

  async effect({ kase, user, now, store }, input) {
    const party = partyById(kase, input.partyId);
    if (!party) return fail("partyId", "该当事人不属于本案");
    const mediator = await store.mediator(input.mediatorId);
    if (!mediator) return fail("mediatorId", "请选择被申请回避的调解员");
    if (await store.hasObjection(kase.id, party.id, mediator.id)) {
      fail("mediatorId", `当事人${party.name}已申请${mediator.name}回避`);
    }
    await store.addObjection({
      caseId: kase.id,
      partyId: party.id,
      mediatorId: mediator.id,
      reason: input.reason,
      by: user.id,
      at: now,
    });
    // The mediator steps aside at once; the committee assigns someone else.
    const onCase = kase.assignments.filter((a) => !a.endedAt && a.mediatorId === mediator.id);
    for (const a of onCase)
      await store.endAssignment(a.id, now, `当事人${party.name}申请回避：${input.reason}`);
    return {
      to: null,
      summary:
        `当事人${party.name}申请${mediator.name}回避：${input.reason}` +
        (onCase.length
          ? `；${mediator.name}不再参与本案${onCase.some((a) => a.role === "lead") ? "，请重新指派主持调解员" : ""}`
          : ""),
      data: {
        partyId: party.id,
        mediatorId: mediator.id,
        reason: input.reason,
        ended: onCase.map((a) => a.id),
      },
    };
  },
});
