import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Knex } from "knex";
import { systemClock } from "../src/clock.js";
import { loadConfig } from "../src/config.js";
import { createKnex } from "../src/db/knex.js";
import { migrateLatest } from "../src/db/migrations.js";
import { seedDemo } from "../src/demo/seed.js";
import { createLogger } from "../src/logger.js";
import type { SessionUser } from "../src/people/scope.js";
import { createServices, type Services } from "../src/services.js";

export interface Sandbox {
  services: Services;
  knex: Knex;
  /** A demo user as the login would make them. */
  user(username: string): Promise<SessionUser>;
  close(): Promise<void>;
}

/** A throwaway SQLite database with the demo county, migrated, and the services on it (scripts, benches). */
export async function openSandbox(name: string): Promise<Sandbox> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fq-${name}-`));
  const config = {
    ...loadConfig({ NODE_ENV: "test" }),
    database: { client: "sqlite" as const, filename: path.join(dir, "db.sqlite") },
  };
  const knex = createKnex(config.database);
  await migrateLatest(knex);
  await seedDemo(knex, systemClock);
  const services = createServices(knex, systemClock, config, createLogger("silent"));
  return {
    services,
    knex,
    user: async (username) =>
      (await services.auth.sessionUser(Number((await knex("users").where({ username }).first()).id)))!,
    close: async () => {
      await knex.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
