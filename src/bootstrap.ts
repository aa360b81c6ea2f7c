import type { Knex } from "knex";
import { systemClock } from "./clock.js";
import { loadConfig, type Config } from "./config.js";
import { createKnex } from "./db/knex.js";
import { migrateLatest } from "./db/migrations.js";
import { seedDemoHistory } from "./demo/history.js";
import { seedGridHistory } from "./demo/grid-history.js";
import { seedDemoOnline } from "./demo/online-cases.js";
import { seedDemo } from "./demo/seed.js";
import { seedDemoWatch } from "./grid-analysis/demo.js";
import { createLogger } from "./logger.js";
import { createServices, type Services } from "./services.js";

/** Config, database (migrated) and services: what the server and the CLI commands share. */
export async function bootstrap(
  options: { seedDemoWhenEmpty: boolean; migrate?: boolean },
  config: Config = loadConfig(),
): Promise<{ services: Services; knex: Knex; seeded: boolean }> {
  const logger = createLogger(config.logLevel);
  const knex = createKnex(config.database);
  if (options.migrate !== false) await migrateLatest(knex);
  const services = createServices(knex, systemClock, config, logger);
  // The holiday notices, in memory before any period is computed (src/calendar/).
  await services.calendar.load();
  const seeded =
    options.seedDemoWhenEmpty && config.env !== "production" ? await seedDemo(knex, systemClock) : false;
  if (seeded) await seedDemoHistory(knex, systemClock);
  if (seeded) await seedGridHistory(knex, systemClock);
  // 管控 last, after every demo report and case (src/grid-analysis/demo.ts).
  if (seeded) await seedDemoWatch(knex, systemClock);
  // 不见面调解: the demo villager's session tomorrow and agreement out for signing (src/demo/online-cases.ts).
  if (seeded)
    await seedDemoOnline(knex, systemClock, { messages: services.messages, publicUrl: config.publicUrl });
  return { services, knex, seeded };
}
