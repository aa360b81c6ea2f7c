import type { Knex } from "knex";
import { formatCaseNumber } from "./numbering.js";

/**
 * Takes the committee's next number for the year inside the caller's transaction. The upsert
 * locks the counter row (PostgreSQL) or runs under SQLite's single writer, so concurrent intakes
 * get consecutive numbers; the issued number is recorded, so none is ever reused.
 */
export async function nextCaseNumber(
  trx: Knex.Transaction,
  org: { id: number; numberPrefix: string },
  year: number,
): Promise<{ seq: number; number: string; record(caseId: number): Promise<void> }> {
  // One statement: create the counter at 1 or add 1 to it, and read it back (RETURNING).
  const [row] = (await trx("number_sequences")
    .insert({ organisation_id: org.id, year, last_seq: 1 })
    .onConflict(["organisation_id", "year"])
    .merge({ last_seq: trx.raw("?? + 1", ["number_sequences.last_seq"]) })
    .returning("last_seq")) as { last_seq: number | string }[];
  const seq = Number(row!.last_seq);
  const number = formatCaseNumber(year, org.numberPrefix, seq);
  return {
    seq,
    number,
    record: async (caseId: number) => {
      await trx("case_numbers").insert({ organisation_id: org.id, year, seq, number, case_id: caseId });
    },
  };
}
