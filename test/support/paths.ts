import path from "node:path";

export const TMP_DIR = path.resolve(".tmp");

/** The local PostgreSQL that every machine (and CI) runs: trust auth, database `test`. */
export const PG_ADMIN_URL = process.env.FQ_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export function pgUrl(database: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}
