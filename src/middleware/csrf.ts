import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { csrfSync } from "csrf-sync";
import type { Config } from "../config.js";

const ANON_COOKIE = "fengqiao.csrf";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF protection for every form post. Signed-in users: a synchroniser token kept in their
 * session. Anonymous visitors (the login form) get no stored session at all (issue 14 L2): their
 * token is an HMAC, under the session secret, of a random value in a cookie of their own, and a
 * post must carry the HMAC of the cookie it comes with.
 */
export function setUpCsrf(config: Pick<Config, "sessionSecret" | "cookieSecure">): Router {
  const router = express.Router();
  const tokenOf = (req: Request) => {
    const body = req.body as { _csrf?: unknown } | undefined;
    return typeof body?._csrf === "string" ? body._csrf : req.get("x-csrf-token");
  };
  const { csrfSynchronisedProtection, generateToken, invalidCsrfTokenError } = csrfSync({
    getTokenFromRequest: tokenOf,
    errorConfig: {
      statusCode: 403,
      message: "表单已过期或来源无效，请刷新页面后重新提交",
      code: "EBADCSRFTOKEN",
    },
  });
  const sign = (value: string) =>
    createHmac("sha256", config.sessionSecret).update(`csrf:${value}`).digest("base64url");

  const anonymous = (req: Request, res: Response, next: NextFunction) => {
    const cookie = /(?:^|;\s*)fengqiao\.csrf=([A-Za-z0-9_-]{20,100})(?:;|$)/.exec(
      req.headers.cookie ?? "",
    )?.[1];
    if (!SAFE_METHODS.has(req.method)) {
      const sent = Buffer.from(tokenOf(req) ?? "");
      const expected = Buffer.from(cookie ? sign(cookie) : "");
      if (!cookie || sent.length !== expected.length || !timingSafeEqual(sent, expected))
        return next(invalidCsrfTokenError);
    }
    let value = cookie;
    if (!value) {
      value = randomBytes(24).toString("base64url");
      res.cookie(ANON_COOKIE, value, {
        httpOnly: true,
        sameSite: "lax",
        secure: config.cookieSecure,
        path: "/",
      });
    }
    res.locals.csrfToken = sign(value);
    next();
  };

  router.use((req, res, next) => {
    if (!req.user) return anonymous(req, res, next);
    csrfSynchronisedProtection(req, res, (err?: unknown) => {
      if (err) return next(err);
      res.locals.csrfToken = generateToken(req);
      next();
    });
  });
  return router;
}
