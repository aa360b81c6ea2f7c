import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import knexFactory, { type Knex } from "knex";
import { beijingDate } from "../src/shared/dates.js";
import { caseBase, whereVisible } from "../src/cases/repository.js";
import { parseDatabaseUrl, type DatabaseConfig } from "../src/config.js";
import { createKnex, isPostgres } from "../src/db/knex.js";
import { migrateLatest } from "../src/db/migrations.js";
import { DEMO_PASSWORD, seedDemo } from "../src/demo/seed.js";
import { AuthService } from "../src/people/auth.js";
import { scopeFor } from "../src/people/scope.js";
import { percentile, writeResults } from "./_support.js";
import { generateCounty } from "./_synthetic.js";

/**
 * The server under load: a synthetic county of N disputes (bench/_synthetic.ts), the real server
 * started as it runs in production (NODE_ENV=production, view cache on, logs at warn), driven
 * over HTTP with autocannon, logged in as each role would be. Two baselines in the same run: a
 * bare Express + Handlebars page of the case page's size (the framework's ceiling) and the list
 * query's own SQL run straight on the database (the database's floor).
 *
 *   npm run bench -- --only http                         100,000 cases, SQLite
 *   npm run bench -- --only http --cases 1000000         a million
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/fq_bench npm run bench -- --only http --instances 2
 *   npm run bench -- --only http --pg --cases 1000000 --instances 2   (a database fq_bench_1000000)
 *   … --generate-only                                    build the database and stop
 *
 * The SQLite database is kept under bench/.data/ (the PostgreSQL one where DATABASE_URL points)
 * and reused by later runs with the same --cases; --fresh builds it again.
 */
const { values: args } = parseArgs({
  options: {
    cases: { type: "string", default: "100000" },
    mediators: { type: "string", default: "5000" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "8" },
    instances: { type: "string", default: "1" },
    // Server processes per instance (WEB_CONCURRENCY): by default one per core for one instance,
    // one each for several instances (so "2 instances" is two processes, as the cluster's default is).
    workers: { type: "string" },
    fresh: { type: "boolean", default: false },
    scenario: { type: "string" },
    pg: { type: "boolean", default: false },
    "generate-only": { type: "boolean", default: false },
  },
  strict: false,
});
const CASES = Number(args.cases);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const INSTANCES = Number(args.instances);
const WORKERS = args.workers ? Number(args.workers) : INSTANCES > 1 ? 1 : os.availableParallelism();
const PROCESSES = INSTANCES * WORKERS;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const log = (line: string) => console.log(line);

/* ------------------------------------------------------------------ the database */

let database: DatabaseConfig;
const envUrl = process.env.DATABASE_URL;
if (envUrl?.startsWith("postgres")) database = parseDatabaseUrl(envUrl);
else if (args.pg) {
  const admin = process.env.FQ_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const name = `fq_bench_${CASES}`;
  const k = knexFactory({ client: "pg", connection: admin, pool: { min: 0, max: 1 } });
  const exists = await k.raw("SELECT 1 FROM pg_database WHERE datname = ?", [name]);
  if (args.fresh && exists.rows.length) await k.raw(`DROP DATABASE ${name} WITH (FORCE)`);
  if (args.fresh || !exists.rows.length) await k.raw(`CREATE DATABASE ${name}`);
  await k.destroy();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  database = { client: "postgres", connectionString: url.toString() };
} else {
  const file = path.join(root, "bench", ".data", `bench-${CASES}.db`);
  if (args.fresh) for (const ext of ["", "-wal", "-shm"]) fs.rmSync(file + ext, { force: true });
  database = { client: "sqlite", filename: file };
}
const dbLabel = database.client === "sqlite" ? "SQLite" : "PostgreSQL";
const today = beijingDate(new Date());
const knex = createKnex(database);
const migrated = await migrateLatest(knex);
const have = Number((await knex("cases").count({ n: "*" }).first())?.n ?? 0);
let generation: Record<string, unknown> | null = null;
if (have === 0) {
  if (!(await knex("users").first())) await seedDemo(knex, { now: () => new Date() });
  log(`Generating ${CASES.toLocaleString("en")} cases on ${dbLabel} …`);
  const summary = await generateCounty(knex, { cases: CASES, mediators: Number(args.mediators), today, log });
  generation = { ...summary };
  log(`  done: ${JSON.stringify(summary)}`);
} else if (have < CASES) {
  throw new Error(`the bench database holds ${have} cases, not ${CASES}: run with --fresh`);
} else log(`Reusing the ${dbLabel} bench database (${have.toLocaleString("en")} cases).`);
// PostgreSQL plans index-only scans from the visibility map: after a bulk load or new migrations
// (indexes, backfills) the tables are vacuumed and analysed, as an operator would after db:copy.
if (isPostgres(knex) && (generation || migrated.length > 0)) {
  const t = performance.now();
  await knex.raw("VACUUM ANALYZE");
  log(`  VACUUM ANALYZE: ${((performance.now() - t) / 1000).toFixed(0)} s`);
}

