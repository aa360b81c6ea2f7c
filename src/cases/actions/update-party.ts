import { z } from "zod";
import { idField, versionFields } from "../fields.js";
import { partySchema, type PartyInput } from "../party-fields.js";
import { partyColumns } from "../party-rows.js";
import type { PartyView } from "../views.js";
import { defineAction, fail, partyById } from "./types.js";

/** The corrected particulars, in the words the timeline names them. */
const LABELS: Record<string, string> = {
  kind: "类型",
  name: "姓名",
  id_number: "身份证号",
  unified_code: "统一社会信用代码",
  gender: "性别",
  birth_date: "出生日期",
  ethnicity: "民族",
  occupation: "职业",
  phone: "电话",
  address: "住址",
  legal_representative: "法定代表人",
  legal_representative_title: "法定代表人职务",
  agent_name: "代理人",
  agent_phone: "代理人电话",
  agent_id_number: "代理人身份证号",
};

/**
 * A party's correction as the timeline records it: the columns to write, and the event's summary
 * and data (what changed, before and after); null when nothing changed. Record-agreement uses it
 * for the particulars completed on its form.
 */
export function partyCorrection(before: PartyView, party: PartyInput) {
  const after: Record<string, unknown> = partyColumns(party);
  const old: Record<string, unknown> = partyColumns(before);
  const changed = Object.keys(LABELS).filter((k) => (old[k] ?? null) !== (after[k] ?? null));
  if (changed.length === 0) return null;
  return {
    columns: partyColumns(party),
    summary: `更正当事人${before.name}的信息：${changed.map((k) => LABELS[k]).join("、")}`,
    data: {
      partyId: before.id,
      before: Object.fromEntries(changed.map((k) => [k, old[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    },
  };
}

/** 更正当事人信息: the event keeps what changed, before and after, so a correction is traceable. */
export default defineAction({
  schema: ({ today }) =>
    z.object({ ...versionFields, partyId: idField("当事人"), party: partySchema(today) }),

  async effect({ kase, store }, input) {
    const before = partyById(kase, input.partyId);
    if (!before) return fail("partyId", "该当事人不属于本案");
    const correction = partyCorrection(before, input.party);
    if (!correction) return fail("partyId", "当事人信息没有变化");
    await store.updateParty(kase.id, before.id, correction.columns);
    return { to: null, summary: correction.summary, data: correction.data };
  },
});
