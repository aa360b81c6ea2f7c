import { loadNoticeFile } from "../calendar/load-file.js";
import { CalendarService } from "../calendar/service.js";
import { systemClock } from "../clock.js";
import { ConfigError, loadConfig } from "../config.js";
import { createKnex } from "../db/knex.js";
import { migrateLatest } from "../db/migrations.js";
import { ValidationError } from "../errors.js";

/**
 * npm run calendar:load -- FILE.json
 *
 * Loads (adds or replaces) the State Council's holiday notice for a year into DATABASE_URL, with
 * an audit event; running servers pick it up within 30 seconds. File format: src/calendar/README.md.
 */
const USAGE =
  "用法：npm run calendar:load -- 文件.json\n" +
  "录入或更新某年的国务院办公厅节假日安排通知（格式见 src/calendar/README.md）。";

const file = process.argv.slice(2).find((a) => a !== "--");
if (!file || file === "-h" || file === "--help") {
  console.log(USAGE);
  process.exit(file ? 0 : 1);
}

let knex;
try {
  knex = createKnex(loadConfig().database);
  await migrateLatest(knex);
  const notices = await loadNoticeFile(new CalendarService(knex, systemClock), file);
  for (const n of notices) {
    const off = n.days.filter((d) => d.kind === "off").length;
    console.log(
      `已录入 ${n.year} 年节假日安排：${n.number}（${n.issuedOn} 发布），放假 ${off} 天，调休上班 ${n.days.length - off} 天`,
    );
  }
} catch (err) {
  if (err instanceof ValidationError) {
    console.error(`未录入：\n  ${err.errors.map((e) => e.message).join("\n  ")}`);
  } else if (err instanceof ConfigError) {
    console.error(`未录入：${err.message}`);
  } else {
    console.error(`录入失败：${(err as Error).message}`);
  }
  process.exitCode = 1;
} finally {
  await knex?.destroy();
}
