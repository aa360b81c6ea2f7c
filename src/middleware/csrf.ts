import express, { type Router } from "express";
import { csrfSync } from "csrf-sync";

/** Synchroniser-token CSRF protection for every form post; the token lives in the session. */
export function setUpCsrf(): Router {
  const router = express.Router();
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => {
      const body = req.body as { _csrf?: unknown } | undefined;
      return typeof body?._csrf === "string" ? body._csrf : req.get("x-csrf-token");
    },
    errorConfig: {
      statusCode: 403,
      message: "表单已过期或来源无效，请刷新页面后重新提交",
      code: "EBADCSRFTOKEN",
    },
  });
  router.use(csrfSynchronisedProtection);
  router.use((req, res, next) => {
    res.locals.csrfToken = generateToken(req);
    next();
  });
  return router;
}
