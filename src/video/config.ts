/**
 * ICE servers for the video rooms (README "视频调解"): STUN addresses, and a TURN server (coturn)
 * sharing a secret with the app, which gives each participant time-limited credentials (the
 * "TURN REST API" of coturn's use-auth-secret). None by default: on a LAN the peers reach each
 * other directly, and the tests run with no internet.
 */
export interface VideoConfig {
  stunUrls: string[];
  turn: { urls: string[]; secret: string; ttlSeconds: number } | null;
}

export class VideoConfigError extends Error {}

const list = (v: string | undefined) =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export function loadVideoConfig(env: NodeJS.ProcessEnv): VideoConfig {
  const stunUrls = list(env.STUN_URLS);
  for (const u of stunUrls) {
    if (!/^stuns?:/.test(u)) throw new VideoConfigError(`STUN_URLS 中的地址应以 stun: 开头：${u}`);
  }
  const turnUrls = list(env.TURN_URL);
  for (const u of turnUrls) {
    if (!/^turns?:/.test(u)) throw new VideoConfigError(`TURN_URL 应以 turn: 或 turns: 开头：${u}`);
  }
  const secret = env.TURN_SECRET ?? "";
  if (turnUrls.length && !secret) throw new VideoConfigError("设置了 TURN_URL 时必须同时设置 TURN_SECRET");
  if (!turnUrls.length && secret) throw new VideoConfigError("设置了 TURN_SECRET 时必须同时设置 TURN_URL");
  const ttl = Number(env.TURN_TTL_SECONDS ?? 6 * 3600);
  if (!Number.isInteger(ttl) || ttl < 60) {
    throw new VideoConfigError(`TURN_TTL_SECONDS 应为不小于 60 的整数：${env.TURN_TTL_SECONDS}`);
  }
  return { stunUrls, turn: turnUrls.length ? { urls: turnUrls, secret, ttlSeconds: ttl } : null };
}
