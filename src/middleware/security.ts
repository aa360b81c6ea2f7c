import { randomBytes } from "node:crypto";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import helmet from "helmet";

/** Pages and API answers are not kept by browsers or proxies (shared office computers; issue 14, L8). */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.set("Cache-Control", "no-store");
  next();
}

/** Security headers with a strict CSP: no inline script; styles and scripts from our own origin. */
export function setUpSecurityHeaders(): Router {
  const router = express.Router();
  router.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  router.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", "data:"],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
        },
      },
      // Counties often run this on a plain-HTTP LAN; HSTS belongs on the TLS proxy in front.
      strictTransportSecurity: false,
    }),
  );
  return router;
}
