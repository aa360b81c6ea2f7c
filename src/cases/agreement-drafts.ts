import type { Knex } from "knex";

/**
 * `agreement_drafts`: a written agreement saved before it is signed (one per case), the form's
 * values as JSON with their own version. All the SQL of drafts is here.
 */

type Db = Knex | Knex.Transaction;

export interface AgreementDraft {
  caseId: number;
  payload: Record<string, unknown>;
  version: number;
  updatedBy: string | null;
  updatedAt: string;
}

export async function findDraft(db: Db, caseId: number): Promise<AgreementDraft | null> {
  const row = await db("agreement_drafts as d")
    .leftJoin("users as u", "u.id", "d.updated_by")
    .where("d.case_id", caseId)
    .select("d.*", "u.display_name as updated_by_name")
    .first();
  if (!row) return null;
  return {
    caseId: Number(row.case_id),
    payload: JSON.parse(String(row.payload_json)) as Record<string, unknown>,
    version: Number(row.version),
    updatedBy: row.updated_by_name ? String(row.updated_by_name) : null,
    updatedAt: String(row.updated_at),
  };
}

/**
 * Writes the draft if it is still at `expected` (0: there is none yet); false when someone saved
 * it in between (or created it first: the primary key refuses the second insert).
 */
export async function saveDraft(
  trx: Knex.Transaction,
  d: { caseId: number; payload: unknown; expected: number; by: number; at: string },
): Promise<boolean> {
  const columns = { payload_json: JSON.stringify(d.payload), updated_by: d.by, updated_at: d.at };
  if (d.expected > 0) {
    const n = await trx("agreement_drafts")
      .where({ case_id: d.caseId, version: d.expected })
      .update({ ...columns, version: d.expected + 1 });
    return n === 1;
  }
  // The caller holds the case's lock and saw no draft; a racing insert still fails on the key.
  if (await trx("agreement_drafts").where({ case_id: d.caseId }).first("case_id")) return false;
  await trx("agreement_drafts").insert({ case_id: d.caseId, version: 1, ...columns });
  return true;
}

export async function deleteDraft(trx: Knex.Transaction, caseId: number): Promise<void> {
  await trx("agreement_drafts").where({ case_id: caseId }).delete();
}
