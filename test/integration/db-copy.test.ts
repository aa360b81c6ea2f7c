/**
 * `npm run db:copy` (src/db/copy/): a SQLite database with the demo county, two years of past
 * disputes and cases taken through their life by the real services, copied into a new
 * PostgreSQL database. Every table has the same rows, field by field; the statistics answer the
 * same on both; new cases get new ids. The source is always SQLite and the target PostgreSQL, so
 * the copy runs once, in the PostgreSQL project; the SQLite project's run checks the refusals
 * (a target with data, another application's database, a source at another migration level).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import knexFactory, { type Knex } from "knex";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig, type DatabaseConfig } from "../../src/config.js";
import { REBUILT_TABLES } from "../../src/cases/search-rebuild.js";
import {
  copyDatabase as copyWith,
  CopyRefusedError,
  SKIPPED_TABLES,
  type CopyOptions,
  type CopyReport,
} from "../../src/db/copy/index.js";
import { createKnex } from "../../src/db/knex.js";
import { migrateLatest } from "../../src/db/migrations.js";
import { seedDemoHistory } from "../../src/demo/history.js";
import { DEMO_USERS, seedDemo } from "../../src/demo/seed.js";
import { createLogger } from "../../src/logger.js";
import { checkAggregates } from "../../src/reports/check.js";
import { statsJson } from "../../src/reports/json.js";
import { GROUP_BYS } from "../../src/reports/service.js";
import { createServices, type Services } from "../../src/services.js";
import { intakeBody, organisation, person, TestClock } from "../support/cases.js";
import { PG_ADMIN_URL, pgUrl, TMP_DIR } from "../support/paths.js";

/** As the CLI copies: with the case search index built again by its own feature's code. */
const copyDatabase = (options: CopyOptions) => copyWith({ rebuilt: REBUILT_TABLES, ...options });

type Row = Record<string, unknown>;

const dialect = inject("dialect");
const TODAY = "2026-11-23";
const clock = new TestClock(TODAY);

/* ------------------------------------------------------------------ helpers */

function sqliteFile(name: string): DatabaseConfig & { client: "sqlite" } {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  return {
    client: "sqlite",
    filename: path.join(TMP_DIR, `copy-${name}-${process.pid}-${randomBytes(4).toString("hex")}.db`),
  };
}

function removeSqlite(db: DatabaseConfig): void {
  if (db.client !== "sqlite") return;
  for (const ext of ["", "-wal", "-shm"]) fs.rmSync(db.filename + ext, { force: true });
}

/** A new, empty PostgreSQL database (dropped by `drop`). */
async function createPgDatabase(): Promise<{ config: DatabaseConfig; name: string; drop(): Promise<void> }> {
  const name = `fq_t_copy_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = knexFactory({ client: "pg", connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  return {
    name,
    config: { client: "postgres", connectionString: pgUrl(name) },
    drop: async () => {
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

function servicesOn(knex: Knex, database: DatabaseConfig): Services {
  return createServices(
    knex,
    clock,
    { ...loadConfig({ NODE_ENV: "test" }), database },
    createLogger("silent"),
  );
}

/** The session user of a username; the handle comes beside the services, which expose none. */
async function userNamed(s: Services, knex: Knex, username: string) {
  const row = (await knex("users").where({ username }).first()) as Row;
  return (await s.auth.sessionUser(Number(row.id)))!;
}

async function count(knex: Knex, table: string): Promise<number> {
  return Number(((await knex(table).count({ n: "*" }).first()) as Row).n);
}

async function appTablesOnPg(knex: Knex): Promise<string[]> {
  const r = (await knex.raw(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'knex_%'`,
  )) as { rows: Row[] };
  return r.rows.map((x) => String(x.name)).sort();
}

/** A row as text, whatever the dialect: booleans as 1/0, numbers and bigints as their digits. */
function canonical(row: Row): string {
  const norm = (v: unknown) =>
    v === null || v === undefined ? null : typeof v === "boolean" ? (v ? "1" : "0") : String(v);
  return JSON.stringify(
    Object.keys(row)
      .sort()
      .map((k) => [k, norm(row[k])]),
  );
}

