import type { Knex } from "knex";

type Db = Knex | Knex.Transaction;

/** The tables that keep an uploaded table checked row by row until its uploader confirms it. */
export type PreviewTable = "ledger_imports" | "mediator_imports";

/** One kept preview: its rows as checked (each with its errors), and whether it was imported. */
export interface ImportPreview<R> {
  id: number;
  userId: number;
  organisationId: number;
  organisationName: string;
  filename: string;
  status: "preview" | "confirmed";
  version: number;
  rows: R[];
  validRows: number;
  errorRows: number;
  createdAt: string;
  confirmedAt: string | null;
}

/** Keeps the checked rows as a preview at version 1; returns its id. */
export async function insertPreview(
  db: Db,
  table: PreviewTable,
  rec: {
    userId: number;
    organisationId: number;
    filename: string;
    rows: { errors: unknown[] }[];
    now: string;
  },
): Promise<number> {
  const valid = rec.rows.filter((r) => r.errors.length === 0).length;
  const [row] = await db(table)
    .insert({
      user_id: rec.userId,
      organisation_id: rec.organisationId,
      filename: rec.filename,
      rows_json: JSON.stringify(rec.rows),
      valid_rows: valid,
      error_rows: rec.rows.length - valid,
      status: "preview",
      version: 1,
      created_at: rec.now,
    })
    .returning("id");
  // `returning` gives a row object on PostgreSQL, the bare value on SQLite.
  return Number(typeof row === "object" && row ? (row as { id: unknown }).id : row);
}

export async function findPreview<R>(
  db: Db,
  table: PreviewTable,
  id: number,
): Promise<ImportPreview<R> | undefined> {
  const row = (await db(`${table} as i`)
    .join("organisations as o", "o.id", "i.organisation_id")
    .where("i.id", id)
    .select("i.*", "o.name as org_name")
    .first()) as Record<string, unknown> | undefined;
  if (!row) return undefined;
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    organisationId: Number(row.organisation_id),
    organisationName: String(row.org_name),
    filename: String(row.filename),
    status: row.status as ImportPreview<R>["status"],
    version: Number(row.version),
    rows: JSON.parse(String(row.rows_json)) as R[],
    validRows: Number(row.valid_rows),
    errorRows: Number(row.error_rows),
    createdAt: String(row.created_at),
    confirmedAt: (row.confirmed_at as string | null) ?? null,
  };
}

/** Marks a preview confirmed if it still is one at `version`: false when it was confirmed or changed. */
export async function markPreviewConfirmed(
  trx: Knex.Transaction,
  table: PreviewTable,
  id: number,
  version: number,
  now: string,
): Promise<boolean> {
  const n = await trx(table)
    .where({ id, version, status: "preview" })
    .update({ status: "confirmed", confirmed_at: now, version: version + 1 });
  return n === 1;
}
