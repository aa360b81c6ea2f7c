import cluster from "node:cluster";
import { createApp } from "./app.js";
import { bootstrap } from "./bootstrap.js";
import { superviseWorkers, workerSlot } from "./cluster.js";
import { ConfigError, loadConfig, startupWarnings, type Config } from "./config.js";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo/seed.js";
import { parsedFonts } from "./documents/pdf-fonts.js";

function started(config: Config, seeded: boolean, processes: number) {
  const db = config.database.client === "sqlite" ? config.database.filename : "PostgreSQL";
  const many = processes > 1 ? `，${processes} 个服务进程` : "";
  console.log(`枫桥人民调解系统已启动：http://localhost:${config.port}  （数据库：${db}${many}）`);
  if (seeded) console.log("已载入演示数据（渌口区）。");
  if (config.env !== "production") {
    console.log(`演示账号（密码均为 ${DEMO_PASSWORD}）：`);
    for (const [username, name] of DEMO_USERS) console.log(`  ${username.padEnd(9)} ${name}`);
  }
}

/**
 * The primary of several processes (WEB_CONCURRENCY > 1, src/cluster.ts): it migrates the database
 * and loads the demo data once, then forks the workers that serve requests and replaces any that dies.
 */
async function primary(config: Config) {
  const { services, knex, seeded } = await bootstrap({ seedDemoWhenEmpty: true }, config);
  for (const warning of startupWarnings(config)) services.logger.warn(warning);
  const logger = services.logger;
  await knex.destroy();
  let announced = false;
  const supervisor = superviseWorkers(config.webConcurrency, {
    onListening: () => {
      if (!announced) started(config, seeded, config.webConcurrency);
      announced = true;
    },
    onRestart: (slot, workerPid, reason) =>
      logger.warn({ slot, workerPid, reason }, "服务进程意外退出，已重新启动"),
    onGiveUp: () => logger.error("服务进程一分钟内退出超过 10 次，停止重启"),
  });
  const stop = () => void supervisor.stop().then(() => process.exit(process.exitCode ?? 0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** One server process: the whole server (WEB_CONCURRENCY=1) or one worker of several. */
async function serve(config: Config) {
  const worker = cluster.isWorker;
  // A worker finds the database migrated (and the demo loaded) by its primary.
  const { services, knex, seeded } = await bootstrap(
    { seedDemoWhenEmpty: !worker, migrate: !worker },
    config,
  );
  if (!worker) for (const warning of startupWarnings(config)) services.logger.warn(warning);
  const app = createApp(services);
  // The documents' fonts read, parsed and first used before a request waits for it (150–200 ms, once).
  for (const font of Object.values(parsedFonts())) font.layout("人民调解协议书");
  // The SMS outbox and the reminders run in one process of the several (slot 0, replaced in the same
  // slot if it dies); their claims and dedupe keys also keep separate instances off the same message.
  const jobs = workerSlot() === 0;
  if (jobs) {
    services.outbox.start();
    // 履行期限提醒: each instance scans hourly; the outbox's dedupe key makes it once per obligation.
    services.reminders.start();
  }
  const server = app.listen(config.port, () => {
    if (!worker) started(config, seeded, 1);
  });
  const stop = () =>
    server.close(
      () =>
        void Promise.all(jobs ? [services.outbox.stop(), services.reminders.stop()] : []).then(() =>
          knex.destroy().then(() => process.exit(0)),
        ),
    );
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

try {
  const config = loadConfig();
  if (cluster.isPrimary && config.webConcurrency > 1) await primary(config);
  else await serve(config);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`配置错误：${err.message}`);
    process.exit(1);
  }
  throw err;
}
