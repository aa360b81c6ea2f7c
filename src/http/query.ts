import type { Request } from "express";

/**
 * Query-string values with "" meaning not given, so an emptied filter box in a GET form and an
 * absent parameter read the same. Repeated or nested parameters (`?a=1&a=2`, `?a[b]=1`) are
 * dropped rather than guessed at: every filter takes one plain value.
 */
export function queryOf(req: Request): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.query).filter(([, v]) => typeof v === "string" && v !== "") as [string, string][],
  );
}
