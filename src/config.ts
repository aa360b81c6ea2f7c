import os from "node:os";
import path from "node:path";
import { loadSmsConfig, SmsConfigError, type SmsConfig } from "./messages/config.js";
import { loadVideoConfig, VideoConfigError, type VideoConfig } from "./video/config.js";

export type DatabaseConfig =
  { client: "sqlite"; filename: string } | { client: "postgres"; connectionString: string };

export interface Config {
  env: "production" | "development" | "test";
  port: number;
  /** Server processes (WEB_CONCURRENCY, default one per core; one for an in-memory database): src/cluster.ts. */
  webConcurrency: number;
  database: DatabaseConfig;
  sessionSecret: string;
  /** Failed logins allowed per username (web and API together) and per client address in each window. */
  loginRateLimit: { max: number; windowMs: number; perIp?: number };
  apiTokenHours: number;
  logLevel: string;
  /** Set COOKIE_SECURE=true when the app is served over HTTPS (directly or behind a TLS proxy). */
  cookieSecure: boolean;
  /** The address printed on documents for verification (PUBLIC_URL), e.g. https://tiaojie.example.gov.cn */
  publicUrl: string;
  /** Set TRUST_PROXY=1 behind one reverse proxy, so client IPs (rate limits, logs) are right. */
  trustProxy: number;
  /** SMS: transport, provider keys, template codes (src/messages/README.md). */
  sms: SmsConfig;
  /** 视频调解: STUN_URLS, TURN_URL + TURN_SECRET (+ TURN_TTL_SECONDS) (src/video/README.md). */
  video: VideoConfig;
}

export class ConfigError extends Error {}

/** The development default; production refuses it even when set explicitly (issue 14 L7). */
export const DEVELOPMENT_SESSION_SECRET = "fengqiao-development-secret-not-for-production";

export function parseDatabaseUrl(url: string): DatabaseConfig {
  if (url.startsWith("sqlite:")) {
    const file = url.slice("sqlite:".length).replace(/^\/\//, "");
    if (!file) throw new ConfigError("DATABASE_URL 的 SQLite 文件路径为空");
    return { client: "sqlite", filename: file === ":memory:" ? file : path.resolve(file) };
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    return { client: "postgres", connectionString: url };
  }
  throw new ConfigError(
    `DATABASE_URL 无法识别：${url}（应为 sqlite:./data/fengqiao.db 或 postgres://user@host:5432/db）`,
  );
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv =
    env.NODE_ENV === "production" ? "production" : env.NODE_ENV === "test" ? "test" : "development";
  const secret = env.SESSION_SECRET;
  if (nodeEnv === "production" && (!secret || secret.length < 32)) {
    throw new ConfigError("生产环境必须设置 SESSION_SECRET（至少 32 个字符）");
  }
  if (nodeEnv === "production" && secret === DEVELOPMENT_SESSION_SECRET) {
    throw new ConfigError("生产环境不能使用开发用的默认 SESSION_SECRET，请设置一个随机的长字符串");
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT 无效：${env.PORT}`);
  }
  const database = parseDatabaseUrl(env.DATABASE_URL ?? "sqlite:./data/fengqiao.db");
  return {
    env: nodeEnv,
    port,
    webConcurrency: webConcurrency(env.WEB_CONCURRENCY, database),
    database,
    sessionSecret: secret ?? DEVELOPMENT_SESSION_SECRET,
    loginRateLimit: {
      max: Number(env.LOGIN_RATE_LIMIT ?? 10),
      windowMs: 15 * 60 * 1000,
      perIp: Number(env.LOGIN_IP_LIMIT ?? 30),
    },
    apiTokenHours: 12,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === "test" ? "silent" : "info"),
    cookieSecure: env.COOKIE_SECURE === "true",
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ""),
    trustProxy: Number(env.TRUST_PROXY ?? 0),
    sms: smsConfig(env),
    video: videoConfig(env),
  };
}

function webConcurrency(raw: string | undefined, database: DatabaseConfig): number {
  // An in-memory SQLite database lives in one process: a second would see another database.
  if (database.client === "sqlite" && database.filename === ":memory:") return 1;
  if (raw === undefined || raw.trim() === "") return os.availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new ConfigError(`WEB_CONCURRENCY 无效：${raw}（应为 1 到 64 之间的整数，即服务进程数）`);
  }
  return n;
}

function videoConfig(env: NodeJS.ProcessEnv): VideoConfig {
  try {
    return loadVideoConfig(env);
  } catch (err) {
    throw err instanceof VideoConfigError ? new ConfigError(err.message) : err;
  }
}

function smsConfig(env: NodeJS.ProcessEnv): SmsConfig {
  try {
    return loadSmsConfig(env);
  } catch (err) {
    throw err instanceof SmsConfigError ? new ConfigError(err.message) : err;
  }
}

/** Settings that start but probably do not work as meant: printed at start-up. */
export function startupWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.cookieSecure && !config.trustProxy) {
    warnings.push(
      "COOKIE_SECURE=true 但未设置 TRUST_PROXY：若本系统位于 HTTPS 反向代理之后，应用看到的是 HTTP 请求，" +
        "不会发出登录 Cookie，所有登录都会失败（403）。请设置 TRUST_PROXY=1（一层代理）；直接以 HTTPS 提供服务时可忽略。",
    );
  }
  return warnings;
}
