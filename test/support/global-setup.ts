import fs from "node:fs";
import path from "node:path";
import knexFactory from "knex";
import type { TestProject } from "vitest/node";
import { systemClock } from "../../src/clock.js";
import { createKnex } from "../../src/db/knex.js";
import { migrateLatest } from "../../src/db/migrations.js";
import { seedDemo } from "../../src/demo/seed.js";
import { PG_ADMIN_URL, pgUrl, TMP_DIR } from "./paths.js";

declare module "vitest" {
  export interface ProvidedContext {
    dialect: "sqlite" | "postgres";
    template: string;
  }
}

/**
 * Migrates and seeds one template database per project; each test file then copies it
 * (a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL) instead of migrating again.
 */
export default async function setup(project: TestProject) {
  const dialect = project.name.includes("postgres") ? "postgres" : "sqlite";
  const runId = `${process.pid}`;
  fs.mkdirSync(TMP_DIR, { recursive: true });
  if (dialect === "sqlite") {
    const file = path.join(TMP_DIR, `template-${project.name}-${runId}.db`);
    fs.rmSync(file, { force: true });
    const knex = createKnex({ client: "sqlite", filename: file });
    await migrateLatest(knex);
    await seedDemo(knex, systemClock);
    // Fold the WAL into the main file so that a plain file copy is complete.
    await knex.raw("PRAGMA wal_checkpoint(TRUNCATE)");
    await knex.destroy();
    project.provide("dialect", "sqlite");
    project.provide("template", file);
    return () => {
      for (const f of fs.readdirSync(TMP_DIR)) {
        if (f.includes(`-${runId}`)) fs.rmSync(path.join(TMP_DIR, f), { force: true });
      }
    };
  }
  const template = `fq_tpl_${runId}`;
  const admin = knexFactory({ client: "pg", connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`DROP DATABASE IF EXISTS ${template}`);
  await admin.raw(`CREATE DATABASE ${template}`);
  const knex = createKnex({ client: "postgres", connectionString: pgUrl(template) });
  await migrateLatest(knex);
  await seedDemo(knex, systemClock);
  await knex.destroy();
  project.provide("dialect", "postgres");
  project.provide("template", template);
  return async () => {
    const rows = await admin.raw(`SELECT datname FROM pg_database WHERE datname LIKE ?`, [`fq_%_${runId}%`]);
    for (const { datname } of rows.rows as { datname: string }[]) {
      await admin.raw(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    await admin.destroy();
  };
}
