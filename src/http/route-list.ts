import type { NextFunction, Request, Response, Router } from "express";
import { sendProblem } from "./problem.js";

export interface RouteEntry {
  method: string;
  path: string;
}

interface StackLayer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: StackLayer[] };
}

/**
 * Every method and path a router answers, read from its stack (nested routers included), e.g.
 * `{method: "GET", path: "/api/v1/cases/:id"}`. Used for 405 answers and by the security tests,
 * which walk the whole application so that a new route is covered without being listed.
 */
export function listRoutes(router: { stack: unknown[] }, prefix = ""): RouteEntry[] {
  const out: RouteEntry[] = [];
  for (const layer of router.stack as StackLayer[]) {
    if (layer.route) {
      for (const path of [layer.route.path].flat()) {
        if (typeof path !== "string") continue;
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== "_all") out.push({ method: method.toUpperCase(), path: join(prefix, path) });
        }
      }
    } else if (layer.handle?.stack) {
      const at = typeof layer.rawPath === "string" && layer.rawPath !== "/" ? layer.rawPath : "";
      out.push(...listRoutes({ stack: layer.handle.stack }, join(prefix, at)));
    }
  }
  return out;
}

function join(a: string, b: string): string {
  return (a + b).replace(/\/+/g, "/").replace(/(.)\/$/, "$1") || "/";
}

/** A route pattern (`/cases/:id/actions/:action`) as a regular expression over a request path. */
export function routePattern(path: string): RegExp {
  const source = path
    .split("/")
    .map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source}/?$`);
}

/**
 * What the API answers when none of its routes took a request (issue 14, L3): 405 with `Allow`
 * when the path exists under other methods, otherwise 404 — problem+json, never the web pages'
 * answers (a form's CSRF refusal, an HTML 404).
 */
export function apiFallback(api: Router, mountedAt: string) {
  let routes: { pattern: RegExp; method: string }[] | undefined;
  return (req: Request, res: Response, _next: NextFunction): void => {
    void _next;
    routes ??= listRoutes(api, mountedAt).map((r) => ({ pattern: routePattern(r.path), method: r.method }));
    const path = req.originalUrl.split("?")[0]!;
    const allowed = new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method));
    if (allowed.size === 0 || (req.method === "HEAD" && allowed.has("GET"))) {
      return sendProblem(res, 404, "找不到该资源，或您无权查看");
    }
    if (allowed.has("GET")) allowed.add("HEAD");
    res.set("Allow", [...allowed].sort().join(", "));
    sendProblem(res, 405, `该资源不支持 ${req.method} 方法`);
  };
}
