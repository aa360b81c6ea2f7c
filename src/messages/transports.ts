import type { Logger } from "pino";
import { AliyunSmsTransport } from "./aliyun.js";
import type { SmsConfig } from "./config.js";
import type { OutboxMessage } from "./outbox-repository.js";
import { maskCodes } from "./templates.js";

/** Sends one message; throws (with the provider's words) when it was not accepted. */
export interface SmsTransport {
  readonly name: string;
  send(message: OutboxMessage): Promise<void>;
}

/**
 * Development and tests: the message is written to the app's log (the logger masks the phone;
 * code digits are masked here) and counts as sent. Staff read the full text on /admin/messages
 * outside production.
 */
export class ConsoleTransport implements SmsTransport {
  readonly name = "console";
  constructor(private readonly logger: Logger) {}

  async send(message: OutboxMessage): Promise<void> {
    this.logger.info(
      { sms: { id: message.id, to: message.to, template: message.template } },
      `短信（未真正发出）：${maskCodes(message.template, message.text)}`,
    );
  }
}

export function createTransport(config: SmsConfig, logger: Logger): SmsTransport {
  return config.transport === "aliyun" ? new AliyunSmsTransport(config) : new ConsoleTransport(logger);
}
