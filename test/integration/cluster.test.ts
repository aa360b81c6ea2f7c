import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKnex } from "../../src/db/knex.js";
import { DEMO_PASSWORD } from "../../src/demo/seed.js";
import { intakeBody } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { TMP_DIR } from "../support/paths.js";

/**
 * Several server processes on one database (src/cluster.ts, WEB_CONCURRENCY): the real server
 * started as `npm start` starts it, writes through both workers at once, one worker SIGKILLed and
 * replaced, a clean stop. The load with a worker killed midway is `npm run bench -- --only load
 * --workers 2` (bench/results/load-workers2.md).
 */
let ctx: TestContext;
let child: ChildProcess;
let base: string;
let exited: Promise<number | null>;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function workerPids(): number[] {
  const pid = child.pid!;
  const file = `/proc/${pid}/task/${pid}/children`;
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((c) => {
      try {
        return fs.readFileSync(`/proc/${c}/cmdline`, "utf8").includes("server.ts");
      } catch {
        return false;
      }
    });
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const end = Date.now() + 90_000;
  for (;;) {
    const v = await Promise.resolve(probe()).catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const healthy = async () => ((await fetch(`${base}/healthz`)).status === 200 ? true : undefined);

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.services.config.database;
  const url = db.client === "sqlite" ? `sqlite:${db.filename}` : db.connectionString;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  fs.mkdirSync(TMP_DIR, { recursive: true });
  const log = fs.openSync(path.join(TMP_DIR, `cluster-${process.pid}.log`), "w");
  child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      SESSION_SECRET: "cluster-test-secret-cluster-test-secret",
      DATABASE_URL: url,
      PORT: String(port),
      WEB_CONCURRENCY: "2",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", log, log],
  });
  exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  await until("the server", healthy);
  await until("two workers", () => (workerPids().length === 2 ? true : undefined));
}, 120_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill("SIGKILL");
  await ctx.close();
});

async function token(): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "clerk", password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

const intake = (bearer: string) =>
  fetch(`${base}/api/v1/cases`, {
    method: "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
    body: JSON.stringify(intakeBody()),
  });

describe("several server processes (WEB_CONCURRENCY=2)", () => {
  it("registers cases through both workers at once, each exactly once with its own number", async () => {
    const bearer = await token();
    const before = Number((await ctx.knex("cases").count({ n: "*" }).first())?.n);
    const answers = await Promise.all(Array.from({ length: 12 }, () => intake(bearer)));
    expect(answers.map((r) => r.status)).toEqual(Array(12).fill(201));
    const numbers = await Promise.all(
      answers.map(async (r) => ((await r.json()) as { number: string }).number),
    );
    expect(new Set(numbers).size).toBe(12);
    expect(Number((await ctx.knex("cases").count({ n: "*" }).first())?.n)).toBe(before + 12);
  }, 60_000);

  it("replaces a worker killed with SIGKILL and keeps serving", async () => {
    const [victim, survivor] = workerPids();
    process.kill(victim!, "SIGKILL");
    const now = await until("a replacement worker", () => {
      const pids = workerPids();
      return pids.length === 2 && !pids.includes(victim!) ? pids : undefined;
    });
    expect(now).toContain(survivor);
    await until("the replacement to serve", healthy);
    const bearer = await token();
    const answers = await Promise.all(Array.from({ length: 4 }, () => intake(bearer)));
    expect(answers.map((r) => r.status)).toEqual(Array(4).fill(201));
  }, 120_000);

  it("stops cleanly on SIGTERM, workers and all", async () => {
    const pids = workerPids();
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    for (const pid of pids)
      expect(
        fs.existsSync(`/proc/${pid}/cmdline`) &&
          fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("server.ts"),
      ).toBe(false);
  }, 60_000);
});

describe("SQLite: two connections writing after reading (several processes on one file)", () => {
  it("never fails with SQLITE_BUSY: a transaction takes the write lock when it begins", async (test) => {
    if (ctx.dialect !== "sqlite") test.skip();
    const file = path.join(TMP_DIR, `immediate-${process.pid}.db`);
    for (const ext of ["", "-wal", "-shm"]) fs.rmSync(file + ext, { force: true });
    const a = createKnex({ client: "sqlite", filename: file });
    const b = createKnex({ client: "sqlite", filename: file });
    await a.schema.createTable("counter", (t) => {
      t.integer("id").primary();
      t.integer("n").notNullable();
    });
    await a("counter").insert({ id: 1, n: 0 });
    // Read, yield, then write: with a deferred BEGIN the second writer's snapshot is stale and SQLite
    // refuses it at once (SQLITE_BUSY), busy timeout or not.
    const bump = (k: typeof a) =>
      k.transaction(async (trx) => {
        const row = await trx("counter").where({ id: 1 }).first();
        await new Promise((r) => setTimeout(r, 2));
        await trx("counter")
          .where({ id: 1 })
          .update({ n: Number(row.n) + 1 });
      });
    await Promise.all(Array.from({ length: 40 }, (_, i) => bump(i % 2 ? a : b)));
    expect(Number((await a("counter").where({ id: 1 }).first()).n)).toBe(40);
    await Promise.all([a.destroy(), b.destroy()]);
    for (const ext of ["", "-wal", "-shm"]) fs.rmSync(file + ext, { force: true });
  });
});
