import express, { type NextFunction, type Request, type Response, type Router } from "express";
import passportModule from "passport";
import { Strategy as BearerStrategy } from "passport-http-bearer";
import { Strategy as LocalStrategy } from "passport-local";
import { sendProblem } from "../http/problem.js";
import type { SessionUser } from "../people/scope.js";
import type { Services } from "../services.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
  }
}

/** One Passport instance per app (no module singleton): local login for pages, bearer tokens for the API. */
export type Passport = InstanceType<typeof passportModule.Passport>;

export function createPassport(services: Services): Passport {
  const passport = new passportModule.Passport();
  passport.use(
    new LocalStrategy((username, password, done) => {
      services.auth.authenticate(username, password).then(
        (user) => done(null, user ?? false),
        (err: unknown) => done(err),
      );
    }),
  );
  passport.use(
    new BearerStrategy((token, done) => {
      services.auth.userForToken(token).then(
        (user) => done(null, user ?? false),
        (err: unknown) => done(err),
      );
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: number, done) => {
    services.auth.sessionUser(id).then(
      (user) => done(null, user ?? false),
      (err: unknown) => done(err),
    );
  });
  return passport;
}

export function setUpWebAuthentication(passport: Passport): Router {
  const router = express.Router();
  router.use(passport.session());
  router.use((req, res, next) => {
    res.locals.user = req.user;
    next();
  });
  return router;
}

/** API calls authenticate with a bearer token only; a missing or bad token is 401 problem+json. */
export function requireBearer(passport: Passport) {
  return (req: Request, res: Response, next: NextFunction) => {
    passport.authenticate("bearer", { session: false }, (err: unknown, user: SessionUser | false) => {
      if (err) return next(err);
      if (!user) {
        res.set("WWW-Authenticate", 'Bearer realm="fengqiao"');
        return sendProblem(res, 401, "缺少或无效的访问令牌，请先通过 POST /api/v1/auth/token 获取令牌");
      }
      req.user = user;
      next();
    })(req, res, next);
  };
}

export function requireLogin(req: Request, res: Response, next: NextFunction): void {
  if (req.user) return next();
  res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
}
