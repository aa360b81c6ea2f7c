import type { Knex } from "knex";
import {
  findPreview,
  insertPreview,
  markPreviewConfirmed,
  type ImportPreview,
} from "../shared/import-previews.js";
import type { LedgerRow } from "./parse.js";

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

/** A kept ledger preview (table ledger_imports). */
export type LedgerImportRecord = ImportPreview<LedgerRow>;

/** Dispute types by name, by name with 纠纷, and by code. */
export async function disputeTypesByName(db: Db): Promise<Map<string, { code: string; name: string }>> {
  const types = (await db("dispute_types").select("code", "name")) as Row[];
  const map = new Map<string, { code: string; name: string }>();
  for (const t of types) {
    const v = { code: String(t.code), name: String(t.name) };
    map.set(v.name, v);
    map.set(`${v.name}纠纷`, v);
    map.set(v.code, v);
  }
  return map;
}

/** The committee's paper numbers already in use, and all case numbers (an imported number must not clash with either). */
export async function takenNumbers(db: Db, organisationId: number, numbers: string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < numbers.length; i += 500) {
    const part = numbers.slice(i, i + 500);
    const rows = (await db("cases")
      .where((q) => q.where("organisation_id", organisationId).whereIn("paper_number", part))
      .orWhereIn("number", part)
      .select("paper_number", "number")) as Row[];
    for (const r of rows) {
      if (part.includes(String(r.paper_number))) taken.add(String(r.paper_number));
      if (part.includes(String(r.number))) taken.add(String(r.number));
    }
  }
  return taken;
}

export async function organisation(db: Db, id: number): Promise<Row | undefined> {
  return (await db("organisations").where({ id }).first()) as Row | undefined;
}

export const insertImport = (
  db: Db,
  rec: { userId: number; organisationId: number; filename: string; rows: LedgerRow[]; now: string },
): Promise<number> => insertPreview(db, "ledger_imports", rec);

export const findImport = (db: Db, id: number): Promise<LedgerImportRecord | undefined> =>
  findPreview<LedgerRow>(db, "ledger_imports", id);

/** Marks the preview confirmed if it is still at that version; false if someone got there first. */
export const markConfirmed = (trx: Knex.Transaction, id: number, version: number, now: string) =>
  markPreviewConfirmed(trx, "ledger_imports", id, version, now);

/** Who back-entered a case, and when; null for a case registered in Fengqiao. */
export async function backfillNote(
  db: Db,
  caseId: number,
): Promise<{ paperNumber: string | null; by: string; at: string; importId: number | null } | null> {
  const row = (await db("cases as c")
    .join("users as u", "u.id", "c.backfilled_by")
    .where("c.id", caseId)
    .select("c.paper_number", "c.backfilled_at", "c.ledger_import_id", "u.display_name")
    .first()) as Row | undefined;
  if (!row) return null;
  return {
    paperNumber: (row.paper_number as string | null) ?? null,
    by: String(row.display_name),
    at: String(row.backfilled_at),
    importId: row.ledger_import_id === null ? null : Number(row.ledger_import_id),
  };
}
