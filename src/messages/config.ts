import { TEMPLATES, type TemplateName } from "./templates.js";

/** SMS settings from the environment (documented in src/messages/README.md). */
export interface SmsConfig {
  transport: "console" | "aliyun";
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /** The provider's template code per template (SMS_TEMPLATE_<NAME>); a missing one fails that message. */
  templateCodes: Partial<Record<TemplateName, string>>;
  /** Sends tried before a message is marked failed. */
  maxAttempts: number;
  /** How often the worker looks for due messages. */
  pollMs: number;
}

export class SmsConfigError extends Error {}

export function loadSmsConfig(env: NodeJS.ProcessEnv): SmsConfig {
  // console everywhere unless chosen: production warns at start-up (startupWarnings) rather than refusing.
  const transport = env.SMS_TRANSPORT || "console";
  if (transport !== "console" && transport !== "aliyun") {
    throw new SmsConfigError(`SMS_TRANSPORT 无效：${transport}（应为 console 或 aliyun）`);
  }
  const templateCodes: SmsConfig["templateCodes"] = {};
  for (const [name, def] of Object.entries(TEMPLATES) as [TemplateName, { env: string }][]) {
    const code = env[def.env];
    if (code) templateCodes[name] = code;
  }
  const config: SmsConfig = {
    transport,
    endpoint: (env.SMS_ENDPOINT ?? "https://dysmsapi.aliyuncs.com").replace(/\/+$/, ""),
    accessKeyId: env.ALIYUN_ACCESS_KEY_ID ?? "",
    accessKeySecret: env.ALIYUN_ACCESS_KEY_SECRET ?? "",
    signName: env.SMS_SIGN_NAME ?? "",
    templateCodes,
    maxAttempts: Math.max(1, Number(env.SMS_MAX_ATTEMPTS ?? 5) || 5),
    pollMs: Math.max(200, Number(env.SMS_POLL_MS ?? 2000) || 2000),
  };
  if (transport === "aliyun") {
    const missing = [
      ["ALIYUN_ACCESS_KEY_ID", config.accessKeyId],
      ["ALIYUN_ACCESS_KEY_SECRET", config.accessKeySecret],
      ["SMS_SIGN_NAME", config.signName],
    ].filter(([, v]) => !v);
    if (missing.length > 0) {
      throw new SmsConfigError(
        `SMS_TRANSPORT=aliyun 需要设置 ${missing.map(([k]) => k).join("、")}（或在开发环境使用 SMS_TRANSPORT=console）`,
      );
    }
  }
  return config;
}
