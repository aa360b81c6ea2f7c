import type { Knex } from "knex";
import type { Logger } from "pino";
import type { Clock } from "../clock.js";
import { addDays, beijingDate } from "../shared/dates.js";
import { ReminderRepository } from "./reminder-repository.js";
import { MOBILE, type MessageService } from "./service.js";

/** Reminders go out this many days before the due day. */
export const REMINDER_DAYS = 3;
const HOUR = 3_600_000;

/** 2026-12-04 → 2026年12月4日 (the reminder's wording). */
const chineseDay = (d: string) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** Long obligation texts are cut for the SMS (the provider limits a variable's length). */
const short = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s);

/**
 * 履行期限提醒: each unperformed obligation of an agreement in force that falls due exactly
 * REMINDER_DAYS days from today (Beijing date) gets one `obligation_due` SMS to its obligor (the
 * party's mobile, else the agent's). The scan runs in every instance, at start and hourly; the
 * outbox's unique `dedupe_key` (`obligation_due:<id>:<due day>`) makes it once per obligation
 * whoever runs it, and however often. An opted-out phone gets none.
 */
export class ObligationReminders {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly repo: ReminderRepository;

  constructor(
    knex: Knex,
    private readonly messages: MessageService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly intervalMs = HOUR,
  ) {
    this.repo = new ReminderRepository(knex);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.run()
      .catch((err: unknown) => {
        this.logger.error({ err }, "履行期限提醒短信生成失败");
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Queues today's reminders; resolves with how many were newly queued. */
  async run(): Promise<number> {
    const dueOn = addDays(beijingDate(this.clock.now()), REMINDER_DAYS);
    let queued = 0;
    for (const ob of await this.repo.dueOn(dueOn)) {
      const to = [ob.phone, ob.agentPhone].find((p) => p && MOBILE.test(p));
      if (!to) continue;
      const id = await this.messages.queue(
        to,
        "obligation_due",
        { dueOn: chineseDay(ob.dueOn), content: short(ob.content) },
        { caseId: ob.caseId, dedupeKey: `obligation_due:${ob.id}:${ob.dueOn}` },
      );
      if (id !== null) queued++;
    }
    return queued;
  }
}
