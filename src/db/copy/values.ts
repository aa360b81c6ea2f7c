import { q, type Column } from "./common.js";

/** SQL (SQLite) for a column's value in COPY's text format, by the PostgreSQL column type. */
export function copyExpression(column: Column): string {
  const c = q(column.name);
  const escaped = (expr: string) =>
    `replace(replace(replace(replace(${expr}, '\\', '\\\\'), char(9), '\\t'), char(10), '\\n'), char(13), '\\r')`;
  const numeric = `typeof(${c}) IN ('integer', 'real')`;
  let expr: string;
  switch (column.type) {
    case "boolean":
      expr = `CASE WHEN ${c} IS NULL THEN NULL WHEN ${numeric} THEN (CASE WHEN ${c} <> 0 THEN 't' ELSE 'f' END)
                   WHEN lower(trim(CAST(${c} AS TEXT))) IN ('1', 't', 'true', 'y', 'yes', 'on') THEN 't' ELSE 'f' END`;
      break;
    case "timestamp with time zone":
    case "timestamp without time zone":
      // Knex on SQLite may store a Date as epoch milliseconds.
      expr = `CASE WHEN ${numeric} THEN strftime('%Y-%m-%dT%H:%M:%fZ', ${c} / 1000.0, 'unixepoch') ELSE ${escaped(`CAST(${c} AS TEXT)`)} END`;
      break;
    case "date":
      expr = `CASE WHEN ${numeric} THEN strftime('%Y-%m-%d', ${c} / 1000.0, 'unixepoch') ELSE ${escaped(`CAST(${c} AS TEXT)`)} END`;
      break;
    case "bytea":
      // hex(NULL) is '' in SQLite, so without the CASE a NULL would arrive as an empty bytea.
      expr = `CASE WHEN ${c} IS NULL THEN NULL ELSE '\\\\x' || hex(${c}) END`;
      break;
    default:
      expr = escaped(`CAST(${c} AS TEXT)`);
  }
  return `COALESCE(${expr}, '\\N')`;
}

/** The conversion of a SQLite value for a PostgreSQL column type. */
export function converter(type: string): (v: unknown) => unknown {
  switch (type) {
    case "boolean":
      return (v) =>
        v === null || v === undefined
          ? null
          : typeof v === "string"
            ? /^(1|t|true|y|yes|on)$/i.test(v.trim())
            : Boolean(Number(v));
    case "text":
    case "character varying":
    case "character":
      return (v) =>
        v === null || v === undefined
          ? null
          : typeof v === "string"
            ? v
            : Buffer.isBuffer(v)
              ? v.toString("utf8")
              : String(v);
    case "json":
    case "jsonb":
      return (v) => (v === null || v === undefined ? null : typeof v === "string" ? v : JSON.stringify(v));
    case "timestamp with time zone":
    case "timestamp without time zone":
      // Knex on SQLite may store a Date as epoch milliseconds.
      return (v) => (typeof v === "number" ? new Date(v).toISOString() : (v ?? null));
    case "date":
      return (v) => (typeof v === "number" ? new Date(v).toISOString().slice(0, 10) : (v ?? null));
    default:
      return (v) => v ?? null;
  }
}
