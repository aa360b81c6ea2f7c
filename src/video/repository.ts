import type { Knex } from "knex";

/** The SQL of the video rooms (src/video/): scheduled sessions, guests, participants, signals. */

type Db = Knex | Knex.Transaction;

export interface ScheduledSessionRow {
  id: number;
  caseId: number;
  startsAt: string;
  placeKind: string;
  place: string | null;
  status: "scheduled" | "held" | "cancelled";
  createdBy: number;
  endedAt: string | null;
}

export interface ParticipantRow {
  id: number;
  sessionId: number;
  peerId: string;
  kind: "staff" | "party" | "guest";
  userId: number | null;
  partyId: number | null;
  guestId: number | null;
  displayName: string;
  consentedAt: string;
  joinedAt: string;
  leftAt: string | null;
  lastSeenAt: string;
  removed: boolean;
}

export interface SignalRow {
  id: number;
  fromPeer: string | null;
  toPeer: string | null;
  kind: string;
  payload: unknown;
}

const sessionOf = (r: Record<string, unknown>): ScheduledSessionRow => ({
  id: Number(r.id),
  caseId: Number(r.case_id),
  startsAt: String(r.starts_at),
  placeKind: String(r.place_kind),
  place: (r.place as string | null) ?? null,
  status: r.status as ScheduledSessionRow["status"],
  createdBy: Number(r.created_by),
  endedAt: (r.ended_at as string | null) ?? null,
});

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const participantOf = (r: Record<string, unknown>): ParticipantRow => ({
  id: Number(r.id),
  sessionId: Number(r.session_id),
  peerId: String(r.peer_id),
  kind: r.kind as ParticipantRow["kind"],
  userId: num(r.user_id),
  partyId: num(r.party_id),
  guestId: num(r.guest_id),
  displayName: String(r.display_name),
  consentedAt: String(r.consented_at),
  joinedAt: String(r.joined_at),
  leftAt: (r.left_at as string | null) ?? null,
  lastSeenAt: String(r.last_seen_at),
  removed: r.removed === true || r.removed === 1 || r.removed === "1",
});

export async function scheduledSession(db: Db, id: number): Promise<ScheduledSessionRow | null> {
  const r = (await db("scheduled_sessions").where({ id }).first()) as Record<string, unknown> | undefined;
  return r ? sessionOf(r) : null;
}

/** Scheduled (not held, not cancelled) sessions of these cases starting after `from`, soonest first. */
export async function upcomingSessions(
  db: Db,
  caseIds: number[],
  from: string,
): Promise<ScheduledSessionRow[]> {
  if (!caseIds.length) return [];
  const rows = (await db("scheduled_sessions")
    .whereIn("case_id", caseIds)
    .andWhere({ status: "scheduled" })
    .andWhere("starts_at", ">=", from)
    .orderBy("starts_at")) as Record<string, unknown>[];
  return rows.map(sessionOf);
}

/** The desk's list: scheduled sessions of cases the mediator (by user id) is assigned to now. */
export async function upcomingForMediatorUser(
  db: Db,
  userId: number,
  from: string,
): Promise<(ScheduledSessionRow & { caseNumber: string })[]> {
  const rows = (await db("scheduled_sessions as s")
    .join("cases as c", "c.id", "s.case_id")
    .whereIn("s.case_id", (q: Knex.QueryBuilder) =>
      q
        .from("case_assignments as a")
        .join("mediators as m", "m.id", "a.mediator_id")
        .whereNull("a.ended_at")
        .andWhere("m.user_id", userId)
        .select("a.case_id"),
    )
    .andWhere("s.status", "scheduled")
    .andWhere("s.starts_at", ">=", from)
    .orderBy("s.starts_at")
    .limit(20)
    .select("s.*", "c.number as case_number")) as Record<string, unknown>[];
  return rows.map((r) => ({ ...sessionOf(r), caseNumber: String(r.case_number) }));
}

/** Calls off every session of the case still scheduled; how many. */
export async function cancelScheduledOf(db: Db, caseId: number): Promise<number> {
  return Number(
    await db("scheduled_sessions")
      .where({ case_id: caseId, status: "scheduled" })
      .update({ status: "cancelled" }),
  );
}

export async function markSessionHeld(db: Db, id: number, at: string): Promise<boolean> {
  const n = await db("scheduled_sessions")
    .where({ id, status: "scheduled" })
    .update({ status: "held", ended_at: at });
  return Number(n) === 1;
}