/** Every copied table holds the same rows on both sides, field by field (the search index is rebuilt). */
async function expectSameRows(src: Knex, dst: Knex): Promise<void> {
  for (const table of await appTablesOnPg(dst)) {
    if (table in SKIPPED_TABLES || table in REBUILT_TABLES) continue;
    const a = ((await src(table).select("*")) as Row[]).map(canonical).sort();
    const b = ((await dst(table).select("*")) as Row[]).map(canonical).sort();
    expect(b, table).toEqual(a);
  }
}

/** A demo database on SQLite with history and cases through their life; returns the case deleted last. */
async function buildSource(knex: Knex, s: Services): Promise<{ deletedCaseId: number }> {
  await migrateLatest(knex);
  await seedDemo(knex, clock);
  await seedDemoHistory(knex, clock);
  const clerk = await userNamed(s, knex, "clerk");
  const mediator = await userNamed(s, knex, "mediator");
  const lead = Number(((await knex("mediators").where({ name: "王德明" }).first()) as Row).id);
  const act = async (user: typeof clerk, id: number, action: string, body: Row = {}) => {
    const { version } = await s.cases.get(user, id);
    return s.cases.act(user, id, action, { version, ...body });
  };

  // A written agreement, one obligation performed, a follow-up visit.
  const { detail: a } = await s.cases.intake(clerk, intakeBody(), "copy-test-key-1");
  await act(clerk, a.id, "accept");
  await act(clerk, a.id, "record-consent", {
    noticeGivenOn: TODAY,
    consents: a.parties.map((p) => ({ partyId: p.id, consented: true })),
  });
  await act(clerk, a.id, "assign", { mediators: [{ mediatorId: lead, role: "lead" }] });
  await act(mediator, a.id, "record-session", {
    heldAt: "2026-11-23T01:00:00.000Z",
    placeKind: "office",
    place: "北洲村人民调解室",
    isPublic: false,
    closedReason: "涉及个人隐私",
    attendees: [{ name: "王德明", role: "调解员" }],
    record: "经调解双方达成协议。",
    outcome: "agreement",
  });
  const applicant = a.parties.find((p) => p.side === "applicant")!;
  const respondent = a.parties.find((p) => p.side === "respondent")!;
  await act(mediator, a.id, "record-agreement", {
    form: "written",
    facts: "双方因排水沟堵塞发生纠纷。",
    disputedMatters: "损失赔偿数额。",
    responsibilities: "被申请人负主要责任。",
    terms: "被申请人疏通排水沟并赔偿申请人损失。",
    obligations: [
      {
        obligor: respondent.id,
        obligee: applicant.id,
        content: "疏通排水沟",
        manner: "自行疏通",
        place: "两家宅旁排水沟",
        dueOn: "2026-11-30",
      },
      {
        obligor: respondent.id,
        obligee: applicant.id,
        content: "赔偿损失",
        amountFen: 130050,
        manner: "现金支付",
        place: "北洲村人民调解室",
        dueOn: "2026-12-31",
      },
    ],
    signedOn: TODAY,
    signatures: a.parties.map((p) => ({ partyId: p.id, signedOn: TODAY, method: "sign" })),
    mediatorSignedOn: TODAY,
    sealedOn: TODAY,
  });
  await act(mediator, a.id, "record-performance", { obligationIndex: 0, performedOn: TODAY });
  await act(mediator, a.id, "follow-up", {
    visitedOn: TODAY,
    method: "phone",
    performed: "partly",
    satisfaction: "satisfied",
  });

  // An organisation with an agent, registered only; and one registered, then deleted.
  await s.cases.intake(
    clerk,
    intakeBody({
      typeCode: "contract",
      parties: [
        person("applicant", "刘顺", { agent: { name: "刘小顺", phone: "13907339999" } }),
        organisation("respondent", "株洲市渌口区顺达建材有限公司"),
      ],
    }),
  );
  const { detail: gone } = await s.cases.intake(clerk, intakeBody({ summary: "登记错误，已删除的纠纷。" }));
  await knex("cases").where({ id: gone.id }).delete();

  // What must not move: a login session and an API token.
  await s.auth.issueToken(clerk.id);
  await knex("sessions").insert({
    sid: "copy-test-session",
    sess: JSON.stringify({ a: 1 }),
    expired: "2099-01-01",
  });
  return { deletedCaseId: gone.id };
}

