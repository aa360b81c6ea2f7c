import type { NextFunction, Request, Response } from "express";
import { ForbiddenError } from "../errors.js";
import { hasRole } from "../people/scope.js";
import type { Role } from "../people/roles.js";

/** A whole page or API area for some roles only: others get 403 (records out of scope get 404). */
export function requireRole(...roles: Role[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (hasRole(req.user, ...roles)) return next();
    next(new ForbiddenError());
  };
}
