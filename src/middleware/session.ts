import { ConnectSessionKnexStore } from "connect-session-knex";
import express, { type Router } from "express";
import session from "express-session";
import type { Knex } from "knex";
import type { Config } from "../config.js";
import type { Services } from "../services.js";

declare module "express-session" {
  interface SessionData {
    /** When the user signed in (ms since the epoch): the start of the absolute lifetime. */
    loginAt?: number;
  }
}

/** A session ends 8 hours after its last use, and in any case 12 hours after sign-in (issue 14 L10). */
export const IDLE_TIMEOUT_MS = 8 * 60 * 60 * 1000;
export const ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000;

/**
 * Sessions are stored in the database, so several app instances can serve the same users. The
 * composition root builds the store (it holds the database handle, which routes never see).
 */
export function createSessionStore(knex: Knex, config: Config): session.Store {
  const store = new ConnectSessionKnexStore({
    knex,
    tableName: "sessions",
    createTable: false,
    cleanupInterval: config.env === "test" ? 0 : 15 * 60 * 1000,
  });
  throttleTouch(store);
  return store;
}

export function setUpWebSession({ sessionStore, config }: Services): Router {
  const router = express.Router();
  const store = sessionStore();
  router.use(
    session({
      name: "fengqiao.sid",
      store,
      secret: config.sessionSecret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: {
        httpOnly: true,
        sameSite: "lax",
        secure: config.cookieSecure,
        maxAge: IDLE_TIMEOUT_MS,
      },
    }),
  );
  // Past its absolute lifetime a session is replaced by an empty one: signed out, asked to sign in.
  router.use((req, _res, next) => {
    const loginAt = req.session.loginAt;
    if (loginAt === undefined || Date.now() - loginAt <= ABSOLUTE_LIFETIME_MS) return next();
    req.session.regenerate((err) => next(err));
  });
  return router;
}

/** How often, at most, one instance writes a session's new expiry back to the database. */
export const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

/**
 * With a rolling 8-hour session every page view would otherwise be a database write (the new
 * expiry). The stored expiry only needs to move now and then: an instance writes it at most every
 * five minutes per session, so the stored expiry may trail the cookie's by that much and never
 * the other way. The memory is a cache of this instance's own writes: losing it (a restart,
 * another instance) only means one more write.
 */
function throttleTouch(store: ConnectSessionKnexStore): void {
  const touched = new Map<string, number>();
  const touch = store.touch.bind(store);
  store.touch = async (sid, sess, callback) => {
    const now = Date.now();
    const last = touched.get(sid);
    if (last !== undefined && now - last < TOUCH_INTERVAL_MS) return callback?.();
    if (touched.size >= 10_000) touched.clear();
    touched.set(sid, now);
    return touch(sid, sess, callback);
  };
}
