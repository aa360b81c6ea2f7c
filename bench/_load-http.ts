import { performance } from "node:perf_hooks";
import { percentile } from "./_support.js";

/**
 * The load bench's HTTP side: one call() with per-request bookkeeping (status, latency, and
 * whether a connection error fell into the window when the server was being killed and restarted).
 */

export type Kind =
  "login" | "intake" | "intake-retry" | "intake-duplicate" | "intake-conflicting-body" | "action" | "read";

export type Outcome =
  | { kind: "response"; status: number; body: Record<string, unknown>; ms: number }
  /** No answer: the connection failed or timed out. killWindow: the server was down or died meanwhile. */
  | { kind: "no-response"; error: string; timeout: boolean; killWindow: boolean; ms: number };

interface KindStats {
  requests: number;
  statuses: Map<number, number>;
  latencies: number[];
  killWindowErrors: number;
  otherErrors: number;
  timeouts: number;
}

export interface Failure {
  kind: Kind | "check";
  what: string;
  at: number;
}

/** Whether the server is up, and a counter bumped at each kill, so a request can tell it lived through one. */
export class ServerState {
  down = false;
  epoch = 0;
}

export class LoadHttp {
  readonly stats = new Map<Kind, KindStats>();
  readonly failures: Failure[] = [];
  failureCount = 0;
  readonly failuresByKind = new Map<Failure["kind"], number>();
  private readonly t0 = performance.now();

  constructor(
    private readonly base: () => string,
    private readonly server: ServerState,
    private readonly timeoutMs: number,
  ) {}

  elapsed(): number {
    return (performance.now() - this.t0) / 1000;
  }

  fail(kind: Failure["kind"], what: string): void {
    this.failureCount++;
    this.failuresByKind.set(kind, (this.failuresByKind.get(kind) ?? 0) + 1);
    if (this.failures.length < 40) this.failures.push({ kind, what, at: +this.elapsed().toFixed(2) });
  }

  private kindStats(kind: Kind): KindStats {
    let s = this.stats.get(kind);
    if (!s) {
      s = {
        requests: 0,
        statuses: new Map(),
        latencies: [],
        killWindowErrors: 0,
        otherErrors: 0,
        timeouts: 0,
      };
      this.stats.set(kind, s);
    }
    return s;
  }

  /**
   * One request. Every answer is counted by status; 5xx is always a failure (the caller decides
   * which other statuses it expected). A request that gets no answer is a failure unless the
   * server was down when it started or was killed while it ran.
   */
  async call(
    kind: Kind,
    method: "GET" | "POST",
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Outcome> {
    const s = this.kindStats(kind);
    s.requests++;
    const downAtStart = this.server.down;
    const epoch = this.server.epoch;
    const start = performance.now();
    try {
      const res = await fetch(`${this.base()}${path}`, {
        method,
        headers: {
          ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      const ms = performance.now() - start;
      s.latencies.push(ms);
      s.statuses.set(res.status, (s.statuses.get(res.status) ?? 0) + 1);
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        body = { text: text.slice(0, 200) };
      }
      if (res.status >= 500) {
        this.fail(kind, `${method} ${path} → ${res.status} ${String(body.detail ?? body.text ?? "")}`);
      }
      return { kind: "response", status: res.status, body, ms };
    } catch (err) {
      const ms = performance.now() - start;
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const timeout = e.name === "TimeoutError" || e.name === "AbortError";
      const killWindow = downAtStart || this.server.down || this.server.epoch !== epoch;
      const error = `${e.name}: ${e.cause?.code ?? e.cause?.message ?? e.message}`;
      if (killWindow) s.killWindowErrors++;
      else {
        if (timeout) s.timeouts++;
        else s.otherErrors++;
        this.fail(kind, `${method} ${path} → no answer after ${ms.toFixed(0)} ms (${error})`);
      }
      return { kind: "no-response", error, timeout, killWindow, ms };
    }
  }

  summary(kind: Kind) {
    const s = this.stats.get(kind);
    if (!s) return null;
    const sorted = [...s.latencies].sort((a, b) => a - b);
    return {
      requests: s.requests,
      statuses: Object.fromEntries([...s.statuses].sort(([a], [b]) => a - b)),
      killWindowErrors: s.killWindowErrors,
      otherErrors: s.otherErrors,
      timeouts: s.timeouts,
      p50Ms: sorted.length ? +percentile(sorted, 50).toFixed(1) : null,
      p99Ms: sorted.length ? +percentile(sorted, 99).toFixed(1) : null,
      maxMs: sorted.length ? +sorted.at(-1)!.toFixed(1) : null,
    };
  }

  latencies(kinds: Kind[]): number[] {
    return kinds.flatMap((k) => this.stats.get(k)?.latencies ?? []).sort((a, b) => a - b);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
