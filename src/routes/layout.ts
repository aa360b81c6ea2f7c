import type { NextFunction, Request, Response } from "express";
import type { Role } from "../people/roles.js";
import { hasRole } from "../people/scope.js";
import { canSeeStats } from "../reports/access.js";

export const LARGE_TEXT_COOKIE = "fq_text";

const GRID_ROLES: Role[] = ["grid_worker", "dispatcher", "department_staff"];

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
  // 研判 and 管控 (src/grid-analysis/scope.ts decides, with 404; these only show the links).
  res.locals.canSeeAnalysis = hasRole(req.user, "admin", "officer", "dispatcher");
  res.locals.canSeeWatch = hasRole(req.user, "admin", "officer", "dispatcher", "director");
  res.locals.canSeeMessages = hasRole(req.user, "admin", "director");
  // The grid's people (网格员, 调度员, 职能部门) work no cases: no 案件 or 调解员 in their navigation.
  res.locals.onlyGrid = !!req.user?.roles.every((r) => GRID_ROLES.includes(r));
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
