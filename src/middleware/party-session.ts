import express, { type NextFunction, type Request, type Response, type Router } from "express";
import session from "express-session";
import { sendProblem } from "../http/problem.js";
import type { Services } from "../services.js";
import { ABSOLUTE_LIFETIME_MS, IDLE_TIMEOUT_MS } from "./session.js";

declare module "express-session" {
  interface SessionData {
    /** The phone a party signed in with (/my): never set in a staff session. */
    partyPhone?: string;
    partySignedInAt?: number;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The signed-in party's phone: set by the party session (/my) or a party token (/api/v1/portal). */
      partyPhone?: string;
    }
  }
}

export const PARTY_COOKIE = "fengqiao.party";

/**
 * The parties' web session, mounted on /my before the staff's session: a cookie of its own
 * (`fengqiao.party`, path /my) and its own session row, so a staff sign-in and a party sign-in in
 * one browser never mix. On /my the staff session is not loaded at all (express-session leaves a
 * request that already has a session alone), so no staff user is signed in there either.
 */
export function setUpPartySession({ sessionStore, config }: Services): Router {
  const router = express.Router();
  router.use(
    session({
      name: PARTY_COOKIE,
      store: sessionStore(),
      secret: config.sessionSecret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: {
        httpOnly: true,
        sameSite: "lax",
        secure: config.cookieSecure,
        maxAge: IDLE_TIMEOUT_MS,
        path: "/my",
      },
    }),
  );
  router.use((req, res, next) => {
    const at = req.session.partySignedInAt;
    if (req.session.partyPhone && at !== undefined && Date.now() - at <= ABSOLUTE_LIFETIME_MS) {
      res.locals.partyPhone = req.session.partyPhone;
    }
    next();
  });
  return router;
}

/** /my pages past sign-in: a party not signed in goes to /my/login. */
export function requireParty(req: Request, res: Response, next: NextFunction): void {
  if (res.locals.partyPhone) return next();
  res.redirect(303, "/my/login");
}

/** Party API calls (/api/v1/portal/…): a party token only; a staff token, as any other, is 401. */
export function requirePartyBearer({ portal }: Services) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.get("authorization") ?? "")?.[1];
    const phone = token ? await portal.signIn.phoneForToken(token) : null;
    if (!phone) {
      res.set("WWW-Authenticate", 'Bearer realm="fengqiao-portal"');
      return sendProblem(res, 401, "缺少或无效的当事人令牌，请先通过 POST /api/v1/portal/auth/token 获取");
    }
    res.locals.partyPhone = phone;
    next();
  };
}
