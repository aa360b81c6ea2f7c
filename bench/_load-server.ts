import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import knexFactory from "knex";
import { systemClock } from "../src/clock.js";
import type { DatabaseConfig } from "../src/config.js";
import { createKnex } from "../src/db/knex.js";
import { migrateLatest } from "../src/db/migrations.js";
import { seedDemo } from "../src/demo/seed.js";
import { sleep } from "./_load-http.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface TempDatabase {
  database: DatabaseConfig;
  url: string;
  /** Where the server's log goes (a temporary directory either way). */
  dir: string;
  cleanup(): Promise<void>;
}

/**
 * A fresh database, migrated and with the demo county (no demo history, so every case in it is
 * the bench's own): a SQLite file in a temporary directory, or a temporary PostgreSQL database
 * next to FQ_TEST_PG_URL (as bench/matching.ts does). DATABASE_URL=postgres://… also selects
 * PostgreSQL (its server is used for the temporary database; the named database is left alone).
 */
export async function createTempDatabase(pg: boolean, keep: boolean): Promise<TempDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fq-bench-load-"));
  let database: DatabaseConfig;
  let url: string;
  let dropDatabase = async () => {};
  if (pg) {
    const fromEnv = process.env.DATABASE_URL;
    const adminUrl =
      fromEnv && /^postgres(ql)?:/.test(fromEnv)
        ? fromEnv
        : (process.env.FQ_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test");
    const name = `fq_bench_load_${process.pid}`;
    const admin = knexFactory({ client: "pg", connection: adminUrl, pool: { min: 0, max: 1 } });
    await admin.raw(`CREATE DATABASE ${name}`);
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    database = { client: "postgres", connectionString: url };
    dropDatabase = async () => {
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    };
  } else {
    const file = path.join(dir, "load.db");
    database = { client: "sqlite", filename: file };
    url = `sqlite:${file}`;
  }
  const knex = createKnex(database);
  await migrateLatest(knex);
  await seedDemo(knex, systemClock);
  await knex.destroy();
  return {
    database,
    url,
    dir,
    cleanup: async () => {
      if (keep) {
        console.log(`(--keep) database ${url}, server log in ${dir}`);
        return;
      }
      await dropDatabase();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The real server (`node --import tsx src/server.ts`) as a child process on a fixed port and
 * database, which the bench can SIGKILL and start again. Its stdout and stderr go to one log file
 * per start; the bench reads them afterwards for errors (5xx, SQLITE_BUSY).
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  readonly logs: string[] = [];

  constructor(
    readonly port: number,
    private readonly databaseUrl: string,
    private readonly logDir: string,
    /** WEB_CONCURRENCY: server processes behind the port (src/cluster.ts). */
    readonly workers = 1,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the server and resolves when /healthz answers 200; returns how long that took (ms). */
  async start(): Promise<number> {
    const t0 = performance.now();
    const log = path.join(this.logDir, `server-${this.logs.length + 1}.log`);
    this.logs.push(log);
    const fd = fs.openSync(log, "a");
    const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(this.port),
        DATABASE_URL: this.databaseUrl,
        // development keeps the demo users; the database already has users, so nothing is re-seeded.
        NODE_ENV: "development",
        SESSION_SECRET: "fengqiao-load-bench-secret-0123456789abcdef",
        // warn: no line per request, but every 5xx ("request failed") and anything worse.
        LOG_LEVEL: "warn",
        WEB_CONCURRENCY: String(this.workers),
      },
      stdio: ["ignore", fd, fd],
    });
    fs.closeSync(fd);
    this.child = child;
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    let exitedEarly = false;
    void this.exited.then(() => (exitedEarly = true));
    for (;;) {
      if (exitedEarly) {
        throw new Error(`the server exited while starting; see ${log}:\n${fs.readFileSync(log, "utf8")}`);
      }
      try {
        const res = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      if (performance.now() - t0 > 120_000) throw new Error(`the server did not start in 120 s; see ${log}`);
      await sleep(50);
    }
  }

  /** SIGKILL: no shutdown handler runs, open transactions die with the process. */
  async kill(): Promise<void> {
    this.child?.kill("SIGKILL");
    await this.exited;
    this.child = null;
  }

  /** The worker processes of a server started with several (Linux: /proc). */
  workerPids(): number[] {
    const pid = this.child?.pid;
    if (!pid) return [];
    const file = `/proc/${pid}/task/${pid}/children`;
    const children = fs.existsSync(file)
      ? fs.readFileSync(file, "utf8").trim().split(/\s+/).filter(Boolean)
      : [];
    return children.map(Number).filter((c) => {
      try {
        return fs.readFileSync(`/proc/${c}/cmdline`, "utf8").includes("server.ts");
      } catch {
        return false; // gone meanwhile
      }
    });
  }

  /**
   * SIGKILL to one worker of several: the primary forks a replacement. Resolves (with the time it
   * took) when the replacement runs and the server answers /healthz again.
   */
  async killWorker(): Promise<number> {
    const before = this.workerPids();
    const victim = before[0];
    if (!victim || before.length < 2) throw new Error(`no worker to kill (workers: ${before.join(", ")})`);
    const t0 = performance.now();
    process.kill(victim, "SIGKILL");
    for (;;) {
      const now = this.workerPids().filter((p) => p !== victim);
      if (now.length === before.length) {
        let ok = 0;
        for (let i = 0; i < 20 && ok < 4; i++) {
          try {
            const res = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
            await res.arrayBuffer();
            ok = res.status === 200 ? ok + 1 : 0;
          } catch {
            ok = 0;
          }
          await sleep(250);
        }
        return performance.now() - t0;
      }
      if (performance.now() - t0 > 120_000) throw new Error("no replacement worker in 120 s");
      await sleep(50);
    }
  }

  /** SIGTERM (the server closes and destroys its pool), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    if (!this.child) return;
    const child = this.child;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await this.exited;
    clearTimeout(timer);
    this.child = null;
  }

  /** Lines of the server logs that match (pino JSON lines or stderr). */
  grep(pattern: RegExp): string[] {
    return this.logs.flatMap((f) =>
      fs.existsSync(f)
        ? fs
            .readFileSync(f, "utf8")
            .split("\n")
            .filter((l) => pattern.test(l))
        : [],
    );
  }
}
