import type { Knex } from "knex";
import { recordAudit } from "../audit/audit.js";
import { isoNow, type Clock } from "../clock.js";
import { Calendar, currentCalendar, missingNoticeNote, setCurrentCalendar } from "./calendar.js";
import { parseNotice, type Notice } from "./notices.js";
import { noticesVersion, readNotices, replaceNotice, type StoredNotice } from "./repository.js";
import {
  assumedDaysOff,
  FIRST_STATUTE_YEAR,
  statutoryDays,
  weekendStatutoryDays,
  type HolidayDay,
} from "./statutory.js";

export interface CalendarYear {
  year: number;
  notice: StoredNotice | null;
  /** "2027年放假安排尚未录入" when the notice is missing. */
  note: string | undefined;
  offDays: number;
  workDays: number;
}

export interface CalendarYearDetail extends CalendarYear {
  statutory: HolidayDay[];
  /** Statutory days on a Saturday or Sunday: each owed a working day off (art. 6). */
  owed: HolidayDay[];
  /** What is assumed while the notice is missing (the later plausible end). */
  assumed: HolidayDay[];
}

/**
 * Loads the holiday notices from the database into the process's calendar (at startup, after an
 * admin or CLI load, and when another instance has loaded one: a version check at most every
 * `ttlMs`), and loads a year's notice with an audit event.
 */
export class CalendarService {
  private version: string | null = null;
  private checkedAt = 0;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly ttlMs = 30_000,
  ) {}

  async load(): Promise<void> {
    const version = await noticesVersion(this.knex);
    const notices = await readNotices(this.knex);
    setCurrentCalendar(new Calendar(notices));
    this.version = version;
    this.checkedAt = Date.now();
  }

  /** Reloads when the notices in the database changed since this process last read them. */
  async refreshIfStale(): Promise<void> {
    if (this.version !== null && Date.now() - this.checkedAt < this.ttlMs) return;
    this.checking ??= (async () => {
      try {
        const version = await noticesVersion(this.knex);
        if (version !== this.version) await this.load();
        this.checkedAt = Date.now();
      } finally {
        this.checking = null;
      }
    })();
    await this.checking;
  }

  /** Adds or replaces the year's notice; `source` is "admin" or "cli". */
  async loadNotice(actorId: number | null, input: unknown, source: "admin" | "cli"): Promise<Notice> {
    const notice = parseNotice(input);
    await this.knex.transaction(async (trx) => {
      const before = (await readNotices(trx)).find((n) => n.year === notice.year);
      const at = isoNow(this.clock);
      await replaceNotice(trx, notice, { source, loadedBy: actorId, loadedAt: at });
      await recordAudit(trx, {
        actorUserId: actorId,
        action: before ? "calendar.replace" : "calendar.load",
        entityType: "holiday_notice",
        entityId: notice.year,
        before: before ? { number: before.number, issuedOn: before.issuedOn, days: before.days } : undefined,
        after: { number: notice.number, issuedOn: notice.issuedOn, days: notice.days, source },
        at,
      });
    });
    await this.load();
    return notice;
  }

  /** The years from 2025 to next year (and any later year loaded), each with its status. */
  async years(today: string): Promise<CalendarYear[]> {
    const notices = await readNotices(this.knex);
    const last = Math.max(Number(today.slice(0, 4)) + 1, ...notices.map((n) => n.year));
    const out: CalendarYear[] = [];
    for (let year = last; year >= FIRST_STATUTE_YEAR; year--) {
      const notice = notices.find((n) => n.year === year) ?? null;
      out.push({
        year,
        notice,
        note: notice ? undefined : missingNoticeNote([year]),
        offDays: notice?.days.filter((d) => d.kind === "off").length ?? 0,
        workDays: notice?.days.filter((d) => d.kind === "work").length ?? 0,
      });
    }
    return out;
  }

  async year(year: number, today: string): Promise<CalendarYearDetail | undefined> {
    const y = (await this.years(today)).find((x) => x.year === year);
    if (!y) return undefined;
    return {
      ...y,
      statutory: statutoryDays(year),
      owed: weekendStatutoryDays(year),
      assumed: y.notice ? [] : assumedDaysOff(year),
    };
  }

  /** The calendar currently used by the period functions. */
  current(): Calendar {
    return currentCalendar();
  }
}