if (args["generate-only"]) {
  await knex.destroy();
  process.exit(0);
}

/* ------------------------------------------------------------------ servers */

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startProcess(
  script: string,
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      await fetch(`${url}/`, { redirect: "manual" });
      return { url, child };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${script} did not start`);
}

const databaseUrl = database.client === "sqlite" ? `sqlite:${database.filename}` : database.connectionString;
const servers = [];
for (let i = 0; i < INSTANCES; i++)
  servers.push(
    await startProcess("src/server.ts", {
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      SESSION_SECRET: "bench-secret-bench-secret-bench-secret",
      LOG_LEVEL: "warn",
      LOGIN_RATE_LIMIT: "1000",
      WEB_CONCURRENCY: String(WORKERS),
    }),
  );
const base = servers[0]!.url;
const urls = servers.map((s) => s.url);

/* ------------------------------------------------------------------ logging in */

async function webLogin(username: string): Promise<string> {
  const page = await fetch(`${base}/login`);
  const cookie = (page.headers.getSetCookie()[0] ?? "").split(";")[0]!;
  const csrf = (await page.text()).match(/name="_csrf" value="([^"]+)"/)![1]!;
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrf, username, password: DEMO_PASSWORD, next: "/" }),
  });
  if (res.status !== 303) throw new Error(`login as ${username}: ${res.status}`);
  return (res.headers.getSetCookie()[0] ?? cookie).split(";")[0]!;
}

async function apiToken(username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 201) throw new Error(`token for ${username}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

const cookies = {
  clerk: await webLogin("clerk"),
  officer: await webLogin("officer"),
};
const tokens = {
  clerk: await apiToken("clerk"),
  director: await apiToken("director"),
};
const json = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });

/* ------------------------------------------------------------------ what the scenarios use */

const beizhou = Number((await knex("organisations").where({ name: "北洲村人民调解委员会" }).first()).id);
const sample = async (q: Knex.QueryBuilder) =>
  ((await q.limit(200)) as { id: number }[]).map((r) => Number(r.id));
const casePages = await sample(
  knex("cases")
    .where({ organisation_id: beizhou })
    .whereIn("status", ["agreement", "performed", "closed"])
    .orderBy("id", "desc")
    .select("id"),
);
const agreementCases = await sample(
  knex("cases as c")
    .join("agreements as g", "g.case_id", "c.id")
    .where({ "c.organisation_id": beizhou, "g.form": "written", "g.status": "effective" })
    .orderBy("c.id", "desc")
    .select("c.id"),
);
const searchNames = (
  (await knex("parties as p")
    .join("cases as c", "c.id", "p.case_id")
    .where("c.organisation_id", beizhou)
    .orderBy("p.id", "desc")
    .limit(50)
    .select("p.name")) as { name: string }[]
).map((r) => r.name);
const cycle = <T>(list: T[]) => {
  let i = 0;
  return () => list[i++ % list.length]!;
};

