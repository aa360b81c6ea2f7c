/**
 * Evidence bytes live in the database (src/evidence/), so the two ways a county moves or keeps its
 * database carry them: `npm run backup` (SQLite, VACUUM INTO; run in the SQLite project) and
 * `npm run db:copy` (SQLite into PostgreSQL, by COPY and by INSERT; run in the PostgreSQL project).
 * The files are compared byte for byte, with bytes COPY's text format must escape (NUL, tab,
 * newline, backslash) among them.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import knexFactory, { type Knex } from "knex";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { REBUILT_TABLES } from "../../src/cases/search-rebuild.js";
import { loadConfig, type DatabaseConfig } from "../../src/config.js";
import { backupDatabase } from "../../src/db/backup.js";
import { copyDatabase, type CopyMethod } from "../../src/db/copy/index.js";
import { createKnex } from "../../src/db/knex.js";
import { migrateLatest } from "../../src/db/migrations.js";
import { seedDemo } from "../../src/demo/seed.js";
import { createLogger } from "../../src/logger.js";
import { createServices, type Services } from "../../src/services.js";
import { intakeBody, TestClock } from "../support/cases.js";
import { PG_ADMIN_URL, pgUrl, TMP_DIR } from "../support/paths.js";

type Row = Record<string, unknown>;
const dialect = inject("dialect");
const clock = new TestClock("2026-12-01T09:00:00+08:00");

/** A "PDF" whose body holds every byte value, 0x00 to 0xff, several times. */
const PDF = Buffer.concat([
  Buffer.from("%PDF-1.7\n%"),
  Buffer.from(Array.from({ length: 1024 }, (_, i) => i % 256)),
  Buffer.from("\\\t\r\n\\N\n%%EOF\n"),
]);
/** A small PNG (1×1, red). */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
  "base64",
);

function tmpSqlite(name: string): DatabaseConfig & { client: "sqlite" } {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  return {
    client: "sqlite",
    filename: path.join(TMP_DIR, `evidence-${name}-${process.pid}-${randomBytes(4).toString("hex")}.db`),
  };
}
const removeSqlite = (f: string) => {
  for (const ext of ["", "-wal", "-shm"]) fs.rmSync(f + ext, { force: true });
};

/** A migrated, seeded SQLite database with one case and two files on it; answers the stored rows. */
async function sourceWithEvidence(database: DatabaseConfig & { client: "sqlite" }) {
  const knex = createKnex(database);
  await migrateLatest(knex);
  await seedDemo(knex, clock);
  const services: Services = createServices(
    knex,
    clock,
    { ...loadConfig({ NODE_ENV: "test" }), database },
    createLogger("silent"),
  );
  const row = (await knex("users").where({ username: "clerk" }).first()) as Row;
  const user = (await services.auth.sessionUser(Number(row.id)))!;
  const { detail } = await services.cases.intake(user, intakeBody());
  const viewer = { kind: "user" as const, user };
  await services.evidence.upload(viewer, detail.id, { file: { filename: "票据.pdf", data: PDF } });
  await services.evidence.upload(viewer, detail.id, { file: { filename: "现场.png", data: PNG } });
  const stored = (await knex("evidence").orderBy("id").select("*")) as Row[];
  expect(stored).toHaveLength(2);
  expect(Buffer.compare(stored[0]!.content as Buffer, PDF)).toBe(0);
  expect(Buffer.isBuffer(stored[1]!.thumbnail)).toBe(true);
  return { knex, stored };
}

function expectSameFiles(copy: Row[], stored: Row[]): void {
  expect(copy).toHaveLength(stored.length);
  for (const [i, s] of stored.entries()) {
    const c = copy[i]!;
    expect(c.sha256).toBe(s.sha256);
    expect(Buffer.compare(Buffer.from(c.content as Buffer), s.content as Buffer), `content ${i}`).toBe(0);
    if (s.thumbnail === null) expect(c.thumbnail).toBeNull();
    else
      expect(Buffer.compare(Buffer.from(c.thumbnail as Buffer), s.thumbnail as Buffer), `thumb ${i}`).toBe(0);
  }
}

describe.runIf(dialect === "sqlite")("npm run backup", () => {
  const database = tmpSqlite("backup-src");
  const to = database.filename.replace(/\.db$/, "-copy.db");
  let knex: Knex;
  let stored: Row[];
  beforeAll(async () => ({ knex, stored } = await sourceWithEvidence(database)));
  afterAll(async () => {
    await knex?.destroy();
    removeSqlite(database.filename);
    removeSqlite(to);
  });

  it("carries the evidence table with its bytes", async () => {
    const result = await backupDatabase({ database, to });
    expect(result.integrity).toBe("ok");
    const copy = knexFactory({ client: "sqlite3", connection: { filename: to }, useNullAsDefault: true });
    try {
      expectSameFiles((await copy("evidence").orderBy("id").select("*")) as Row[], stored);
    } finally {
      await copy.destroy();
    }
  });
});

describe.runIf(dialect === "postgres")("npm run db:copy", () => {
  const database = tmpSqlite("copy-src");
  let knex: Knex;
  let stored: Row[];
  beforeAll(async () => ({ knex, stored } = await sourceWithEvidence(database)), 120_000);
  afterAll(async () => {
    await knex?.destroy();
    removeSqlite(database.filename);
  });

  it.each<CopyMethod>(["copy", "insert"])(
    "carries the evidence table with its bytes (%s)",
    async (method) => {
      const name = `fq_t_evcopy_${process.pid}_${randomBytes(4).toString("hex")}`;
      const admin = knexFactory({ client: "pg", connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
      await admin.raw(`CREATE DATABASE ${name}`);
      const target: DatabaseConfig = { client: "postgres", connectionString: pgUrl(name) };
      try {
        const report = await copyDatabase({ from: database, to: target, method, rebuilt: REBUILT_TABLES });
        expect(report.tables.find((t) => t.table === "evidence")).toMatchObject({ source: 2, target: 2 });
        const pg = createKnex(target);
        try {
          expectSameFiles((await pg("evidence").orderBy("id").select("*")) as Row[], stored);
        } finally {
          await pg.destroy();
        }
      } finally {
        await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.destroy();
      }
    },
  );
});
