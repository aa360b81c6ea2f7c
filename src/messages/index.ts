import type { Knex } from "knex";
import type { Logger } from "pino";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { ObligationReminders } from "./obligation-reminders.js";
import { MessageService } from "./service.js";
import { createTransport } from "./transports.js";
import { OutboxWorker } from "./worker.js";

export { MessageService } from "./service.js";
export { OutboxWorker } from "./worker.js";
export { ObligationReminders } from "./obligation-reminders.js";

/** The outbox, its worker and the obligation reminders (not started: src/server.ts starts them; tests call `drain()` / `run()`). */
export function createMessaging(
  knex: Knex,
  clock: Clock,
  config: Config,
  logger: Logger,
): { messages: MessageService; outbox: OutboxWorker; reminders: ObligationReminders } {
  const messages = new MessageService(knex, clock, config.env === "production");
  const outbox = new OutboxWorker(messages.repo, createTransport(config.sms, logger), clock, logger, {
    maxAttempts: config.sms.maxAttempts,
    pollMs: config.sms.pollMs,
    startWarning:
      config.env === "production" && config.sms.transport === "console"
        ? "SMS_TRANSPORT 为 console：短信只写入日志，不会真正发出（当事人收不到验证码）。请设置 SMS_TRANSPORT=aliyun。"
        : undefined,
  });
  messages.onQueued = () => outbox.kick();
  return { messages, outbox, reminders: new ObligationReminders(knex, messages, clock, logger) };
}
