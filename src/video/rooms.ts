import { randomBytes } from "node:crypto";
import type { Knex } from "knex";
import { recordAudit } from "../audit/audit.js";
import type { CaseService } from "../cases/service.js";
import type { Clock } from "../clock.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import type { PartyCaseService } from "../portal/case-detail.js";
import { sessionTimeText } from "../cases/actions/schedule-session.js";
import { resolveRoom, sha256, type Principal, type Room } from "./access.js";
import type { VideoConfig } from "./config.js";
import { partyJoinRefusal } from "./join-window.js";
import * as repo from "./repository.js";
import { iceServers, type IceServer } from "./turn.js";

/** At most six people in a room: a mesh of peer connections grows with the square of its size. */
export const MAX_PARTICIPANTS = 6;
/** A participant not heard from for this long (its page closed without saying so) counts as gone. */
export const PRESENCE_TIMEOUT_MS = 30_000;
/** What a client may relay to one other peer; the host may also send `mute`. */
const PEER_SIGNALS = new Set(["offer", "answer", "ice"]);
const MAX_PAYLOAD = 20_000;

export interface PeerInfo {
  peerId: string;
  name: string;
  kind: string;
}

export interface Joined {
  peerId: string;
  host: boolean;
  iceServers: IceServer[];
  peers: PeerInfo[];
  /** The id of the signal announcing this peer: what is for it comes after. */
  after: number;
}

/**
 * The video rooms (视频调解): who may enter, joining with consent, relaying the WebRTC signals
 * through the database (so that several app instances serve one room), and the host's controls.
 */
