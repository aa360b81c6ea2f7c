import type { Knex } from "knex";
import type { LedgerRow } from "./parse.js";

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

export interface LedgerImportRecord {
  id: number;
  userId: number;
  organisationId: number;
  organisationName: string;
  filename: string;
  status: "preview" | "confirmed";
  version: number;
  rows: LedgerRow[];
  validRows: number;
  errorRows: number;
  createdAt: string;
  confirmedAt: string | null;
}

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

export async function insertImport(
  db: Db,
  rec: { userId: number; organisationId: number; filename: string; rows: LedgerRow[]; now: string },
): Promise<number> {
  const valid = rec.rows.filter((r) => r.errors.length === 0).length;
  const [row] = await db("ledger_imports")
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
  return Number(typeof row === "object" ? row.id : row);
}

export async function findImport(db: Db, id: number): Promise<LedgerImportRecord | undefined> {
  const row = (await db("ledger_imports as i")
    .join("organisations as o", "o.id", "i.organisation_id")
    .where("i.id", id)
    .select("i.*", "o.name as org_name")
    .first()) as Row | undefined;
  if (!row) return undefined;
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    organisationId: Number(row.organisation_id),
    organisationName: String(row.org_name),
    filename: String(row.filename),
    status: row.status as LedgerImportRecord["status"],
    version: Number(row.version),
    rows: JSON.parse(String(row.rows_json)) as LedgerRow[],
    validRows: Number(row.valid_rows),
    errorRows: Number(row.error_rows),
    createdAt: String(row.created_at),
    confirmedAt: (row.confirmed_at as string | null) ?? null,
  };
}

/** Marks the preview confirmed if it is still at that version; false if someone got there first. */
export async function markConfirmed(trx: Knex.Transaction, id: number, version: number, now: string) {
  const n = await trx("ledger_imports")
    .where({ id, version, status: "preview" })
    .update({ status: "confirmed", confirmed_at: now, version: version + 1 });
  return n === 1;
}

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
