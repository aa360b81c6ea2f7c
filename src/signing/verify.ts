import type { Knex } from "knex";
import { textHash } from "./agreement-text.js";

export interface SignedTextCheck {
  hash: string;
  /** The kept text hashes to `hash`, and every party's signature covers exactly that hash. */
  matches: boolean;
  signatures: number;
}

/**
 * /verify/{code} for an agreement signed on the phone: recomputes the SHA-256 of the text kept
 * with the agreement and compares it with the hash the code was issued for and the hash each
 * signature was given on. Says nothing of the parties (the page shows no personal data).
 */
export async function checkSignedText(knex: Knex, caseId: number, hash: string): Promise<SignedTextCheck> {
  const a = (await knex("agreements")
    .where({ case_id: caseId, signing_hash: hash })
    .whereIn("status", ["effective", "superseded"])
    .orderBy("id", "desc")
    .first("id", "signing_text")) as { id: number; signing_text: string } | undefined;
  if (!a) return { hash, matches: false, signatures: 0 };
  const sigs = (await knex("agreement_e_signatures")
    .where({ agreement_id: a.id })
    .whereNull("void_at")
    .select("hash")) as { hash: string }[];
  const matches =
    textHash(String(a.signing_text)) === hash && sigs.length > 0 && sigs.every((s) => s.hash === hash);
  return { hash, matches, signatures: sigs.length };
}