export class VideoRooms {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly config: VideoConfig,
    private readonly cases: CaseService,
    private readonly partyCase: PartyCaseService,
  ) {}

  room(principal: Principal, caseId: number, sessionId: number): Promise<Room> {
    return resolveRoom(
      { knex: this.knex, cases: this.cases, partyCase: this.partyCase },
      principal,
      caseId,
      sessionId,
    );
  }

  /**
   * Why a party may not enter a session still to be held now (src/video/join-window.ts: from 30
   * minutes before its start to 3 hours after), or null. Staff and invited helpers are not held to it.
   */
  notOpenFor(room: Room): string | null {
    if (room.who.kind !== "party" || room.session.status !== "scheduled") return null;
    const { startsAt } = room.session;
    return partyJoinRefusal(startsAt, sessionTimeText(startsAt), this.clock.now());
  }

  /** The people in the room now (joined, not left, seen lately). */
  async present(sessionId: number): Promise<repo.ParticipantRow[]> {
    const fresh = new Date(this.clock.now().getTime() - PRESENCE_TIMEOUT_MS).toISOString();
    return (await repo.participants(this.knex, sessionId)).filter(
      (p) => !p.leftAt && !p.removed && p.lastSeenAt >= fresh,
    );
  }

  /** Enters the room: only after consenting to the no-recording notice; a removed person stays out. */
  async join(room: Room, consented: boolean): Promise<Joined> {
    if (!consented) {
      throw new ValidationError([
        { field: "consent", message: "请先阅读并勾选：本次视频调解不录音录像，除非各方均同意" },
      ]);
    }
    if (room.session.status !== "scheduled") throw new ConflictError("本次视频调解已结束");
    const notOpen = this.notOpenFor(room);
    if (notOpen) throw new ConflictError(notOpen);
    const { who, session } = room;
    const all = await repo.participants(this.knex, session.id);
    if (all.some((p) => p.removed && this.same(p, room))) {
      throw new ForbiddenError("您已被调解员移出本次视频调解");
    }
    const present = await this.present(session.id);
    // The same person again (a reload, a second tab) replaces their earlier place in the room.
    const others = present.filter((p) => !this.same(p, room));
    if (others.length >= MAX_PARTICIPANTS)
      throw new ConflictError(`视频调解最多 ${MAX_PARTICIPANTS} 人同时参加，已满`);
    const now = this.clock.now().toISOString();
    const peerId = randomBytes(12).toString("hex");
    let after = 0;
    await this.knex.transaction(async (trx) => {
      for (const p of present.filter((x) => this.same(x, room))) {
        await repo.updateParticipant(trx, p.peerId, { left_at: now });
        await repo.insertSignal(trx, {
          sessionId: session.id,
          from: p.peerId,
          to: null,
          kind: "left",
          at: now,
        });
      }
      await repo.insertParticipant(trx, {
        session_id: session.id,
        peer_id: peerId,
        kind: who.kind,
        user_id: who.userId,
        party_id: who.partyId,
        guest_id: who.guestId,
        display_name: who.name,
        consented_at: now,
        joined_at: now,
        last_seen_at: now,
        removed: false,
      });
      const info = { peerId, name: who.name, kind: who.kind };
      after = await repo.insertSignal(trx, {
        sessionId: session.id,
        from: peerId,
        to: null,
        kind: "joined",
        payload: info,
        at: now,
      });
      await recordAudit(trx, {
        actorUserId: who.userId,
        action: "video.join",
        entityType: "scheduled_session",
        entityId: session.id,
        after: { peerId, kind: who.kind, partyId: who.partyId, guestId: who.guestId, name: who.name },
        at: now,
      });
    });
    return {
      peerId,
      host: who.host,
      iceServers: iceServers(this.config, peerId, this.clock.now()),
      peers: others.map((p) => ({ peerId: p.peerId, name: p.displayName, kind: p.kind })),
      after,
    };
  }

  /** The caller's own place in the room, or why not: unknown peer 404, removed 403, left or ended 409. */
  async me(room: Room, peerId: string): Promise<repo.ParticipantRow> {
    const p = await repo.participantByPeer(this.knex, peerId);
    if (!p || p.sessionId !== room.session.id || !this.same(p, room))
      throw new NotFoundError("不在本次视频调解中");
    if (p.removed) throw new ForbiddenError("您已被调解员移出本次视频调解");
    if (p.leftAt || room.session.status !== "scheduled")
      throw new ConflictError("本次视频调解已结束或您已离开");
    return p;
  }

  /** Relays one signal to another peer of the same room. */
  async signal(
    room: Room,
    body: { from?: unknown; to?: unknown; kind?: unknown; payload?: unknown },
  ): Promise<void> {
    const from = await this.me(room, String(body.from ?? ""));
    const kind = String(body.kind ?? "");
    if (!PEER_SIGNALS.has(kind) && !(kind === "mute" && room.who.host)) {
      throw new ValidationError([{ field: "kind", message: "信令类型不正确" }]);
    }
    const target = await repo.participantByPeer(this.knex, String(body.to ?? ""));
    if (!target || target.sessionId !== room.session.id || target.leftAt || target.removed) {
      throw new NotFoundError("对方不在本次视频调解中");
    }
    if (JSON.stringify(body.payload ?? null).length > MAX_PAYLOAD) {
      throw new ValidationError([{ field: "payload", message: "信令内容过长" }]);
    }
    const at = this.clock.now().toISOString();
    await repo.insertSignal(this.knex, {
      sessionId: room.session.id,
      from: from.peerId,
      to: target.peerId,
      kind,
      payload: body.payload,
      at,
    });
  }

  /** The signals waiting for a peer after an id; refreshes its presence. Old signals are dropped now and then. */
  async receive(room: Room, peerId: string, afterId: number): Promise<repo.SignalRow[]> {
    const p = await repo.participantByPeer(this.knex, peerId);
    if (!p || p.sessionId !== room.session.id || !this.same(p, room))
      throw new NotFoundError("不在本次视频调解中");
    const now = this.clock.now();
    const rows = await repo.signalsFor(this.knex, room.session.id, peerId, afterId, p.joinedAt);
    // Presence is refreshed every few seconds, not on every read of the stream.
    const stale = new Date(now.getTime() - 5_000).toISOString();
    if (!p.leftAt && !p.removed && p.lastSeenAt < stale) {
      await repo.updateParticipant(this.knex, peerId, { last_seen_at: now.toISOString() });
    }
    if (Math.random() < 0.05)
      await repo.deleteSignalsBefore(this.knex, new Date(now.getTime() - 10 * 60_000).toISOString());
    return rows;
  }

  async leave(room: Room, peerId: string): Promise<void> {
    const p = await this.me(room, peerId);
    const at = this.clock.now().toISOString();
    await this.knex.transaction(async (trx) => {
      await repo.updateParticipant(trx, p.peerId, { left_at: at });
      await repo.insertSignal(trx, {
        sessionId: room.session.id,
        from: p.peerId,
        to: null,
        kind: "left",
        at,
      });
    });
  }

  /** The host removes someone: marked removed (their signals refused from now on), told, and the others told. */
  async remove(room: Room, peerId: string): Promise<void> {
    this.hostOnly(room);
    const p = await repo.participantByPeer(this.knex, peerId);
    if (!p || p.sessionId !== room.session.id || p.removed) throw new NotFoundError("对方不在本次视频调解中");
    const at = this.clock.now().toISOString();
    await this.knex.transaction(async (trx) => {
      await repo.updateParticipant(trx, p.peerId, { removed: true, left_at: p.leftAt ?? at });
      await repo.insertSignal(trx, {
        sessionId: room.session.id,
        from: null,
        to: p.peerId,
        kind: "removed",
        at,
      });
      await repo.insertSignal(trx, {
        sessionId: room.session.id,
        from: p.peerId,
        to: null,
        kind: "left",
        at,
      });
      await recordAudit(trx, {
        actorUserId: room.who.userId,
        action: "video.remove",
        entityType: "scheduled_session",
        entityId: room.session.id,
        after: { peerId, name: p.displayName },
        at,
      });
    });
  }

  /** The host ends the session: everyone is disconnected, the session is held with its end time. */
  async end(room: Room): Promise<void> {
    this.hostOnly(room);
    const at = this.clock.now().toISOString();
    await this.knex.transaction(async (trx) => {
      if (!(await repo.markSessionHeld(trx, room.session.id, at)))
        throw new ConflictError("本次视频调解已结束");
      await repo.leaveAll(trx, room.session.id, at);
      await repo.insertSignal(trx, { sessionId: room.session.id, from: null, to: null, kind: "ended", at });
      await recordAudit(trx, {
        actorUserId: room.who.userId,
        action: "video.end",
        entityType: "scheduled_session",
        entityId: room.session.id,
        after: { status: "held", endedAt: at },
        at,
      });
    });
  }

  /** A one-time invitation for a helper (RL20) to this session: the link's token, stored only hashed. */
  async invite(
    room: Room,
    body: { name?: unknown; relation?: unknown },
  ): Promise<{ token: string; name: string }> {
    this.hostOnly(room);
    if (room.session.status !== "scheduled") throw new ConflictError("本次视频调解已结束");
    const name = String(body.name ?? "").trim();
    const relation = String(body.relation ?? "").trim();
    if (!name || name.length > 50)
      throw new ValidationError([{ field: "name", message: "请填写受邀人姓名（50 字以内）" }]);
    if (relation.length > 50)
      throw new ValidationError([{ field: "relation", message: "身份不能超过 50 个字" }]);
    const token = randomBytes(24).toString("base64url");
    const at = this.clock.now().toISOString();
    await this.knex.transaction(async (trx) => {
      await repo.insertGuest(trx, {
        session_id: room.session.id,
        name,
        relation: relation || null,
        token_hash: sha256(token),
        created_by: room.who.userId,
        created_at: at,
      });
      await recordAudit(trx, {
        actorUserId: room.who.userId,
        action: "video.invite",
        entityType: "scheduled_session",
        entityId: room.session.id,
        after: { name, relation: relation || null },
        at,
      });
    });
    return { token, name };
  }

  /** Uses an invitation once: a fresh access key (kept by the guest's browser), or 404. */
  /** An invitation still good (unused, its session still scheduled), without spending it; 404 otherwise. */
  async checkInvitation(token: string): Promise<void> {
    const guest = await repo.guestBy(this.knex, { token_hash: sha256(token) });
    const session = guest && (await repo.scheduledSession(this.knex, guest.sessionId));
    if (!guest || guest.usedAt || !session || session.status !== "scheduled") {
      throw new NotFoundError("邀请链接无效或已使用");
    }
  }

  async redeem(token: string): Promise<{ accessKey: string; caseId: number; sessionId: number }> {
    const guest = await repo.guestBy(this.knex, { token_hash: sha256(token) });
    const session = guest && (await repo.scheduledSession(this.knex, guest.sessionId));
    if (!guest || guest.usedAt || !session || session.status !== "scheduled") {
      throw new NotFoundError("邀请链接无效或已使用");
    }
    const accessKey = randomBytes(24).toString("base64url");
    if (!(await repo.redeemGuest(this.knex, guest.id, sha256(accessKey), this.clock.now().toISOString()))) {
      throw new NotFoundError("邀请链接无效或已使用");
    }
    return { accessKey, caseId: session.caseId, sessionId: session.id };
  }

  private hostOnly(room: Room): void {
    if (!room.who.host) throw new ForbiddenError("只有主持调解员可以这样做");
  }

  private same(p: repo.ParticipantRow, room: Room): boolean {
    const w = room.who;
    return p.kind === w.kind && p.userId === w.userId && p.partyId === w.partyId && p.guestId === w.guestId;
  }
}