/* ------------------------------------------------------------------ the copy (PostgreSQL project) */

describe.runIf(dialect === "postgres")("copying a SQLite database into an empty PostgreSQL one", () => {
  const source = sqliteFile("source");
  let target: Awaited<ReturnType<typeof createPgDatabase>>;
  let src: Knex;
  let dst: Knex;
  let report: CopyReport;
  let deletedCaseId: number;
  const lines: string[] = [];

  beforeAll(async () => {
    src = createKnex(source);
    ({ deletedCaseId } = await buildSource(src, servicesOn(src, source)));
    target = await createPgDatabase();
    report = await copyDatabase({ from: source, to: target.config, log: (l) => lines.push(l) });
    dst = createKnex(target.config);
  }, 180_000);

  afterAll(async () => {
    await src?.destroy();
    await dst?.destroy();
    await target?.drop();
    removeSqlite(source);
  });

  it("copies every table but sessions and API tokens, with as many rows on both sides", async () => {
    expect(report).toMatchObject({ ok: true, triggers: "disabled", method: "copy" });
    const tables = await appTablesOnPg(dst);
    expect(report.tables.map((t) => t.table).sort()).toEqual(tables);
    expect(tables).toContain("cases");
    for (const table of tables) {
      const onSource = await count(src, table);
      const onTarget = await count(dst, table);
      if (table in SKIPPED_TABLES) {
        expect(onSource, table).toBeGreaterThan(0);
        expect(onTarget, table).toBe(0);
      } else {
        expect(onTarget, table).toBe(onSource);
        expect(report.tables.find((t) => t.table === table)).toMatchObject({
          source: onSource,
          target: onTarget,
        });
      }
    }
    // Something worth copying: history, the service-made case's children, pending statistics marks.
    for (const table of [
      "cases",
      "parties",
      "case_events",
      "agreements",
      "agreement_signatures",
      "obligations",
    ]) {
      expect(await count(dst, table), table).toBeGreaterThan(0);
    }
    for (const table of [
      "mediation_sessions",
      "follow_ups",
      "confirmations",
      "idempotency_keys",
      "stats_dirty",
    ]) {
      expect(await count(dst, table), table).toBeGreaterThan(0);
    }
  });

  it("copies every row field by field (booleans, bigints and dates included)", async () => {
    await expectSameRows(src, dst);
    // Spot checks of the conversions: a boolean false and true, a bigint, a date.
    const kase = (await dst("cases").whereNotNull("amount_fen").orderBy("id").first()) as Row;
    expect(typeof kase.prevented_criminal).toBe("boolean");
    const session = (await dst("mediation_sessions").first()) as Row;
    expect(session.is_public).toBe(false);
    expect((await dst("organisations").first()) as Row).toMatchObject({ active: true });
    const ob = (await dst("obligations").where({ amount_fen: 130050 }).first()) as Row;
    expect(ob).toMatchObject({ due_on: "2026-12-31", performed_on: null });
  });

  it("also copies as a user who does not own the tables: INSERTs, parents first, trigger marks replaced", async () => {
    const other = await createPgDatabase();
    const role = `fq_t_copy_role_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = knexFactory({ client: "pg", connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
    const owner = createKnex(other.config);
    try {
      await migrateLatest(owner);
      await admin.raw(`CREATE ROLE ${role} LOGIN`);
      await owner.raw(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}`);
      await owner.raw(`GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
      const url = new URL(pgUrl(other.name));
      url.username = role;
      const r = await copyDatabase({
        from: source,
        to: { client: "postgres", connectionString: url.toString() },
        method: "insert",
        batchRows: 150,
      });
      expect(r).toMatchObject({ ok: true, triggers: "marks-cleared", method: "insert" });
      expect(await count(owner, "stats_dirty")).toBe(await count(src, "stats_dirty"));
      await expectSameRows(src, owner);
    } finally {
      await owner.destroy();
      await other.drop();
      await admin.raw(`DROP ROLE IF EXISTS ${role}`);
      await admin.destroy();
    }
  });

  it("rebuilds the search index: a document for every case, and the same searches find the same cases", async () => {
    expect(report.tables.find((t) => t.table === "case_search")).toMatchObject({
      rebuilt: REBUILT_TABLES.case_search!.label,
    });
    const caseIds = ((await dst("cases").orderBy("id").pluck("id")) as number[]).map(Number);
    expect(((await dst("case_search").orderBy("case_id").pluck("case_id")) as number[]).map(Number)).toEqual(
      caseIds,
    );
    const onSource = servicesOn(src, source);
    const onTarget = servicesOn(dst, target.config);
    const officerS = await userNamed(onSource, src, "officer");
    const officerT = await userNamed(onTarget, dst, "officer");
    const someNumber = String(((await src("cases").orderBy("id", "desc").first()) as Row).number);
    let found = 0;
    for (const q of [
      "刘顺",
      "顺达建材",
      "ls",
      "张",
      "排水沟",
      someNumber.slice(-6),
      "2025",
      "没有这样的纠纷",
    ]) {
      const a = await onSource.cases.list(officerS, { q, pageSize: 100 });
      const b = await onTarget.cases.list(officerT, { q, pageSize: 100 });
      expect(b.total, q).toBe(a.total);
      expect(
        b.items.map((i) => i.id),
        q,
      ).toEqual(a.items.map((i) => i.id));
      found += a.total;
    }
    expect(found).toBeGreaterThan(100);
  });

  it("gives the same statistics on both databases", async () => {
    const onSource = servicesOn(src, source);
    const onTarget = servicesOn(dst, target.config);
    const officerS = await userNamed(onSource, src, "officer");
    const officerT = await userNamed(onTarget, dst, "officer");
    expect(await count(dst, "stats_dirty")).toBeGreaterThan(0); // the first refresh counts them
    const periods = [
      { from: "2025-01-01", to: "2025-12-31" },
      { from: "2026-01-01", to: "2026-12-31" },
      { from: "2024-11-01", to: TODAY },
    ];
    let found = 0;
    for (const period of periods) {
      for (const groupBy of [null, ...GROUP_BYS]) {
        const params = { ...period, groupBy, region: null };
        const a = statsJson(await onSource.stats.stats(officerS, params));
        const b = statsJson(await onTarget.stats.stats(officerT, params));
        expect(b, `${period.from}–${period.to} by ${groupBy}`).toEqual(a);
        if (!groupBy) found += Number(a.totals.found);
      }
    }
    expect(found).toBeGreaterThan(600);
    expect(await count(dst, "stats_dirty")).toBe(0);
    expect(await checkAggregates(dst)).toEqual([]);
  });

  it("hands out new ids after the copy, never one SQLite had used", async () => {
    const s = servicesOn(dst, target.config);
    const clerk = await userNamed(s, dst, "clerk");
    const maxCopied = Number(((await src("cases").max({ m: "id" }).first()) as Row).m);
    expect(deletedCaseId).toBeGreaterThan(maxCopied);
    const { detail } = await s.cases.intake(clerk, intakeBody());
    expect(detail.id).toBe(deletedCaseId + 1);
    expect(detail.parties).toHaveLength(2);
    // The stats triggers are back on: the new case is marked for the next refresh.
    expect(await dst("stats_dirty").where({ case_id: detail.id })).not.toHaveLength(0);
    // Every other sequence is past its table's largest id too.
    const seqs = (await dst.raw(
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%' AND table_name NOT LIKE 'knex_%'`,
    )) as { rows: { t: string; c: string }[] };
    expect(seqs.rows.length).toBeGreaterThan(15);
    for (const { t, c } of seqs.rows) {
      const max = Number(((await dst(t).max({ m: c }).first()) as Row).m ?? 0);
      const next = (await dst.raw("SELECT nextval(pg_get_serial_sequence(?, ?)) AS n", [t, c])) as {
        rows: Row[];
      };
      expect(Number(next.rows[0]!.n), t).toBeGreaterThan(max);
    }
  });

  it("refuses to copy again into the database it filled", async () => {
    const before = await count(dst, "cases");
    await expect(copyDatabase({ from: source, to: target.config })).rejects.toThrow(
      /目标数据库已有数据（.*cases \d+ 行/,
    );
    expect(await count(dst, "cases")).toBe(before);
  });
});

