import { fork } from "node:child_process";
import fs from "node:fs";
import inspector from "node:inspector/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createKnex } from "../src/db/knex.js";
import { migrateLatest } from "../src/db/migrations.js";
import { seedDemoHistory } from "../src/demo/history.js";
import { DEMO_PASSWORD, seedDemo } from "../src/demo/seed.js";
import { createLogger } from "../src/logger.js";
import { createServices } from "../src/services.js";
import { buildBusyCase, StatementLog, tableOf, tokenFor } from "../test/support/busy-case.js";
import { RESULTS_DIR } from "./_support.js";

/**
 * Where the milliseconds of one case page go (issue 21). A server process (this file, forked with
 * --serve) on a fresh SQLite demo database (the demo county and its 640 past disputes) plus the
 * busy case of test/support/busy-case.ts; the parent logs in as the clerk and sends
 * GET /cases/{id} with autocannon while the server profiles itself (node:inspector) and counts
 * its SQL statements. Writes bench/results/case-page-profile.json (statements by table, the top
 * self-time functions, the time by package) and bench/.data/case-page.cpuprofile (open it in
 * Chrome DevTools or speedscope).
 *
 *   npm run bench -- --only case-page-profile [--seconds 10] [--connections 8]
 */
const { values: args } = parseArgs({
  options: {
    serve: { type: "boolean", default: false },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "8" },
  },
  strict: false,
});
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package (or src/ folder) a script URL belongs to. */
function ownerOf(url: string): string {
  if (!url) return "(native / GC / idle)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return "node core";
  const src = url.indexOf("/src/");
  if (src >= 0) return `src/${url.slice(src + 5).split("/")[0]}`;
  return url;
}

function summarise(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++)
    self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fns = new Map<string, number>();
  const owners = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = url ? `${url.replace(/^.*\/(node_modules|src)\//, "$1/")}:${lineNumber + 1}` : "";
    const key = `${functionName || "(anonymous)"} ${where}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us);
    const owner = ["(idle)", "(program)", "(garbage collector)"].includes(functionName)
      ? functionName
      : ownerOf(url);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
  }
  const pct = (us: number) => Number(((100 * us) / total).toFixed(1));
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), pct: pct(us) }));
  return { sampledMs: Math.round(total / 1000), topFunctions: top(fns, 30), byOwner: top(owners, 25) };
}

/* ------------------------------------------------------------------ the server (child) */

async function serve(): Promise<void> {
  const file = path.join(root, "bench", ".data", "case-page-profile.db");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (const ext of ["", "-wal", "-shm"]) fs.rmSync(file + ext, { force: true });
  let now = new Date("2026-09-01T01:00:00Z");
  const clock = { now: () => new Date(now) };
  const database = { client: "sqlite" as const, filename: file };
  const knex = createKnex(database);
  await migrateLatest(knex);
  await seedDemo(knex, clock);
  await seedDemoHistory(knex, clock);
  process.env.NODE_ENV = "production"; // Express's view cache, as in production
  const config = {
    ...loadConfig({ NODE_ENV: "production", SESSION_SECRET: "profile-secret-profile-secret-profile" }),
    database,
    cookieSecure: false,
    loginRateLimit: { max: 100_000, windowMs: 60_000 },
    apiTokenHours: 24 * 365,
  };
  const services = createServices(knex, clock, config, createLogger("silent"));
  await services.calendar.load();
  const app = createApp(services);
  const tokens = { clerk: await tokenFor(app, "clerk"), mediator: await tokenFor(app, "mediator") };
  const id = await buildBusyCase(app, knex, tokens, 1, (iso) => (now = new Date(iso)));
  now = new Date("2026-09-01T09:00:00Z");
  const log = new StatementLog(knex);
  const server = app.listen(0, () => {
    const port = (server.address() as { port: number }).port;
    process.send!({ url: `http://127.0.0.1:${port}`, id });
  });
  const session = new inspector.Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  let sql: string[] = [];
  process.on("message", (msg: { do: string; requests?: number }) => {
    void (async () => {
      if (msg.do === "count") {
        sql = await log.count(() => new Promise((r) => process.once("message", r)));
      }
      if (msg.do === "start") await session.post("Profiler.start");
      if (msg.do === "stop") {
        const { profile } = (await session.post("Profiler.stop")) as { profile: Profile };
        fs.writeFileSync(path.join(path.dirname(file), "case-page.cpuprofile"), JSON.stringify(profile));
        const byTable = new Map<string, number>();
        for (const s of sql) byTable.set(tableOf(s), (byTable.get(tableOf(s)) ?? 0) + 1);
        // The database is scratch: exit once the answer is sent, requests autocannon cut off and all.
        process.send!(
          { profile: summarise(profile), statements: sql, byTable: Object.fromEntries(byTable) },
          () => process.exit(0),
        );
      }
    })();
  });
}

/* ------------------------------------------------------------------ the driver (parent) */

async function drive(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve"], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = <T>() => new Promise<T>((r) => child.once("message", (m) => r(m as T)));
  const { url, id } = await next<{ url: string; id: number }>();
  const page = await fetch(`${url}/login`);
  let cookie = (page.headers.getSetCookie()[0] ?? "").split(";")[0]!;
  const csrf = (await page.text()).match(/name="_csrf" value="([^"]+)"/)![1]!;
  const login = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrf, username: "clerk", password: DEMO_PASSWORD, next: "/" }),
  });
  if (login.status !== 303) throw new Error(`login: ${login.status}`);
  cookie = (login.headers.getSetCookie()[0] ?? cookie).split(";")[0]!;
  const target = `${url}/cases/${id}`;
  const get = () => fetch(target, { headers: { cookie } });
  for (let i = 0; i < 20; i++) await (await get()).text(); // warm: views, calendar, JIT
  // One request on its own, its statements counted.
  child.send({ do: "count" });
  await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  const one = await get();
  const bytes = Buffer.byteLength(await one.text());
  const singleMs = performance.now() - t0;
  child.send({ do: "counted" });
  const opts = {
    url: target,
    headers: { cookie },
    connections: Number(args.connections),
    duration: Number(args.seconds),
  };
  child.send({ do: "start" });
  const result = await autocannon(opts);
  const done = next<{ profile: ReturnType<typeof summarise>; statements: string[]; byTable: object }>();
  child.send({ do: "stop" });
  const { profile, statements, byTable } = await done;
  const summary = {
    at: new Date().toISOString(),
    casePage: target.replace(url, ""),
    status: one.status,
    bytes,
    singleRequestMs: Number(singleMs.toFixed(1)),
    load: {
      connections: opts.connections,
      seconds: opts.duration,
      requests: result.requests.total,
      reqPerSec: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
    },
    statementsPerRequest: statements.length,
    byTable,
    statements,
    cpuPerRequestMs: Number((profile.sampledMs / Math.max(1, result.requests.total)).toFixed(2)),
    ...profile,
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, "case-page-profile.json"), JSON.stringify(summary, null, 2));
  console.log(JSON.stringify({ ...summary, statements: undefined }, null, 2));
}

if (args.serve) await serve();
else await drive();
