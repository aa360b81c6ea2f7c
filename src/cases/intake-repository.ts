import type { Knex } from "knex";
import type { FieldError } from "../errors.js";
import { nextCaseNumber } from "./numbers.js";
import { partyColumns, type PartyParticulars } from "./party-rows.js";
import { reindexCases, writeSearchDocument } from "./search-index.js";

type Db = Knex | Knex.Transaction;

/** Intake's reads and writes: references, numbering, the new case with its parties, idempotency keys. */

/** A unique index refused the insert (both dialects' spellings). */
export const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; message?: string };
  return e.code === "23505" || e.code === "SQLITE_CONSTRAINT" || /UNIQUE constraint/.test(e.message ?? "");
};

export async function idempotentCase(
  db: Db,
  userId: number,
  key: string,
): Promise<{ caseId: number; bodyHash: string } | null> {
  const row = await db("idempotency_keys").where({ user_id: userId, key }).first();
  return row ? { caseId: Number(row.case_id), bodyHash: String(row.body_hash) } : null;
}

export async function rememberIdempotencyKey(
  trx: Knex.Transaction,
  k: { userId: number; key: string; bodyHash: string; caseId: number; at: string },
): Promise<void> {
  await trx("idempotency_keys").insert({
    user_id: k.userId,
    key: k.key,
    body_hash: k.bodyHash,
    case_id: k.caseId,
    created_at: k.at,
  });
}

/** The references an intake names that do not exist (type, place, referring court). */
export async function missingReferences(
  trx: Knex | Knex.Transaction,
  data: { typeCode: string; regionCode: string; referringCourtId?: number },
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (!(await trx("dispute_types").where({ code: data.typeCode, active: true }).first())) {
    errors.push({ field: "typeCode", message: "纠纷类型不存在" });
  }
  if (!(await trx("regions").where({ code: data.regionCode }).first())) {
    errors.push({ field: "regionCode", message: "纠纷发生地（区划代码）不存在" });
  }
  if (
    data.referringCourtId &&
    !(await trx("organisations").where({ id: data.referringCourtId, kind: "court" }).first())
  ) {
    errors.push({ field: "referringCourtId", message: "委派法院不存在" });
  }
  return errors;
}

export async function committee(
  trx: Knex | Knex.Transaction,
  id: number,
): Promise<{ id: number; numberPrefix: string }> {
  const org = await trx("organisations").where({ id }).first();
  return { id: Number(org.id), numberPrefix: String(org.number_prefix) };
}

/** A 补录 number is taken when the committee has the paper number or any case has the number. */
export async function paperNumberTaken(
  trx: Knex.Transaction,
  organisationId: number,
  paperNumber: string,
  number: string,
): Promise<boolean> {
  const taken = await trx("cases")
    .where((q) => q.where({ organisation_id: organisationId, paper_number: paperNumber }))
    .orWhere({ number })
    .first();
  return !!taken;
}

/** The series' next number for the year, recorded against the case once it has an id. */
export function issueNumber(trx: Knex.Transaction, org: { id: number; numberPrefix: string }, year: number) {
  return nextCaseNumber(trx, org, year);
}

/** The new case row, its parties (in order) and its search entry; returns its id. */
export async function insertCase(
  trx: Knex.Transaction,
  row: Record<string, unknown>,
  parties: readonly (PartyParticulars & { side: string })[],
): Promise<number> {
  const [inserted] = await trx("cases").insert(row).returning("id");
  const caseId = Number(typeof inserted === "object" ? inserted.id : inserted);
  await trx("parties").insert(
    parties.map((p, position) => ({ case_id: caseId, position, side: p.side, ...partyColumns(p) })),
  );
  return caseId;
}

/** After the number is recorded: the search index holds the number. */
export function indexCase(trx: Knex.Transaction, caseId: number): Promise<void> {
  return reindexCases(trx, [caseId]);
}

/** The search entry of a case just inserted, from what was inserted (no read back, nothing to delete). */
export function indexNewCase(
  trx: Knex.Transaction,
  kase: {
    caseId: number;
    organisationId: number;
    number: string;
    summary: string | null;
    partyNames: readonly string[];
  },
): Promise<void> {
  return writeSearchDocument(trx, kase);
}