/* ------------------------------------------------------------------ refusals (SQLite project) */

describe.runIf(dialect === "sqlite")("refusing to copy", () => {
  const source = sqliteFile("small");
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const knex = createKnex(source);
    await migrateLatest(knex);
    await seedDemo(knex, clock);
    await knex.raw("PRAGMA wal_checkpoint(TRUNCATE)");
    await knex.destroy();
  }, 60_000);

  afterAll(async () => {
    for (const c of cleanups) await c();
    removeSqlite(source);
  });

  async function pgDatabase() {
    const db = await createPgDatabase();
    cleanups.push(db.drop);
    return db;
  }

  it("refuses a target where the application already started (users, regions…)", async () => {
    const target = await pgDatabase();
    const knex = createKnex(target.config);
    try {
      await migrateLatest(knex);
      await seedDemo(knex, clock);
      const error = await copyDatabase({ from: source, to: target.config }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CopyRefusedError);
      expect((error as Error).message).toMatch(
        new RegExp(`目标数据库已有数据（.*users ${DEMO_USERS.length} 行`),
      );
      expect((error as Error).message).toMatch(/请新建一个空库/);
      expect(await count(knex, "users")).toBe(DEMO_USERS.length);
      expect(await count(knex, "regions")).toBeGreaterThan(0);
    } finally {
      await knex.destroy();
    }
  });

  it("refuses another application's database and creates nothing in it", async () => {
    const target = await pgDatabase();
    const knex = createKnex(target.config);
    try {
      await knex.raw("CREATE TABLE invoices (id integer primary key)");
      await expect(copyDatabase({ from: source, to: target.config })).rejects.toThrow(
        /已有其他表（invoices）/,
      );
      expect(await appTablesOnPg(knex)).toEqual(["invoices"]);
    } finally {
      await knex.destroy();
    }
  });

  it("refuses a source at another migration level, and a target that is not PostgreSQL", async () => {
    const older = sqliteFile("older");
    fs.copyFileSync(source.filename, older.filename);
    const knex = createKnex(older);
    const last = (await knex("knex_migrations").orderBy("id", "desc").first()) as Row;
    await knex("knex_migrations").where({ id: last.id }).delete();
    await knex.destroy();
    try {
      const target = await pgDatabase();
      await expect(copyDatabase({ from: older, to: target.config })).rejects.toThrow(
        new RegExp(`源数据库的迁移版本比本程序旧，缺少迁移：${String(last.name)}`),
      );
      // The target was only migrated: it can take a good copy afterwards.
      const report = await copyDatabase({ from: source, to: target.config });
      expect(report.ok).toBe(true);
      expect(report.tables.find((t) => t.table === "users")).toMatchObject({
        source: DEMO_USERS.length,
        target: DEMO_USERS.length,
      });
      await expect(copyDatabase({ from: source, to: source })).rejects.toThrow(/目标数据库必须是 PostgreSQL/);
    } finally {
      removeSqlite(older);
    }
  }, 60_000);

  it("the command exits with 1 and says why in Chinese", async () => {
    const target = await pgDatabase();
    const knex = createKnex(target.config);
    await knex.raw("CREATE TABLE invoices (id integer primary key)");
    await knex.destroy();
    const run = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/db-copy.ts",
        "--from",
        `sqlite:${source.filename}`,
        "--to",
        pgUrl(target.name),
      ],
      { encoding: "utf8", env: { ...process.env, DATABASE_URL: "" } },
    );
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/未复制：目标数据库不是空库/);
  }, 60_000);
});
