import { ConnectSessionKnexStore } from "connect-session-knex";
import express, { type Router } from "express";
import session from "express-session";
import type { Services } from "../services.js";

/** Sessions are stored in the database, so several app instances can serve the same users. */
export function setUpWebSession({ knex, config }: Services): Router {
  const router = express.Router();
  const store = new ConnectSessionKnexStore({
    knex,
    tableName: "sessions",
    createTable: false,
    cleanupInterval: config.env === "test" ? 0 : 15 * 60 * 1000,
  });
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
        maxAge: 8 * 60 * 60 * 1000,
      },
    }),
  );
  return router;
}
