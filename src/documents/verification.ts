import { createHash, randomInt } from "node:crypto";
import type { Knex } from "knex";

/** Crockford base32 without look-alikes: codes are read aloud and typed by hand. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function currentIssue(
  knex: Knex,
  req: IssueRequest,
): Promise<{ code: string; fingerprint: string } | undefined> {
  return knex("document_issues")
    .where({ case_id: req.caseId, kind: req.kind, ref: req.ref })
    .whereNull("superseded_at")
    .orderBy("id", "desc")
    .first("code", "fingerprint");
}

export function newCode(): string {
  let s = "";
  for (let i = 0; i < 12; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

export function normaliseCode(raw: string): string {
  const s = raw
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  return s.length === 12 ? `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}` : raw;
}

export function fingerprint(content: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(content ?? null))
    .digest("hex");
}

export interface IssueRequest {
  caseId: number;
  kind: string;
  ref: string;
  fingerprint: string;
  title: string;
  caseNumber: string;
  committeeName: string;
  documentDate: string | null;
  /** An agreement signed on the phone: the SHA-256 of the text its signatures cover (src/signing/). */
  signedHash?: string | null;
}

/**
 * The verification code for a document: the current one when its content is unchanged, otherwise
 * a new one, with the previous copy marked superseded. One transaction per issue; a document
 * printed again unchanged (the usual case) is one read, no transaction (no write lock on SQLite).
 */
export async function issueCode(knex: Knex, req: IssueRequest, now: string): Promise<string> {
  const unchanged = await currentIssue(knex, req);
  if (unchanged && unchanged.fingerprint === req.fingerprint) return String(unchanged.code);
  return knex.transaction(async (trx) => {
    const current = await currentIssue(trx, req);
    if (current && current.fingerprint === req.fingerprint) return String(current.code);
    if (current) {
      await trx("document_issues")
        .where({ case_id: req.caseId, kind: req.kind, ref: req.ref })
        .whereNull("superseded_at")
        .update({ superseded_at: now });
    }
    const code = newCode();
    await trx("document_issues").insert({
      code,
      case_id: req.caseId,
      kind: req.kind,
      ref: req.ref,
      fingerprint: req.fingerprint,
      title: req.title,
      case_number: req.caseNumber,
      committee_name: req.committeeName,
      document_date: req.documentDate,
      signed_hash: req.signedHash ?? null,
      issued_at: now,
    });
    return code;
  });
}

export interface VerifiedDocument {
  code: string;
  title: string;
  caseNumber: string;
  committeeName: string;
  documentDate: string | null;
  issuedAt: string;
  supersededAt: string | null;
  caseId: number;
  signedHash: string | null;
}

export async function lookUpCode(knex: Knex, raw: string): Promise<VerifiedDocument | null> {
  const row = await knex("document_issues")
    .where({ code: normaliseCode(raw) })
    .first();
  if (!row) return null;
  return {
    code: row.code,
    title: row.title,
    caseNumber: row.case_number,
    committeeName: row.committee_name,
    documentDate: row.document_date ?? null,
    issuedAt: row.issued_at,
    supersededAt: row.superseded_at ?? null,
    caseId: Number(row.case_id),
    signedHash: row.signed_hash ?? null,
  };
}
