import { z } from "zod";
import { beijingDate } from "../../shared/dates.js";
import { optionalText, requiredText } from "../../validation.js";
import { blankToUndefined, bool, pastInstant, rows, versionFields } from "../fields.js";
import { PLACE_KINDS, PLACE_LABELS, SESSION_OUTCOME_LABELS, SESSION_OUTCOMES } from "../labels.js";
import { currentMediators } from "../session-mediators.js";
import { defineAction, fail } from "./types.js";

/**
 * The kind of place a session was held in, read from the place as typed: a kind's code or name,
 * or words that name one (调解室 → office, 线上/视频 → online, 家中/院落/田间 → courtyard); else other.
 */
export function placeKindOf(place: string | null | undefined): (typeof PLACE_KINDS)[number] {
  const p = (place ?? "").trim();
  const exact = PLACE_KINDS.find((k) => k === p || PLACE_LABELS[k] === p);
  if (exact) return exact;
  if (/调解室|调委会|调解委员会|调解中心|调解工作室|司法所/.test(p)) return "office";
  if (/线上|视频|在线|远程|网上/.test(p)) return "online";
  if (/家中|家里|院落|院子|田间|地头|现场/.test(p)) return "courtyard";
  return "other";
}

/** Attendees as lines typed into a form ("王芳，申请人") or as the API's list. */
function attendeeRows(v: unknown): unknown {
  if (typeof v !== "string")
    return rows(v).map((a) => (typeof a === "string" ? { name: a, role: "参加人" } : a));
  return v
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [name, ...role] = l.split(/[，,：:]/);
      return { name: name?.trim(), role: role.join("，").trim() || "参加人" };
    });
}

/** 调解笔录: one session of mediation; the first one moves the case into mediation. */
export default defineAction({
  schema: ({ now }) =>
    z
      .object({
        ...versionFields,
        heldAt: pastInstant("调解时间", now),
        // api.md's body has no placeKind: it is derived from place (office when it names a mediation room …).
        placeKind: z.preprocess(
          blankToUndefined,
          z.enum(PLACE_KINDS, { error: "请选择调解地点类型" }).optional(),
        ),
        place: optionalText("具体地点", 300),
        // Absent means public (api.md's body has no isPublic); a closed session says so.
        isPublic: z.preprocess((v) => (v === undefined || v === "" || v === null ? true : v), bool),
        closedReason: optionalText("不公开的理由", 1000),
        attendees: z.preprocess(
          attendeeRows,
          z
            .array(
              z.object(
                { name: requiredText("参加人姓名", 100), role: requiredText("参加人身份", 100) },
                { error: "应为参加人姓名，或参加人的姓名和身份" },
              ),
            )
            .min(1, "请填写参加调解的人员"),
        ),
        applicantStatement: optionalText("申请人陈述", 8000),
        respondentStatement: optionalText("被申请人陈述", 8000),
        proposals: optionalText("调解意见和方案", 8000),
        record: requiredText("调解经过", 20000),
        outcome: z.enum(SESSION_OUTCOMES, { error: "请选择本次调解结果" }),
        // The online session (视频调解, src/video/) this record writes up: its attendance goes with it.
        scheduledSessionId: z.preprocess(
          blankToUndefined,
          z.coerce
            .number({ error: "视频调解编号应为正整数" })
            .int("视频调解编号应为正整数")
            .positive("视频调解编号应为正整数")
            .optional(),
        ),
      })
      .transform((s) => ({ ...s, placeKind: s.placeKind ?? placeKindOf(s.place) })),

  async effect({ kase, user, now, store }, input) {
    if (!input.isPublic && !input.closedReason) {
      fail("closedReason", "不公开调解时请说明理由（涉及隐私、商业秘密或当事人反对公开）");
    }
    if (kase.acceptedOn && beijingDate(new Date(input.heldAt)) < kase.acceptedOn) {
      fail("heldAt", "调解时间不能早于受理日期");
    }
    const online = input.scheduledSessionId
      ? await store.onlineAttendance(kase.id, input.scheduledSessionId)
      : null;
    if (input.scheduledSessionId && !online) {
      fail("scheduledSessionId", "该视频调解不存在、尚未结束或已记录过笔录");
    }
    if (online) input.placeKind = "online";
    const seq = kase.sessions.length + 1;
    await store.addSession({
      case_id: kase.id,
      seq,
      held_at: input.heldAt,
      place_kind: input.placeKind,
      place: input.place,
      is_public: input.isPublic,
      closed_reason: input.isPublic ? null : input.closedReason,
      attendees: input.attendees,
      // Who mediated, as the case stands now: the record prints them, whatever changes later.
      mediators: currentMediators(kase.assignments),
      applicant_statement: input.applicantStatement,
      respondent_statement: input.respondentStatement,
      proposals: input.proposals,
      record: input.record,
      outcome: input.outcome,
      recorded_by: user.id,
      created_at: now,
      ...(online
        ? { scheduled_session_id: input.scheduledSessionId, online_attendance_json: JSON.stringify(online) }
        : {}),
    });
    const place = `${PLACE_LABELS[input.placeKind]}${input.isPublic ? "，公开" : "，不公开"}`;
    return {
      to: "in_mediation",
      summary: `第 ${seq} 次调解（${place}）：${SESSION_OUTCOME_LABELS[input.outcome]}`,
    };
  },
});
