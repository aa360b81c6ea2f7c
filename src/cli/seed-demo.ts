import { systemClock } from "../clock.js";
import { loadConfig } from "../config.js";
import { createKnex } from "../db/knex.js";
import { migrateLatest } from "../db/migrations.js";
import { seedDemoHistory } from "../demo/history.js";
import { seedGridHistory } from "../demo/grid-history.js";
import { seedDemoOnline } from "../demo/online-cases.js";
import { seedDemo } from "../demo/seed.js";
import { seedDemoWatch } from "../grid-analysis/demo.js";
import { createLogger } from "../logger.js";
import { createMessaging } from "../messages/index.js";

const config = loadConfig();
if (config.env === "production") {
  console.error("生产环境不载入演示数据。");
  process.exit(1);
}
const knex = createKnex(config.database);
try {
  await migrateLatest(knex);
  const seeded = await seedDemo(knex, systemClock);
  if (seeded) await seedDemoHistory(knex, systemClock);
  if (seeded) await seedGridHistory(knex, systemClock);
  // 管控 last, after every demo report and case (src/grid-analysis/demo.ts).
  if (seeded) await seedDemoWatch(knex, systemClock);
  // The SMS of the villager's session and agreement go to the outbox, sent when the server runs.
  const { messages } = createMessaging(knex, systemClock, config, createLogger(config.logLevel));
  if (seeded) await seedDemoOnline(knex, systemClock, { messages, publicUrl: config.publicUrl });
  console.log(seeded ? "已载入演示数据。" : "数据库已有用户，未载入演示数据。");
} finally {
  await knex.destroy();
}
