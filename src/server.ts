import { createApp } from "./app.js";
import { bootstrap } from "./bootstrap.js";
import { ConfigError, startupWarnings } from "./config.js";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo/seed.js";

try {
  const { services, knex, seeded } = await bootstrap({ seedDemoWhenEmpty: true });
  const { config } = services;
  for (const warning of startupWarnings(config)) services.logger.warn(warning);
  const app = createApp(services);
  // The SMS outbox is sent from every instance; claims keep two instances off the same message.
  services.outbox.start();
  // 履行期限提醒: each instance scans hourly; the outbox's dedupe key makes it once per obligation.
  services.reminders.start();
  const server = app.listen(config.port, () => {
    const db = config.database.client === "sqlite" ? config.database.filename : "PostgreSQL";
    console.log(`枫桥人民调解系统已启动：http://localhost:${config.port}  （数据库：${db}）`);
    if (seeded) console.log("已载入演示数据（渌口区）。");
    if (config.env !== "production") {
      console.log(`演示账号（密码均为 ${DEMO_PASSWORD}）：`);
      for (const [username, name] of DEMO_USERS) console.log(`  ${username.padEnd(9)} ${name}`);
    }
  });
  const stop = () =>
    server.close(
      () =>
        void Promise.all([services.outbox.stop(), services.reminders.stop()]).then(() =>
          knex.destroy().then(() => process.exit(0)),
        ),
    );
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`配置错误：${err.message}`);
    process.exit(1);
  }
  throw err;
}
