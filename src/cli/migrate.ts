import { loadConfig } from "../config.js";
import { createKnex } from "../db/knex.js";
import { migrateLatest } from "../db/migrations.js";

const knex = createKnex(loadConfig().database);
try {
  const applied = await migrateLatest(knex);
  console.log(applied.length ? `已执行迁移：\n  ${applied.join("\n  ")}` : "数据库已是最新结构。");
} finally {
  await knex.destroy();
}
