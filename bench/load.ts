import { performance } from "node:perf_hooks";
import type { Knex } from "knex";
import { beijingDate } from "../src/shared/dates.js";
import { createKnex } from "../src/db/knex.js";
import { DEMO_PASSWORD } from "../src/demo/seed.js";
import { checkDatabase, type Check } from "./_load-check.js";
import { LoadHttp, ServerState, sleep, type Kind } from "./_load-http.js";
import { createTempDatabase, freePort, ServerProcess } from "./_load-server.js";
import {
  act,
  actionWorker,
  intakeBody,
  intakeWorker,
  Ledger,
  USERS,
  type CaseDetail,
  type IntakeEntry,
  type UserName,
  type WorkerContext,
} from "./_load-workers.js";
import { writeResults } from "./_support.js";

/**
 * Load without loss: the real server (a child process) under concurrent intake and actions on the
 * same cases from many clients for a fixed time, SIGKILLed midway and restarted on the same
 * database; then, with the server stopped, the clients' ledger of acknowledged writes is checked
 * against the database: every acknowledged case exactly once, case numbers without gaps or
 * duplicates, every acknowledged action's event at its version, no trace of a 409, nothing
 * half-applied, no 5xx, and (SQLite) WAL with a busy timeout and never SQLITE_BUSY.
 *
 *   npm run bench -- --only load                      (SQLite, a temporary file)
 *   npm run bench -- --only load --pg                 (PostgreSQL: a temporary database at FQ_TEST_PG_URL,
 *                                                      or next to DATABASE_URL=postgres://…)
 *   npx tsx bench/load.ts --seconds 20 --clients 32 --cases 8 --kill-at 0.6 [--keep]
 *   npm run bench -- --only load --workers 2         (two server processes, node:cluster: one worker
 *                                                      is SIGKILLed and replaced; --kill-server kills all)
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number`);
  return v;
};
const SECONDS = option("seconds", 20);
const CLIENTS = Math.max(2, Math.floor(option("clients", 32)));
const SHARED_CASES = Math.max(1, Math.floor(option("cases", 8)));
const KILL_AT = option("kill-at", 0.6);
const TIMEOUT_MS = option("timeout", 30_000);
const WORKERS = Math.max(1, Math.floor(option("workers", 1)));
// With several server processes one worker is killed (the primary replaces it); with one, the server.
const KILL_WORKER = WORKERS > 1 && !args.includes("--kill-server");
const pg = args.includes("--pg") || /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? "");
const keep = args.includes("--keep");

const tmp = await createTempDatabase(pg, keep);
const database = tmp.database;

// Who is who in the demo county (ids for the checks; mediators for the assignments).
let users: Record<UserName, number>;
let mediators: WorkerContext["mediators"];
{
  const knex = createKnex(database);
  const byName = async (table: string, column: string, value: string) =>
    Number((await knex(table).where(column, value).first()).id);
  users = Object.fromEntries(
    await Promise.all(USERS.map(async (u) => [u, await byName("users", "username", u)])),
  ) as Record<UserName, number>;
  mediators = {
    lead: await byName("mediators", "name", "王德明"),
    co: [await byName("mediators", "name", "刘长庚"), await byName("mediators", "name", "周桂兰")],
  };
  await knex.destroy();
}

const server = new ServerProcess(await freePort(), tmp.url, tmp.dir, WORKERS);
const state = new ServerState();
const http = new LoadHttp(() => server.baseUrl, state, TIMEOUT_MS);
const ledger = new Ledger(String(process.pid));
let exitCode = 0;

try {
  const startMs = await server.start();
  console.log(`server up in ${startMs.toFixed(0)} ms on ${server.baseUrl} (${pg ? "PostgreSQL" : "SQLite"})`);

  /* ------------------------------------------------------------------ tokens (one login per user) */
  const tokens = {} as Record<UserName, string>;
  for (const u of USERS) {
    const r = await http.call("login", "POST", "/api/v1/auth/token", {
      body: { username: u, password: DEMO_PASSWORD },
    });
    if (r.kind !== "response" || r.status !== 201) throw new Error(`login ${u} failed: ${JSON.stringify(r)}`);
    tokens[u] = String(r.body.token);
  }

  const ctx: WorkerContext = {
    http,
    server: state,
    ledger,
    tokens,
    mediators,
    shared: [],
    deadline: 0,
    graceMs: 15_000,
    random: Math.random,
  };

  /* ------------------------------------- the shared cases: registered, accepted, consented, assigned */
  const today = beijingDate(new Date());
  for (let i = 0; i < SHARED_CASES; i++) {
    const key = ledger.intakeKey();
    const body = intakeBody(key, "clerk", ledger.seq());
    const r = await http.call("intake", "POST", "/api/v1/cases", {
      token: tokens.clerk,
      body,
      headers: { "Idempotency-Key": key },
    });
    if (r.kind !== "response" || r.status !== 201)
      throw new Error(`set-up intake failed: ${JSON.stringify(r)}`);
    const entry: IntakeEntry = {
      key,
      user: "clerk",
      summary: body.summary,
      acked: { id: Number(r.body.id), number: String(r.body.number), status: 201, epoch: 0 },
      unanswered: false,
      replays: 0,
      conflictingBodies: 0,
    };
    ledger.intakes.push(entry);
    let d = { ...(r.body as object), id: entry.acked!.id, version: Number(r.body.version) } as CaseDetail;
    const step = async (
      action: string,
      extra: (d: CaseDetail) => Record<string, unknown>,
      tag: string | null,
    ) => {
      const res = await act(ctx, "clerk", d.id, action, { version: d.version, ...extra(d) }, tag);
      if (!res.detail)
        throw new Error(`set-up ${action} on #${d.id} failed: ${JSON.stringify(http.failures.at(-1))}`);
      d = res.detail;
    };
    await step("accept", () => ({}), null);
    await step(
      "record-consent",
      (k) => ({ noticeGivenOn: today, consents: k.parties.map((p) => ({ partyId: p.id, consented: true })) }),
      null,
    );
    // The first assignment ends no one, so its event carries no free text: it is checked by its version.
    await step(
      "assign",
      () => ({
        mediators: [
          { mediatorId: mediators.lead, role: "lead" },
          { mediatorId: mediators.co[0], role: "co" },
        ],
      }),
      null,
    );
    ctx.shared.push(d.id);
  }
  console.log(`shared cases: ${ctx.shared.map((id) => `#${id}`).join(" ")}`);

  /* ------------------------------------------------- a second connection reading during the load */
  const loadStart = performance.now();
  const t0 = http.elapsed();
  const monitor: Knex = createKnex(database);
  const monitorStats = { reads: 0, errors: [] as string[] };
  let monitoring = true;
  const watch = (async () => {
    let lastPrint = 0;
    while (monitoring) {
      try {
        const row = await monitor("cases").count({ n: "*" }).first();
        monitorStats.reads++;
        if (http.elapsed() - t0 - lastPrint >= 5) {
          lastPrint = http.elapsed() - t0;
          const acked = ledger.actions.filter((o) => o.outcome === "acked").length;
          const conflicts = ledger.actions.filter((o) => o.outcome === "conflict").length;
          console.log(
            `  t=${lastPrint.toFixed(0)}s cases=${Number(row?.n)} actions acked=${acked} 409=${conflicts} failures=${http.failureCount}${state.down ? " (server down)" : ""}`,
          );
        }
      } catch (err) {
        monitorStats.errors.push((err as Error).message);
      }
      await sleep(250);
    }
  })();

  /* ----------------------------------------------------------------------------- the load itself */
  const intakeClients = Math.max(1, Math.round(CLIENTS * 0.35));
  const actionClients = CLIENTS - intakeClients;
  const intakeUsers: UserName[] = ["clerk", "clerk2", "director"];
  const actionUsers: UserName[] = ["director", "mediator", "clerk"];
  ctx.deadline = loadStart + SECONDS * 1000;
  let killedAt: number | null = null;
  let restartMs: number | null = null;
  const killer = (async () => {
    if (KILL_AT <= 0 || KILL_AT >= 1) return;
    await sleep(SECONDS * 1000 * KILL_AT);
    state.down = true;
    state.epoch++;
    killedAt = http.elapsed() - t0;
    if (KILL_WORKER) {
      console.log(`  t=${killedAt.toFixed(1)}s SIGKILL to one of ${WORKERS} workers`);
      restartMs = await server.killWorker();
    } else {
      await server.kill();
      console.log(`  t=${killedAt.toFixed(1)}s SIGKILL; restarting on the same database`);
      restartMs = await server.start();
    }
    state.down = false;
    console.log(`  restarted in ${restartMs.toFixed(0)} ms`);
  })();
  console.log(`load: ${intakeClients} intake clients, ${actionClients} action clients, ${SECONDS} s`);
  await Promise.all([
    ...Array.from({ length: intakeClients }, (_, i) =>
      intakeWorker(ctx, intakeUsers[i % intakeUsers.length]!),
    ),
    ...Array.from({ length: actionClients }, (_, i) =>
      actionWorker(ctx, actionUsers[i % actionUsers.length]!),
    ),
    killer,
  ]);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  monitoring = false;
  await watch;
  await monitor.destroy();
  await server.stop();

  /* ------------------------------------------------------------------------------------- checks */
  const knex = createKnex(database);
  const checks: Check[] = await checkDatabase(knex, ledger, ctx.shared, users, {
    killed: killedAt !== null,
    restartMs,
  });
  const add = (name: string, problems: string[], detail: string) =>
    checks.push({ name, ok: problems.length === 0, detail, problems: problems.slice(0, 10) });

  const statuses = (kind: Kind) => http.summary(kind)?.statuses ?? {};
  const fiveHundreds = [...http.stats.keys()].reduce(
    (n, k) => n + Object.entries(statuses(k)).reduce((m, [s, c]) => m + (Number(s) >= 500 ? c : 0), 0),
    0,
  );
  const serverErrors = server.grep(/request failed|SQLITE_BUSY|deadlock|Unhandled|uncaught/i);
  add(
    "every answer was the expected one: no 5xx, no timeout, no lost connection outside the kill",
    http.failures.map((f) => `[${f.kind} t=${f.at}s] ${f.what}`),
    `${http.failureCount} failures, ${fiveHundreds} × 5xx, ${serverErrors.length} error lines in the server log`,
  );
  if (database.client === "sqlite") {
    const mode = (await knex.raw("PRAGMA journal_mode")) as { journal_mode: string }[];
    const busy = (await knex.raw("PRAGMA busy_timeout")) as Record<string, number>[];
    const timeout = Number(Object.values(busy[0] ?? {})[0]);
    const busyLines = server.grep(/SQLITE_BUSY|database is locked/);
    add(
      "SQLite: WAL, a busy timeout, and no write ever failed with SQLITE_BUSY",
      [
        ...(mode[0]?.journal_mode === "wal" ? [] : [`journal_mode is ${mode[0]?.journal_mode}`]),
        ...(timeout > 0 ? [] : ["busy_timeout is 0"]),
        ...busyLines.slice(0, 5),
        ...monitorStats.errors.slice(0, 5).map((e) => `reader: ${e}`),
      ],
      `journal_mode=${mode[0]?.journal_mode}, busy_timeout=${timeout} ms; ${busyLines.length} SQLITE_BUSY in the server log; ` +
        `a second connection read ${monitorStats.reads} times during the load (${monitorStats.errors.length} errors)`,
    );
  } else if (monitorStats.errors.length) {
    add("a second connection read during the load", monitorStats.errors, `${monitorStats.reads} reads`);
  }
  await knex.destroy();

  /* ------------------------------------------------------------------------------------ results */
  const ackedIntakes = ledger.intakes.filter((e) => e.acked).length;
  const ackedActions = ledger.actions.filter((o) => o.outcome === "acked").length;
  const conflicts = ledger.actions.filter((o) => o.outcome === "conflict").length;
  const line = (kind: Kind, label: string) => {
    const s = http.summary(kind);
    if (!s) return null;
    const codes = Object.entries(s.statuses)
      .map(([code, n]) => `${n} × ${code}`)
      .join(", ");
    const lost = s.killWindowErrors ? `, ${s.killWindowErrors} unanswered in the kill window` : "";
    return {
      item: label,
      value: `${s.requests} requests: ${codes || "none answered"}${lost}; p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms`,
      result: http.failuresByKind.get(kind) ? `${http.failuresByKind.get(kind)} failures` : "ok",
    };
  };
  const writes = http.latencies(["intake", "intake-retry", "intake-duplicate", "action"]);
  const reads = http.latencies(["read"]);
  const pct = (sorted: number[], p: number) =>
    sorted.length
      ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1)
      : "-";
  const rows: Record<string, string | number>[] = [
    {
      item: "set-up",
      value: `${pg ? "PostgreSQL (temporary database)" : "SQLite (temporary file, WAL)"}; ${WORKERS} server process${WORKERS > 1 ? "es (node:cluster)" : ""}; ${CLIENTS} clients (${intakeClients} intake, ${actionClients} actions on ${SHARED_CASES} shared cases); ${loadSeconds.toFixed(1)} s`,
      result: "",
    },
    ...[
      line("intake", "POST /cases (new key)"),
      line("intake-retry", "POST /cases (same key again: replay, or retry after the kill)"),
      line("intake-duplicate", "POST /cases (same key twice at once)"),
      line("intake-conflicting-body", "POST /cases (same key, other body: 409)"),
      line("action", "POST /cases/{id}/actions/{action}"),
      line("read", "GET /cases/{id}"),
    ].filter((r): r is NonNullable<typeof r> => r !== null),
    {
      item: "acknowledged writes",
      value: `${ackedIntakes} cases + ${ackedActions} actions = ${ackedIntakes + ackedActions} (${((ackedIntakes + ackedActions) / loadSeconds).toFixed(1)} writes/s); ${conflicts} × 409 stale version`,
      result: "",
    },
    {
      item: "latency",
      value: `writes p50 ${pct(writes, 50)} ms, p99 ${pct(writes, 99)} ms; reads p50 ${pct(reads, 50)} ms, p99 ${pct(reads, 99)} ms`,
      result: "",
    },
    {
      item: KILL_WORKER ? "SIGKILL of one worker and its replacement" : "SIGKILL and restart",
      value:
        killedAt !== null && KILL_WORKER
          ? `one of ${WORKERS} workers killed at ${Number(killedAt).toFixed(1)} s, its replacement serving after ${Number(restartMs).toFixed(0)} ms; the other kept serving`
          : killedAt !== null
            ? `killed at ${Number(killedAt).toFixed(1)} s, up again after ${Number(restartMs).toFixed(0)} ms (first start ${startMs.toFixed(0)} ms)`
            : "not killed",
      result: "",
    },
    ...checks.map((c) => ({ item: `check: ${c.name}`, value: c.detail, result: c.ok ? "PASS" : "FAIL" })),
  ];
  writeResults(`${pg ? "load-postgres" : "load"}${WORKERS > 1 ? `-workers${WORKERS}` : ""}`, rows, {
    workers: WORKERS,
    killed: KILL_WORKER ? "one worker" : "the server",
    database: pg ? "postgres" : "sqlite",
    seconds: SECONDS,
    clients: CLIENTS,
    sharedCases: SHARED_CASES,
    killAt: KILL_AT,
    killedAtSeconds: killedAt,
    restartMs,
    requests: Object.fromEntries([...http.stats.keys()].map((k) => [k, http.summary(k)])),
    acknowledged: { cases: ackedIntakes, actions: ackedActions, conflicts },
    checks: checks.map(({ name, ok, detail, problems }) => ({ name, ok, detail, problems })),
  });
  for (const c of checks.filter((x) => !x.ok)) {
    console.log(`FAIL ${c.name}\n  ${c.problems.join("\n  ")}`);
  }
  if (serverErrors.length) console.log(`server log:\n  ${serverErrors.slice(0, 5).join("\n  ")}`);
  exitCode = checks.every((c) => c.ok) ? 0 : 1;
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  await server.stop().catch(() => {});
  await tmp.cleanup();
}
process.exit(exitCode);
