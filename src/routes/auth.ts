import express, { type Request, type Response, type Router } from "express";
import type { Passport } from "../middleware/auth.js";
import { loginRateLimit } from "../middleware/auth.js";
import type { SessionUser } from "../people/scope.js";
import type { Services } from "../services.js";
import { safeRedirect } from "./layout.js";

function renderLogin(res: Response, status: number, data: Record<string, unknown>) {
  res.status(status).render("pages/auth/login", { title: "登录", ...data });
}

export function authRoutes(services: Services, passport: Passport): Router {
  const router = express.Router();

  router.get("/login", (req, res) => {
    if (req.user) return res.redirect("/");
    renderLogin(res, 200, { next: safeRedirect(req.query.next), loggedOut: req.query.loggedOut === "1" });
  });

  const limiter = loginRateLimit(services, (req: Request, res: Response) => {
    const body = req.body as { username?: string; next?: string };
    renderLogin(res, 429, {
      error: "登录尝试次数过多，请 15 分钟后再试。",
      username: body.username,
      next: safeRedirect(body.next),
    });
  });

  router.post("/login", limiter, (req, res, next) => {
    const body = req.body as { username?: string; next?: string };
    const target = safeRedirect(body.next);
    if (!body.username?.trim() || !(req.body as { password?: string }).password) {
      return renderLogin(res, 400, { error: "请填写用户名和密码。", username: body.username, next: target });
    }
    passport.authenticate("local", (err: unknown, user: SessionUser | false) => {
      if (err) return next(err);
      if (!user) {
        return renderLogin(res, 401, {
          error: "用户名或密码错误，请重新输入。",
          username: body.username,
          next: target,
        });
      }
      req.logIn(user, { session: true, keepSessionInfo: true }, (loginErr) => {
        if (loginErr) return next(loginErr);
        res.redirect(303, target);
      });
    })(req, res, next);
  });

  router.post("/logout", (req, res, next) => {
    req.logout((err) => {
      if (err) return next(err);
      res.redirect(303, "/login?loggedOut=1");
    });
  });

  return router;
}
