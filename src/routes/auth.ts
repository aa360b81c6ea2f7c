import express, { type Response, type Router } from "express";
import type { Passport } from "../middleware/auth.js";
import type { Services } from "../services.js";
import { safeRedirect } from "./layout.js";

function renderLogin(res: Response, status: number, data: Record<string, unknown>) {
  res.status(status).render("pages/auth/login", { title: "登录", ...data });
}

/** Minutes, rounded up, for “请 N 分钟后再试”. */
const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

export function authRoutes(services: Services, _passport: Passport): Router {
  const router = express.Router();

  router.get("/login", (req, res) => {
    if (req.user) return res.redirect("/");
    renderLogin(res, 200, { next: safeRedirect(req.query.next), loggedOut: req.query.loggedOut === "1" });
  });

  // One failed-login count per username across this form and the API, and one per address (M4).
  router.post("/login", async (req, res, next) => {
    const body = req.body as { username?: string; password?: string; next?: string };
    const target = safeRedirect(body.next);
    if (!body.username?.trim() || !body.password) {
      return renderLogin(res, 400, { error: "请填写用户名和密码。", username: body.username, next: target });
    }
    const result = await services.auth.login(body.username, body.password, req.ip ?? "unknown", "web");
    if (result.outcome === "locked") {
      res.set("Retry-After", String(result.retryAfterSeconds));
      return renderLogin(res, 429, {
        error: `登录尝试次数过多，请 ${minutes(result.retryAfterSeconds)} 分钟后再试。`,
        username: body.username,
        next: target,
      });
    }
    if (result.outcome === "failed") {
      return renderLogin(res, 401, {
        error: "用户名或密码错误，请重新输入。",
        username: body.username,
        next: target,
      });
    }
    req.logIn(result.user, { session: true, keepSessionInfo: true }, (loginErr) => {
      if (loginErr) return next(loginErr);
      req.session.loginAt = Date.now();
      res.redirect(303, target);
    });
  });

  router.post("/logout", (req, res, next) => {
    req.logout((err) => {
      if (err) return next(err);
      res.redirect(303, "/login?loggedOut=1");
    });
  });

  return router;
}
