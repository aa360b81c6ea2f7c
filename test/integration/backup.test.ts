/**
 * `npm run backup` (src/db/backup.ts): copies of a SQLite database taken while cases are being
 * registered pass the integrity check and hold a consistent prefix of the cases (each with all
 * its parties, its timeline entry and its number). PostgreSQL is refused with a pointer to
 * pg_dump; that is what the PostgreSQL project's run checks.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import knexFactory, { type Knex } from "knex";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { backupDatabase, BackupRefusedError, defaultBackupFile } from "../../src/db/backup.js";
import { intakeBody } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { PG_ADMIN_URL, TMP_DIR } from "../support/paths.js";

type Row = Record<string, unknown>;

const dialect = inject("dialect");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function openCopy(filename: string): Knex {
  return knexFactory({ client: "sqlite3", connection: { filename }, useNullAsDefault: true });
}

describe.runIf(dialect === "sqlite")("backing up a live SQLite database", () => {
  let ctx: TestContext;
  let dir: string;
  let filename: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    filename = String(ctx.knex.client.config.connection.filename);
    fs.mkdirSync(TMP_DIR, { recursive: true });
    dir = fs.mkdtempSync(path.join(TMP_DIR, `backup-${process.pid}-`));
  });
  afterAll(async () => {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("copies a consistent snapshot while cases are being registered", async () => {
    const clerkId = Number(((await ctx.knex("users").where({ username: "clerk" }).first()) as Row).id);
    const clerk = (await ctx.services.auth.sessionUser(clerkId))!;
    let stop = false;
    let registered = 0;
    const writer = (async () => {
      while (!stop) {
        await ctx.services.cases.intake(clerk, intakeBody());
        registered++;
      }
    })();
    const waitFor = async (n: number) => {
      while (registered < n) await sleep(2);
    };

    const backups: {
      file: string;
      cases: number | null;
      integrity: string;
      before: number;
      after: number;
    }[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        await waitFor(registered + 3);
        const before = registered;
        const r = await backupDatabase({
          database: { client: "sqlite", filename },
          to: path.join(dir, `live-${i}.db`),
        });
        backups.push({ ...r, before, after: registered });
      }
    } finally {
      stop = true;
      await writer;
    }
    const live = ((await ctx.knex("cases").orderBy("id").select("id")) as Row[]).map((r) => Number(r.id));
    expect(live.length).toBe(registered);

    for (const b of backups) {
      expect(b.integrity).toBe("ok");
      // Every case registered before the backup started is in it; at most the one being
      // registered when it ended may be too, never a later one.
      expect(b.cases).toBeGreaterThanOrEqual(b.before);
      expect(b.cases).toBeLessThanOrEqual(b.after + 1);
      const copy = openCopy(b.file);
      try {
        const ids = ((await copy("cases").orderBy("id").select("id")) as Row[]).map((r) => Number(r.id));
        expect(ids.length).toBe(b.cases);
        // A prefix: exactly the live cases up to the last one it holds.
        expect(ids).toEqual(live.filter((id) => id <= ids.at(-1)!));
        // Each case is whole: both parties, the intake event, its number, its statistics mark.
        const per = async (table: string) =>
          new Map(
            ((await copy(table).groupBy("case_id").select("case_id").count({ n: "*" })) as Row[]).map((r) => [
              Number(r.case_id),
              Number(r.n),
            ]),
          );
        const parties = await per("parties");
        const events = await per("case_events");
        const numbers = await per("case_numbers");
        const marks = await per("stats_dirty");
        for (const id of ids) {
          expect(parties.get(id), `case ${id}`).toBe(2);
          expect(events.get(id), `case ${id}`).toBe(1);
          expect(numbers.get(id), `case ${id}`).toBe(1);
          expect(marks.get(id), `case ${id}`).toBeGreaterThanOrEqual(1);
        }
        // The numbering series agrees with the numbers issued.
        const seq = (await copy("number_sequences").sum({ n: "last_seq" }).first()) as Row;
        expect(Number(seq.n)).toBe(
          await copy("case_numbers")
            .count({ n: "*" })
            .first()
            .then((r) => Number(r?.n)),
        );
      } finally {
        await copy.destroy();
      }
    }
    expect(backups.at(-1)!.cases).toBeGreaterThan(backups[0]!.cases!);
  }, 60_000);

  it("never overwrites a file", async () => {
    const existing = path.join(dir, "existing.db");
    fs.writeFileSync(existing, "keep me");
    await expect(backupDatabase({ database: { client: "sqlite", filename }, to: existing })).rejects.toThrow(
      /备份文件已存在/,
    );
    expect(fs.readFileSync(existing, "utf8")).toBe("keep me");
  });

  it("writes to backups/ beside the database by default, named by the time in Beijing", async () => {
    const own = path.join(dir, "fengqiao.db");
    await backupDatabase({ database: { client: "sqlite", filename }, to: own });
    const now = new Date("2026-11-23T16:05:09Z"); // 00:05:09 on 24 November in Beijing
    expect(defaultBackupFile(own, now)).toBe(path.join(dir, "backups", "fengqiao-20261124-000509.db"));
    const r = await backupDatabase({ database: { client: "sqlite", filename: own }, now });
    expect(r.file).toBe(path.join(dir, "backups", "fengqiao-20261124-000509.db"));
    expect(r.integrity).toBe("ok");
    expect(fs.existsSync(r.file)).toBe(true);
    await expect(backupDatabase({ database: { client: "sqlite", filename: own }, now })).rejects.toThrow(
      BackupRefusedError,
    );
  });
});

describe.runIf(dialect === "postgres")("backing up a PostgreSQL database", () => {
  it("is refused with a pointer to pg_dump", async () => {
    await expect(
      backupDatabase({ database: { client: "postgres", connectionString: PG_ADMIN_URL } }),
    ).rejects.toThrow(/PostgreSQL 请用 pg_dump/);
  });

  it("the command exits with 1 and says so in Chinese", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/cli/backup.ts"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: PG_ADMIN_URL },
    });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/未备份：DATABASE_URL 指向 PostgreSQL.*pg_dump/);
  }, 60_000);
});