/** A case in mediation for each connection of the action scenario, set up through the API. */
async function casesInMediation(n: number): Promise<Map<number, number>> {
  const mediator = Number(
    (
      await knex("mediators as m")
        .join("users as u", "u.id", "m.user_id")
        .where("u.username", "mediator")
        .first("m.id")
    ).id,
  );
  const out = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    let res = await fetch(`${base}/api/v1/cases`, {
      method: "POST",
      headers: json(tokens.clerk),
      body: intakeJson(900_000 + i),
    });
    const kase = (await res.json()) as { id: number; version: number; parties?: { id: number }[] };
    const act = async (token: string, action: string, body: Record<string, unknown>) => {
      res = await fetch(`${base}/api/v1/cases/${kase.id}/actions/${action}`, {
        method: "POST",
        headers: json(token),
        body: JSON.stringify({ version: kase.version, ...body }),
      });
      if (res.status !== 200) throw new Error(`${action}: ${res.status} ${await res.text()}`);
      Object.assign(kase, await res.json());
    };
    await act(tokens.clerk, "accept", {});
    await act(tokens.clerk, "record-consent", {
      noticeGivenOn: today,
      consents: kase.parties!.map((p) => ({ partyId: p.id, consented: true })),
    });
    await act(tokens.clerk, "assign", { mediators: [{ mediatorId: mediator, role: "lead" }] });
    out.set(kase.id, kase.version);
  }
  return out;
}

let serial = 0;
function intakeJson(n: number): string {
  const id = (birth: string, seq: number) => {
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const body = `430212${birth}${String(seq % 1000).padStart(3, "0")}`;
    let s = 0;
    for (let i = 0; i < 17; i++) s += Number(body[i]) * w[i]!;
    return body + "10X98765432"[s % 11];
  };
  return JSON.stringify({
    source: "grid_report",
    typeCode: "neighbourhood",
    summary: "两家因宅旁排水沟堵塞引发争执，申请人要求被申请人疏通并赔偿损失。",
    occurredOn: today,
    regionCode: "430212101201",
    amountFen: 130000,
    peopleInvolved: 2,
    riskLevel: "ordinary",
    parties: [
      {
        side: "applicant",
        kind: "person",
        name: "张建国",
        idNumber: id("19700101", n),
        phone: `1390${String(n).padStart(7, "0")}`,
      },
      {
        side: "respondent",
        kind: "person",
        name: "王桂香",
        idNumber: id("19720202", n + 1),
        phone: `1380${String(n).padStart(7, "0")}`,
      },
    ],
  });
}

// Held "now" (stamped per request): not in the future, and not before a case accepted today.
const sessionFields = () => ({
  heldAt: new Date().toISOString(),
  placeKind: "office",
  place: "北洲村人民调解室",
  isPublic: true,
  attendees: [{ name: "王德明", role: "调解员" }],
  applicantStatement: "要求对方赔偿损失。",
  respondentStatement: "愿意协商解决。",
  proposals: "由被申请人分期赔偿。",
  record: "双方在调解员主持下协商。",
  outcome: "continue",
});

/* ------------------------------------------------------------------ scenarios */

interface Scenario {
  name: string;
  target: string;
  run: () => autocannon.Options;
  expect: number[];
}
type Req = autocannon.Request;
/** Connections are spread over every instance (autocannon takes a list, its types do not say so). */
const target = (INSTANCES > 1 ? urls : base) as string;

const get = (pathFn: () => string, headers: Record<string, string>): autocannon.Options => ({
  url: target,
  connections: CONNECTIONS,
  duration: SECONDS,
  requests: [{ method: "GET", setupRequest: (req: Req) => ({ ...req, path: pathFn(), headers }) }],
});

