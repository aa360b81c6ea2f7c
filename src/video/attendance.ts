import { DateTime } from "luxon";
import type { Knex } from "knex";
import { ZONE } from "../shared/dates.js";
import * as repo from "./repository.js";

/** One person's time in a video room: the first entry and the last exit over their reconnections. */
export interface OnlineAttendee {
  name: string;
  role: string;
  joinedAt: string;
  leftAt: string;
}

const ROLE_OF_KIND = { staff: "调解员", party: "当事人", guest: "受邀参加人" } as const;

/** "刘顺（申请人）" → 刘顺, 申请人; a staff name alone → 调解员. */
function nameAndRole(p: repo.ParticipantRow): { name: string; role: string } {
  const m = /^(.+?)（(.+)）$/.exec(p.displayName);
  return m ? { name: m[1]!, role: m[2]! } : { name: p.displayName, role: ROLE_OF_KIND[p.kind] };
}

/** Who was in the session's room and when (removed people too: they were there), in order of entry. */
export async function attendanceOf(
  db: Knex | Knex.Transaction,
  sessionId: number,
): Promise<OnlineAttendee[]> {
  const session = await repo.scheduledSession(db, sessionId);
  const byPerson = new Map<string, OnlineAttendee>();
  for (const p of await repo.participants(db, sessionId)) {
    const key = `${p.kind}:${p.userId ?? p.partyId ?? p.guestId}`;
    const left = p.leftAt ?? session?.endedAt ?? p.lastSeenAt;
    const known = byPerson.get(key);
    if (!known) byPerson.set(key, { ...nameAndRole(p), joinedAt: p.joinedAt, leftAt: left });
    else if (left > known.leftAt) known.leftAt = left;
  }
  return [...byPerson.values()];
}

const hm = (iso: string) => DateTime.fromISO(iso).setZone(ZONE).toFormat("HH:mm");

/** "王芳，申请人（视频，09:31–10:05）": an attendee line of the 调解笔录 form. */
export function attendeeLine(a: OnlineAttendee): string {
  return `${a.name}，${a.role}（视频，${hm(a.joinedAt)}–${hm(a.leftAt)}）`;
}

/** "王芳（申请人）09:31–10:05": the record PDF's line. */
export function attendanceText(a: OnlineAttendee): string {
  return `${a.name}（${a.role}）${hm(a.joinedAt)}进入，${hm(a.leftAt)}离开`;
}

/** The case's latest online session held (ended) and not yet written up in a 调解笔录, if any. */
export async function unrecordedOnlineSession(
  db: Knex | Knex.Transaction,
  caseId: number,
): Promise<{ id: number; startsAt: string; endedAt: string | null } | null> {
  const row = (await db("scheduled_sessions as s")
    .where({ "s.case_id": caseId, "s.status": "held", "s.place_kind": "online" })
    .whereNotExists((q: Knex.QueryBuilder) =>
      q.from("mediation_sessions as m").whereRaw("m.scheduled_session_id = s.id").select("m.id"),
    )
    .orderBy("s.starts_at", "desc")
    .first("s.id", "s.starts_at", "s.ended_at")) as Record<string, unknown> | undefined;
  return row
    ? {
        id: Number(row.id),
        startsAt: String(row.starts_at),
        endedAt: (row.ended_at as string | null) ?? null,
      }
    : null;
}
