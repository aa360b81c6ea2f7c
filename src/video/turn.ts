import { createHmac } from "node:crypto";
import type { VideoConfig } from "./config.js";

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/**
 * coturn's time-limited credentials (use-auth-secret): the username is `<expiry>:<peerId>` (expiry
 * in Unix seconds), the password base64(HMAC-SHA1(secret, username)). coturn computes the same
 * from its static-auth-secret and refuses the username once the expiry has passed.
 */
export function turnCredential(
  secret: string,
  peerId: string,
  now: Date,
  ttlSeconds: number,
): { username: string; credential: string; expiresAt: number } {
  const expiresAt = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const username = `${expiresAt}:${peerId}`;
  const credential = createHmac("sha1", secret).update(username).digest("base64");
  return { username, credential, expiresAt };
}

/** The RTCPeerConnection's iceServers for one participant. */
export function iceServers(config: VideoConfig, peerId: string, now: Date): IceServer[] {
  const servers: IceServer[] = [];
  if (config.stunUrls.length) servers.push({ urls: config.stunUrls });
  if (config.turn) {
    const { username, credential } = turnCredential(config.turn.secret, peerId, now, config.turn.ttlSeconds);
    servers.push({ urls: config.turn.urls, username, credential });
  }
  return servers;
}