const nextCase = cycle(casePages);
const nextAgreement = cycle(agreementCases);
const nextName = cycle(searchNames);
const matchCases = cycle(casePages.slice(0, 50));
const scenarios: Scenario[] = [
  {
    name: "case page (clerk)",
    target: "≥ 1/4 of the bare page's req/s, p99 < 50 ms",
    expect: [200],
    run: () => get(() => `/cases/${nextCase()}`, { cookie: cookies.clerk }),
  },
  {
    name: "filtered list (clerk: status + type)",
    target: "p99 < 100 ms",
    expect: [200],
    run: () =>
      get(
        cycle([
          "/cases?status=closed&typeCode=neighbourhood",
          "/cases?status=in_mediation",
          "/cases?typeCode=marriage_family&source=application",
        ]),
        { cookie: cookies.clerk },
      ),
  },
  {
    name: "filtered list (county officer: status + type)",
    target: "p99 < 100 ms",
    expect: [200],
    run: () =>
      get(
        cycle([
          "/cases?status=closed&typeCode=neighbourhood",
          "/cases?status=in_mediation",
          "/cases?typeCode=marriage_family&source=application",
        ]),
        { cookie: cookies.officer },
      ),
  },
  {
    name: "search by party name (clerk)",
    target: "p99 < 100 ms",
    expect: [200],
    run: () => get(() => `/cases?q=${encodeURIComponent(nextName())}`, { cookie: cookies.clerk }),
  },
  {
    name: "intake, POST /api/v1/cases (writes)",
    target: "≥ 300/s, p99 < 100 ms",
    expect: [201],
    run: () => ({
      url: target,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          method: "POST",
          setupRequest: (req: Req) => {
            const n = ++serial;
            return {
              ...req,
              path: "/api/v1/cases",
              headers: { ...json(tokens.clerk), "idempotency-key": `bench-${process.pid}-${n}` },
              body: intakeJson(n),
            };
          },
        },
      ],
    }),
  },
  {
    name: "statistics page (county officer, this year)",
    target: "8 at once: p99 < 300 ms",
    expect: [200],
    run: () => get(() => "/stats", { cookie: cookies.officer }),
  },
  {
    // What one bureau chief waits for when nobody else is asking: the latency the target speaks of.
    name: "statistics page, one request at a time (1 connection)",
    target: "< 300 ms",
    expect: [200],
    run: () => ({ ...get(() => "/stats", { cookie: cookies.officer }), connections: 1 }),
  },
  {
    name: "matching for one case, GET /api/v1/cases/{id}/matches",
    target: "p50 < 60 ms",
    expect: [200],
    run: () =>
      get(() => `/api/v1/cases/${matchCases()}/matches`, { authorization: `Bearer ${tokens.clerk}` }),
  },
  {
    name: "agreement PDF (人民调解协议书)",
    target: "p50 < 60 ms",
    expect: [200],
    run: () => get(() => `/cases/${nextAgreement()}/documents/agreement.pdf`, { cookie: cookies.clerk }),
  },
  // Last: at a million cases a county-wide substring search takes seconds (see the README).
  {
    name: "search by party name (county officer)",
    target: "p99 < 100 ms",
    expect: [200],
    run: () => get(() => `/cases?q=${encodeURIComponent(nextName())}`, { cookie: cookies.officer }),
  },
];

// The action scenario: each request takes a case no other request holds, records a session with
// the version it last saw, and puts the case back with its new version.
const actionCases = await casesInMediation(CONNECTIONS * 2);
const free = [...actionCases.keys()];
scenarios.splice(6, 0, {
  name: "action: record a session (writes)",
  target: "—",
  expect: [200],
  run: () => ({
    url: target,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: "POST",
        setupRequest: (req: Req, ctx: object) => {
          const context = ctx as Record<string, unknown>;
          const id = free.shift()!;
          context.caseId = id;
          return {
            ...req,
            path: `/api/v1/cases/${id}/actions/record-session`,
            headers: json(tokens.director),
            body: JSON.stringify({ version: actionCases.get(id), ...sessionFields() }),
          };
        },
        onResponse: (status: number, body: string, ctx: object) => {
          const context = ctx as Record<string, unknown>;
          const id = Number(context.caseId);
          if (status === 200) actionCases.set(id, (JSON.parse(body) as { version: number }).version);
          free.push(id);
        },
      },
    ],
  }),
});

/* ------------------------------------------------------------------ running */

