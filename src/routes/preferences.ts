import express, { type Router } from "express";
import { LARGE_TEXT_COOKIE, safeRedirect, wantsLargeText } from "./layout.js";

/**
 * The 大字 toggle: a plain form post, so it works without JavaScript and before login. The parties'
 * pages post to /my/preferences/text-size, on their own session and CSRF token, so the toggle works
 * there even when a staff user is signed in in the same browser.
 */
export function preferenceRoutes(): Router {
  const router = express.Router();
  router.post(["/preferences/text-size", "/my/preferences/text-size"], (req, res) => {
    const large = !wantsLargeText(req);
    res.cookie(LARGE_TEXT_COOKIE, large ? "large" : "normal", {
      maxAge: 365 * 24 * 3600 * 1000,
      httpOnly: true,
      sameSite: "lax",
    });
    const body = req.body as { returnTo?: unknown };
    res.redirect(303, safeRedirect(body.returnTo));
  });
  return router;
}
