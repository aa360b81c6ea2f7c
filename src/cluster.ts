import cluster, { type Worker } from "node:cluster";

/**
 * Several server processes on one port (node:cluster): the primary forks `count` workers, which
 * share the listening socket (the primary hands connections round-robin), and forks a new one in
 * the same slot when a worker dies (a crash, an out-of-memory kill, SIGKILL) — a request in flight
 * on the dead worker is lost with its connection, never half-written: each write is one
 * transaction, and SQLite's WAL or PostgreSQL rolls back what was not committed. A worker that
 * exits cleanly (code 0: it was told to stop) is not replaced. More than 10 deaths in a minute
 * means something is wrong with every worker; the primary then gives up with exit code 1.
 *
 * Each worker knows its slot (FENGQIAO_WORKER_SLOT, "0" … count-1), so one-per-deployment jobs can
 * stay in slot 0 while the others only serve requests.
 */
export interface Supervisor {
  /** SIGTERM to every worker; resolves when all have exited. */
  stop(): Promise<void>;
}

export interface SupervisorEvents {
  onListening?(slot: number, pid: number): void;
  onRestart?(slot: number, pid: number, reason: string): void;
  onGiveUp?(): void;
}

export const WORKER_SLOT_ENV = "FENGQIAO_WORKER_SLOT";

/** The slot of this process: its worker slot, or 0 when the server runs as one process. */
export function workerSlot(env: NodeJS.ProcessEnv = process.env): number {
  return cluster.isWorker ? Number(env[WORKER_SLOT_ENV] ?? 0) : 0;
}

export function superviseWorkers(count: number, events: SupervisorEvents = {}): Supervisor {
  const slots = new Map<Worker, number>();
  const deaths: number[] = [];
  let stopping = false;
  const fork = (slot: number) => {
    const worker = cluster.fork({ [WORKER_SLOT_ENV]: String(slot) });
    slots.set(worker, slot);
    worker.once("listening", () => events.onListening?.(slot, worker.process.pid ?? 0));
  };
  cluster.on("exit", (worker, code, signal) => {
    const slot = slots.get(worker) ?? 0;
    slots.delete(worker);
    if (stopping || (code === 0 && !signal)) return;
    const now = Date.now();
    deaths.push(now);
    while (deaths.length && deaths[0]! < now - 60_000) deaths.shift();
    if (deaths.length > 10) {
      stopping = true;
      events.onGiveUp?.();
      for (const w of slots.keys()) w.process.kill("SIGTERM");
      process.exitCode = 1;
      return;
    }
    events.onRestart?.(slot, worker.process.pid ?? 0, signal ?? `exit code ${code}`);
    fork(slot);
  });
  for (let slot = 0; slot < count; slot++) fork(slot);
  return {
    stop: () => {
      stopping = true;
      const waiting = [...slots.keys()].map(
        (w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once("exit", () => resolve()))),
      );
      for (const w of slots.keys()) if (!w.isDead()) w.process.kill("SIGTERM");
      return Promise.all(waiting).then(() => undefined);
    },
  };
}
