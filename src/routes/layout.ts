import type { NextFunction, Request, Response } from "express";
import { hasRole } from "../people/scope.js";
import { canSeeStats } from "../reports/access.js";

export const LARGE_TEXT_COOKIE = "fq_text";

export function wantsLargeText(req: Request): boolean {
  return (req.headers.cookie ?? "").split(";").some((c) => c.trim() === `${LARGE_TEXT_COOKIE}=large`);
}

/** What the layout needs on every page: text size, navigation for the user's roles, where we are. */
export function layoutLocals(req: Request, res: Response, next: NextFunction): void {
  res.locals.largeText = wantsLargeText(req);
  res.locals.currentPath = req.originalUrl;
  res.locals.isAdmin = hasRole(req.user, "admin");
  res.locals.isJudge = hasRole(req.user, "judge");
  res.locals.canSeeStats = canSeeStats(req.user);
  res.locals.canSeeMessages = hasRole(req.user, "admin", "director");
  next();
}

/** Only same-site relative paths are followed after login or a preference change. */
export function safeRedirect(target: unknown, fallback = "/"): string {
  return typeof target === "string" &&
    target.startsWith("/") &&
    !target.startsWith("//") &&
    !target.includes("\\")
    ? target
    : fallback;
}
