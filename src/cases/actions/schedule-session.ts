import { randomBytes } from "node:crypto";
import { DateTime } from "luxon";
import { z } from "zod";
import { MOBILE } from "../../messages/service.js";
import { ZONE } from "../../shared/dates.js";
import { optionalText } from "../../validation.js";
import { blankToUndefined, versionFields } from "../fields.js";
import { PLACE_KINDS, PLACE_LABELS } from "../labels.js";
import type { CaseView } from "../views.js";
import { defineAction, fail, type CaseMessage } from "./types.js";

/** An instant after now: ISO with a zone, or Beijing wall time as typed (2026-12-03T09:30). */
function futureInstant(label: string, now: Date) {
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .transform((v, ctx) => {
      const zoned = /[zZ]|[+-]\d{2}:?\d{2}$/.test(v);
      const dt = zoned ? DateTime.fromISO(v) : DateTime.fromISO(v.replace(" ", "T"), { zone: ZONE });
      if (!dt.isValid) {
        ctx.addIssue({ code: "custom", message: `${label}应为日期和时间，如 2026-12-03 09:30` });
        return z.NEVER;
      }
      if (dt.toMillis() <= now.getTime()) {
        ctx.addIssue({ code: "custom", message: `${label}应晚于现在` });
        return z.NEVER;
      }
      return dt.toUTC().toISO()!;
    });
}

/** 12月3日 09:30, Beijing time: how the SMS and the pages say when a session starts. */
export function sessionTimeText(startsAt: string): string {
  return DateTime.fromISO(startsAt).setZone(ZONE).toFormat("M月d日 HH:mm");
}

/** One SMS per mobile of a party (the party's own, else their agent's); opted-out phones get none (the outbox). */
function sessionNotices(
  kase: CaseView,
  params: { time: string; place?: string; link: string },
): CaseMessage[] {
  const phones = kase.parties
    .map((p) => [p.phone, p.agent?.phone].find((x) => x && MOBILE.test(x)))
    .filter((x): x is string => !!x);
  return [...new Set(phones)].map((to) => ({ to, template: "session_scheduled", params }));
}

/** 安排调解: a session set for a time ahead, online (视频调解) or at a place; the parties are told by SMS. */
export default defineAction({
  schema: ({ now }) =>
    z.object({
      ...versionFields,
      startsAt: futureInstant("调解时间", now),
      placeKind: z.preprocess(blankToUndefined, z.enum(PLACE_KINDS, { error: "请选择调解方式" })),
      place: optionalText("调解地点", 300),
    }),

  async effect({ kase, user, now, store, publicUrl }, input) {
    if (input.placeKind !== "online" && !input.place) {
      fail("place", "请填写调解地点，如 北洲村调解室");
    }
    const id = await store.addScheduledSession({
      case_id: kase.id,
      starts_at: input.startsAt,
      place_kind: input.placeKind,
      place: input.place ?? null,
      room_key: randomBytes(24).toString("base64url"),
      status: "scheduled",
      created_by: user.id,
      created_at: now,
    });
    const time = sessionTimeText(input.startsAt);
    const link = `${publicUrl}/my/cases/${kase.id}`;
    const where =
      input.placeKind === "online" ? PLACE_LABELS.online : (input.place ?? PLACE_LABELS[input.placeKind]);
    return {
      to: null,
      summary: `安排调解：${time}，${where}`,
      data: {
        scheduledSessionId: id,
        startsAt: input.startsAt,
        placeKind: input.placeKind,
        place: input.place,
      },
      messages: sessionNotices(kase, {
        time,
        ...(input.placeKind === "online" ? {} : { place: input.place ?? PLACE_LABELS[input.placeKind] }),
        link,
      }),
    };
  },
});
