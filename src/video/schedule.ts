import type { Knex } from "knex";
import { memo } from "../shared/request-memo.js";
import type { ConcludedCase } from "../cases/concluded.js";
import { sessionTimeText } from "../cases/actions/schedule-session.js";
import { PLACE_LABELS } from "../cases/labels.js";
import type { Clock } from "../clock.js";
import { DateTime } from "luxon";
import { ZONE } from "../shared/dates.js";
import { attendanceOf, attendeeLine, unrecordedOnlineSession } from "./attendance.js";
import { joinWindow, JOIN_CLOSES_AFTER_MS, type JoinWindow } from "./join-window.js";
import * as repo from "./repository.js";

export interface UpcomingSession {
  id: number;
  caseId: number;
  startsAt: string;
  /** 12月3日 09:30 (Beijing). */
  timeText: string;
  placeKind: string;
  placeText: string;
  place: string | null;
  online: boolean;
  window: JoinWindow;
}

/** The sessions still to come (or going on: up to three hours after the start), for the pages that list them. */
export class VideoSchedule {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
  ) {}

  /**
   * A case whose mediation is over (src/cases/concluded.ts) keeps no session to come: those still
   * scheduled are cancelled in the concluding action's transaction, so no party is shown a button
   * to a room for a case already settled. (Its timeline already says how the case ended.)
   */
  async caseConcluded(trx: Knex.Transaction, concluded: ConcludedCase): Promise<void> {
    await repo.cancelScheduledOf(trx, concluded.caseId);
  }

  private from(): string {
    return new Date(this.clock.now().getTime() - JOIN_CLOSES_AFTER_MS).toISOString();
  }

  private view(s: repo.ScheduledSessionRow): UpcomingSession {
    const online = s.placeKind === "online";
    return {
      id: s.id,
      caseId: s.caseId,
      startsAt: s.startsAt,
      timeText: sessionTimeText(s.startsAt),
      placeKind: s.placeKind,
      placeText: online
        ? "线上视频调解"
        : (s.place ?? PLACE_LABELS[s.placeKind as keyof typeof PLACE_LABELS]),
      place: s.place,
      online,
      window: joinWindow(s.startsAt, this.clock.now()),
    };
  }

  async forCase(caseId: number): Promise<UpcomingSession[]> {
    // Read once per request where the page asks several times (the party's case page: request-memo.ts).
    const from = this.from();
    const rows = await memo(`upcomingSessions:${caseId}:${from}`, () =>
      repo.upcomingSessions(this.knex, [caseId], from),
    );
    return rows.map((s) => this.view(s));
  }

  /** api.md's `sessions` entries for a party: the upcoming ones, with the room's path when online. */
  async forParty(
    caseId: number,
  ): Promise<{ startsAt: string; placeKind: string; place?: string; joinUrl?: string }[]> {
    return (await this.forCase(caseId)).map((s) => ({
      startsAt: s.startsAt,
      placeKind: s.placeKind,
      ...(s.place ? { place: s.place } : {}),
      ...(s.online ? { joinUrl: `/my/cases/${caseId}/sessions/${s.id}/room` } : {}),
    }));
  }

  /** The mediator's desk: sessions of the cases they are assigned to now. */
  async forMediator(userId: number): Promise<(UpcomingSession & { caseNumber: string })[]> {
    const rows = await repo.upcomingForMediatorUser(this.knex, userId, this.from());
    return rows.map((s) => ({ ...this.view(s), caseNumber: s.caseNumber }));
  }

  /**
   * The 调解笔录 form after an online session: the session it records, when it began (the first
   * entry, Beijing wall time as the form's field takes it) and who attended, with their times.
   */
  async recordPrefill(
    caseId: number,
  ): Promise<{ scheduledSessionId: number; heldAt: string; attendees: string } | null> {
    const session = await unrecordedOnlineSession(this.knex, caseId);
    if (!session) return null;
    const people = await attendanceOf(this.knex, session.id);
    if (!people.length) return null;
    const first = people.map((p) => p.joinedAt).sort()[0]!;
    return {
      scheduledSessionId: session.id,
      heldAt: DateTime.fromISO(first).setZone(ZONE).toFormat("yyyy-MM-dd'T'HH:mm"),
      attendees: people.map(attendeeLine).join("\n"),
    };
  }
}