interface Row {
  [k: string]: string | number;
  scenario: string;
  "req/s": number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  target: string;
}
const rows: Row[] = [];
function record(name: string, r: autocannon.Result, target: string, bad: number) {
  const row: Row = {
    scenario: name,
    "req/s": Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors + r.timeouts + bad,
    target,
  };
  rows.push(row);
  log(`  ${name}: ${row["req/s"]} req/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, errors ${row.errors}`);
}

for (const s of scenarios) {
  if (args.scenario && !s.name.includes(String(args.scenario))) continue;
  const opts = s.run();
  // Warm up (view cache, statement caches, the page cache), then measure.
  await autocannon({ ...opts, duration: 1 });
  let bad = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(opts, (err, r) => (err ? reject(err) : resolve(r)));
    instance.on("response", (_client: unknown, status: number) => {
      if (!s.expect.includes(status)) bad++;
    });
  });
  record(s.name, result, s.target, bad);
}

// Baseline 1: the framework's ceiling, a bare page as large as the case page.
const caseBytes = Buffer.byteLength(
  await (await fetch(`${base}/cases/${casePages[0]}`, { headers: { cookie: cookies.clerk } })).text(),
);
const bare = await startProcess("bench/_bare-server.ts", {
  BARE_BYTES: String(caseBytes),
  WEB_CONCURRENCY: String(PROCESSES),
});
await autocannon({ url: bare.url, connections: CONNECTIONS, duration: 1 });
record(
  `baseline: bare Express + Handlebars page (${Math.round(caseBytes / 1000)} kB, ${PROCESSES} process${PROCESSES > 1 ? "es" : ""})`,
  await autocannon({ url: bare.url, connections: CONNECTIONS, duration: SECONDS }),
  "—",
  0,
);
bare.child.kill();

// Baseline 2: the database's floor, the clerk's filtered list query (count and first page) in SQL.
const clerkUser = (await new AuthService(knex, { now: () => new Date() }, 1).sessionUser(
  Number((await knex("users").where({ username: "clerk" }).first()).id),
))!;
const listQuery = whereVisible(caseBase(knex), clerkUser, scopeFor(clerkUser))
  .where("c.status", "closed")
  .where("c.type_code", "neighbourhood");
const countSql = listQuery.clone().clearSelect().clearOrder().count({ n: "c.id" }).toSQL();
const pageSql = listQuery
  .clone()
  .orderBy("c.registered_on", "desc")
  .orderBy("c.id", "desc")
  .limit(20)
  .toSQL();
const times: number[] = [];
const until = performance.now() + SECONDS * 1000;
while (performance.now() < until) {
  const t = performance.now();
  await knex.raw(countSql.sql, countSql.bindings as Knex.RawBinding[]);
  await knex.raw(pageSql.sql, pageSql.bindings as Knex.RawBinding[]);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
rows.push({
  scenario: "baseline: the clerk's list query in SQL (count + page, one connection)",
  "req/s": Math.round(times.length / SECONDS),
  p50Ms: Number(percentile(times, 50).toFixed(1)),
  p99Ms: Number(percentile(times, 99).toFixed(1)),
  errors: 0,
  target: "—",
});

for (const s of servers) s.child.kill("SIGTERM");
const counts = Object.fromEntries(
  await Promise.all(
    ["cases", "parties", "case_events", "mediators", "mediation_sessions", "agreements"].map(async (t) => [
      t,
      Number((await knex(t).count({ n: "*" }).first())?.n ?? 0),
    ]),
  ),
);
await knex.destroy();
const name = `http-${isPostgres(knex) ? "postgres" : "sqlite"}-${CASES}${INSTANCES > 1 ? `-x${INSTANCES}` : ""}`;
writeResults(name, rows, {
  setup: `${dbLabel}, ${CASES.toLocaleString("en")} cases, ${INSTANCES} instance${INSTANCES > 1 ? "s" : ""} × ${WORKERS} server process${WORKERS > 1 ? "es" : ""} (WEB_CONCURRENCY), ${CONNECTIONS} connections, ${SECONDS} s per scenario`,
  database: dbLabel,
  instances: INSTANCES,
  workersPerInstance: WORKERS,
  connections: CONNECTIONS,
  seconds: SECONDS,
  counts,
  generation,
});
