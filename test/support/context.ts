import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Express } from "express";
import knexFactory, { type Knex } from "knex";
import { inject } from "vitest";
import { createApp } from "../../src/app.js";
import { systemClock, type Clock } from "../../src/clock.js";
import { loadConfig, type Config, type DatabaseConfig } from "../../src/config.js";
import { createKnex } from "../../src/db/knex.js";
import { createLogger } from "../../src/logger.js";
import { createServices, type Services } from "../../src/services.js";
import { PG_ADMIN_URL, pgUrl, TMP_DIR } from "./paths.js";

export interface TestContext {
  app: Express;
  knex: Knex;
  services: Services;
  dialect: "sqlite" | "postgres";
  close(): Promise<void>;
}

/** A fresh database (a copy of the migrated, demo-seeded template) and an app built on it. */
export async function createTestContext(
  options: { config?: Partial<Config>; clock?: Clock } = {},
): Promise<TestContext> {
  const dialect = inject("dialect");
  const template = inject("template");
  const suffix = `${template.match(/(\d+)(\.db)?$/)?.[1]}_${randomBytes(4).toString("hex")}`;
  let database: DatabaseConfig;
  let drop: () => Promise<void>;
  if (dialect === "sqlite") {
    const filename = path.join(TMP_DIR, `test-${suffix}-${process.pid}.db`.replace(/_/, "-"));
    fs.copyFileSync(template, filename);
    database = { client: "sqlite", filename };
    drop = async () => {
      for (const ext of ["", "-wal", "-shm"]) fs.rmSync(filename + ext, { force: true });
    };
  } else {
    const name = `fq_t_${suffix}`;
    const admin = knexFactory({ client: "pg", connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
    await admin.raw(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    database = { client: "postgres", connectionString: pgUrl(name) };
    drop = async () => {
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    };
  }
  const base = loadConfig({ NODE_ENV: "test" });
  const config: Config = {
    ...base,
    database,
    loginRateLimit: { max: 1000, windowMs: 15 * 60 * 1000 },
    ...options.config,
  };
  const knex = createKnex(database);
  const services = createServices(knex, options.clock ?? systemClock, config, createLogger("silent"));
  await services.calendar.load();
  return {
    app: createApp(services),
    knex,
    services,
    dialect,
    close: async () => {
      await knex.destroy();
      await drop();
    },
  };
}