export async function participants(db: Db, sessionId: number): Promise<ParticipantRow[]> {
  const rows = (await db("session_participants").where({ session_id: sessionId }).orderBy("id")) as Record<
    string,
    unknown
  >[];
  return rows.map(participantOf);
}

export async function participantByPeer(db: Db, peerId: string): Promise<ParticipantRow | null> {
  const r = (await db("session_participants").where({ peer_id: peerId }).first()) as
    Record<string, unknown> | undefined;
  return r ? participantOf(r) : null;
}

export async function insertParticipant(db: Db, row: Record<string, unknown>): Promise<void> {
  await db("session_participants").insert(row);
}

export async function updateParticipant(
  db: Db,
  peerId: string,
  patch: Record<string, unknown>,
): Promise<void> {
  await db("session_participants").where({ peer_id: peerId }).update(patch);
}

/** Everyone still in the room leaves (the session ended). */
export async function leaveAll(db: Db, sessionId: number, at: string): Promise<void> {
  await db("session_participants")
    .where({ session_id: sessionId })
    .whereNull("left_at")
    .update({ left_at: at });
}

export async function insertSignal(
  db: Db,
  s: {
    sessionId: number;
    from: string | null;
    to: string | null;
    kind: string;
    payload?: unknown;
    at: string;
  },
): Promise<number> {
  const [row] = await db("session_signals").insert(
    {
      session_id: s.sessionId,
      from_peer: s.from,
      to_peer: s.to,
      kind: s.kind,
      payload: s.payload === undefined ? null : JSON.stringify(s.payload),
      created_at: s.at,
    },
    ["id"],
  );
  return Number(typeof row === "object" && row ? (row as { id: unknown }).id : row);
}

/** The signals for one peer after an id: addressed to it, or to everyone but sent by someone else. */
export async function signalsFor(
  db: Db,
  sessionId: number,
  peerId: string,
  afterId: number,
  since: string,
): Promise<SignalRow[]> {
  const rows = (await db("session_signals")
    .where({ session_id: sessionId })
    .andWhere("id", ">", afterId)
    .andWhere("created_at", ">=", since)
    .andWhere((w) =>
      w
        .where("to_peer", peerId)
        .orWhere((b) =>
          b.whereNull("to_peer").andWhere((f) => f.whereNull("from_peer").orWhereNot("from_peer", peerId)),
        ),
    )
    .orderBy("id")
    .limit(200)) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: Number(r.id),
    fromPeer: (r.from_peer as string | null) ?? null,
    toPeer: (r.to_peer as string | null) ?? null,
    kind: String(r.kind),
    payload: r.payload ? (JSON.parse(String(r.payload)) as unknown) : null,
  }));
}

/** Signals are relayed within seconds; older ones are of no use to anyone. */
export async function deleteSignalsBefore(db: Db, before: string): Promise<void> {
  await db("session_signals").where("created_at", "<", before).delete();
}

export async function insertGuest(db: Db, row: Record<string, unknown>): Promise<void> {
  await db("session_guests").insert(row);
}

export interface GuestRow {
  id: number;
  sessionId: number;
  name: string;
  relation: string | null;
  usedAt: string | null;
}

const guestOf = (r: Record<string, unknown>): GuestRow => ({
  id: Number(r.id),
  sessionId: Number(r.session_id),
  name: String(r.name),
  relation: (r.relation as string | null) ?? null,
  usedAt: (r.used_at as string | null) ?? null,
});

export async function guestBy(
  db: Db,
  where: { token_hash: string } | { access_hash: string },
): Promise<GuestRow | null> {
  const r = (await db("session_guests").where(where).first()) as Record<string, unknown> | undefined;
  return r ? guestOf(r) : null;
}

/** The one use of an invitation: only the first caller gets true. */
export async function redeemGuest(db: Db, id: number, accessHash: string, at: string): Promise<boolean> {
  const n = await db("session_guests")
    .where({ id })
    .whereNull("used_at")
    .update({ used_at: at, access_hash: accessHash });
  return Number(n) === 1;
}

export async function guestsOf(db: Db, sessionId: number): Promise<GuestRow[]> {
  const rows = (await db("session_guests").where({ session_id: sessionId }).orderBy("id")) as Record<
    string,
    unknown
  >[];
  return rows.map(guestOf);
}
