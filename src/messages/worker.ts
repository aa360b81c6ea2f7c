import type { Logger } from "pino";
import type { Clock } from "../clock.js";
import { nextAttemptAt } from "./backoff.js";
import type { OutboxMessage, OutboxRepository } from "./outbox-repository.js";
import type { SmsTransport } from "./transports.js";

export interface WorkerOptions {
  maxAttempts: number;
  pollMs: number;
  /** How long a claim holds a message: past it, a message whose sender died is taken again. */
  claimMs?: number;
  batch?: number;
  /** Logged as a warning when the worker starts (e.g. production on the console transport). */
  startWarning?: string;
}

/**
 * Sends the outbox. Runs in each app instance (started by src/server.ts, never in tests, which
 * call `drain()`): it claims due messages one by one with a guarded UPDATE, sends, and settles
 * each as sent, queued again with a backoff, or failed after `maxAttempts`. Nothing is held in
 * memory: a restart picks up whatever is queued or whose claim has lapsed. A sender killed between
 * the provider's answer and the settle may send that one message again (at least once, never lost).
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly claimMs: number;
  private readonly batch: number;

  constructor(
    private readonly repo: OutboxRepository,
    private readonly transport: SmsTransport,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: WorkerOptions,
  ) {
    this.claimMs = options.claimMs ?? 60_000;
    this.batch = options.batch ?? 20;
  }

  start(): void {
    if (this.timer) return;
    if (this.options.startWarning) this.logger.warn(this.options.startWarning);
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Asks for a drain soon (a message was just queued) once started; one drain at a time per worker. */
  kick(): void {
    if (!this.timer || this.running) return;
    this.running = this.drain()
      .catch((err: unknown) => {
        this.logger.error({ err }, "短信发送队列处理失败");
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Sends every message due now; resolves with how many this call settled. */
  async drain(): Promise<number> {
    let settled = 0;
    for (;;) {
      const now = this.clock.now().toISOString();
      const ids = await this.repo.dueIds(now, this.batch);
      if (ids.length === 0) return settled;
      let claimedAny = false;
      for (const id of ids) {
        const at = this.clock.now();
        const until = new Date(at.getTime() + this.claimMs).toISOString();
        const message = await this.repo.claim(id, at.toISOString(), until);
        if (!message) continue;
        claimedAny = true;
        if (await this.deliver(message, until)) settled++;
      }
      // Every due id was taken by another sender: what is left is theirs.
      if (!claimedAny) return settled;
    }
  }

  private async deliver(message: OutboxMessage, claim: string): Promise<boolean> {
    try {
      await this.transport.send(message);
      return this.repo.settle(message.id, claim, { status: "sent", at: this.clock.now().toISOString() });
    } catch (err) {
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
      const now = this.clock.now();
      const next = nextAttemptAt(now, message.attempts + 1, this.options.maxAttempts);
      this.logger.warn({ sms: { id: message.id, attempts: message.attempts + 1 } }, `短信发送失败：${error}`);
      return this.repo.settle(message.id, claim, {
        status: next ? "queued" : "failed",
        at: now.toISOString(),
        nextAttemptAt: next?.toISOString(),
        error,
      });
    }
  }
}
