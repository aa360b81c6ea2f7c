import type { Knex } from "knex";
import { toAgreement } from "../cases/case-rows.js";
import type { PartyView } from "../cases/views.js";
import { maskIp, maskPhone } from "./mask.js";
import { currentSignatures } from "./rules.js";
import type { ESignatureView, ESignedView, SigningView } from "./views.js";

/**
 * All the SQL of electronic signing: the agreement out for signing (agreements.status 'signing'),
 * the parties' signatures (agreement_e_signatures), the committee's seal image (organisation_seals).
 */

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** Every column but the image. */
const META = [
  "id",
  "party_id",
  "hash",
  "signed_at",
  "phone",
  "ip",
  "user_agent",
  "provider",
  "image_sha256",
  "void_at",
  "void_reason",
];

function toSignature(r: Row, names: Map<number, string>): ESignatureView {
  return {
    id: Number(r.id),
    partyId: Number(r.party_id),
    partyName: names.get(Number(r.party_id)) ?? "",
    hash: String(r.hash),
    signedAt: String(r.signed_at),
    phone: String(r.phone),
    phoneMasked: maskPhone(String(r.phone)),
    ip: str(r.ip),
    ipMasked: maskIp(str(r.ip)),
    userAgent: str(r.user_agent),
    provider: String(r.provider),
    imageSha256: String(r.image_sha256),
    voidAt: str(r.void_at),
    voidReason: str(r.void_reason),
  };
}

/** The case's agreement out for signing with its signatures, or null. */
export async function loadSigning(db: Db, caseId: number, parties: PartyView[]): Promise<SigningView | null> {
  const a = (await db("agreements")
    .where({ case_id: caseId, status: "signing" })
    .orderBy("id", "desc")
    .first()) as Row | undefined;
  if (!a) return null;
  const names = new Map(parties.map((p) => [p.id, p.name]));
  const obligations = (await db("obligations").where({ agreement_id: a.id }).orderBy("idx")) as Row[];
  const agreement = {
    ...toAgreement({ ...a, effective_on: "" }, [], obligations, names),
    status: "signing" as const,
  };
  const rows = (await db("agreement_e_signatures")
    .where({ case_id: caseId })
    .orderBy("id", "desc")
    .select(META)) as Row[];
  const all = rows.map((r) => toSignature(r, names));
  const hash = String(a.signing_hash);
  const signatures = currentSignatures(all, hash).reverse();
  return {
    agreement,
    text: String(a.signing_text),
    hash,
    sentAt: String(a.sent_for_signing_at),
    signatures,
    voided: all.filter((s) => s.voidAt),
    parties: parties.map((p) => ({
      partyId: p.id,
      name: p.name,
      signature: signatures.find((s) => s.partyId === p.id) ?? null,
    })),
    unsigned: parties
      .filter((p) => !signatures.some((s) => s.partyId === p.id))
      .map((p) => ({ partyId: p.id, name: p.name })),
  };
}

/** The text, hash and signatures of an effective agreement signed on the phone; null for paper. */
export async function loadESigned(db: Db, agreement: Row, parties: PartyView[]): Promise<ESignedView | null> {
  if (!agreement.signing_hash) return null;
  const names = new Map(parties.map((p) => [p.id, p.name]));
  const rows = (await db("agreement_e_signatures")
    .where({ agreement_id: agreement.id })
    .whereNull("void_at")
    .orderBy("id")
    .select(META)) as Row[];
  return {
    text: String(agreement.signing_text),
    hash: String(agreement.signing_hash),
    signatures: rows.map((r) => toSignature(r, names)),
  };
}

/** Signature images by id (for the PDF and the staff page). */
export async function signatureImages(db: Db, ids: number[]): Promise<Map<number, Buffer>> {
  if (!ids.length) return new Map();
  const rows = (await db("agreement_e_signatures").whereIn("id", ids).select("id", "image")) as Row[];
  return new Map(rows.map((r) => [Number(r.id), Buffer.from(r.image as Uint8Array)]));
}

/** One signature's image with its case (the route checks the case is in sight). */
export async function signatureImage(db: Db, id: number): Promise<{ caseId: number; image: Buffer } | null> {
  const r = (await db("agreement_e_signatures").where({ id }).first("case_id", "image")) as Row | undefined;
  return r ? { caseId: Number(r.case_id), image: Buffer.from(r.image as Uint8Array) } : null;
}

/** The issued agreement's agreement row (by case), for /verify: the text and hash kept. */
export async function signedTextOf(db: Db, caseId: number, hash: string): Promise<string | null> {
  const r = (await db("agreements")
    .where({ case_id: caseId, signing_hash: hash })
    .orderBy("id", "desc")
    .first("signing_text")) as Row | undefined;
  return r ? String(r.signing_text) : null;
}

export async function findSeal(
  db: Db,
  organisationId: number,
): Promise<{ image: Buffer; sha256: string; uploadedAt: string } | null> {
  const r = (await db("organisation_seals").where({ organisation_id: organisationId }).first()) as
    Row | undefined;
  return r
    ? {
        image: Buffer.from(r.image as Uint8Array),
        sha256: String(r.sha256),
        uploadedAt: String(r.uploaded_at),
      }
    : null;
}

export async function saveSeal(
  trx: Knex.Transaction,
  s: { organisationId: number; image: Buffer; sha256: string; by: number; at: string },
): Promise<string | null> {
  const before = (await trx("organisation_seals")
    .where({ organisation_id: s.organisationId })
    .first("sha256")) as Row | undefined;
  const row = { image: s.image, sha256: s.sha256, uploaded_by: s.by, uploaded_at: s.at };
  if (before) await trx("organisation_seals").where({ organisation_id: s.organisationId }).update(row);
  else await trx("organisation_seals").insert({ organisation_id: s.organisationId, ...row });
  return before ? String(before.sha256) : null;
}

/** The writes of drafting, signing and sealing, bound to one transaction (ActionStore.signing()). */
export class SigningStore {
  constructor(readonly trx: Knex.Transaction) {}

  /**
   * A new text out for signing: the previous one (if any) withdrawn; signatures on another hash
   * voided with the reason, those on the same hash carried over. Returns the new agreement's id
   * and how many signatures were voided.
   */
  async draft(
    caseId: number,
    agreement: Record<string, unknown> & { signing_hash: string },
    obligations: readonly Record<string, unknown>[],
    voidReason: string,
    at: string,
  ): Promise<{ agreementId: number; voided: number }> {
    await this.trx("agreements")
      .where({ case_id: caseId, status: "signing" })
      .update({ status: "withdrawn" });
    const [row] = await this.trx("agreements")
      .insert({ ...agreement, case_id: caseId, status: "signing", effective_on: null })
      .returning("id");
    const agreementId = Number(typeof row === "object" && row ? (row as { id: unknown }).id : row);
    await this.trx("obligations").insert(
      obligations.map((o) => ({ ...o, agreement_id: agreementId, case_id: caseId })),
    );
    const open = () => this.trx("agreement_e_signatures").where({ case_id: caseId }).whereNull("void_at");
    const voided = await open()
      .whereNot("hash", agreement.signing_hash)
      .update({ void_at: at, void_reason: voidReason });
    await open().where("hash", agreement.signing_hash).update({ agreement_id: agreementId });
    return { agreementId, voided: Number(voided) };
  }

  /** Voids every open signature of the case (the agreement recorded on paper instead). */
  async voidAll(caseId: number, reason: string, at: string): Promise<number> {
    await this.trx("agreements")
      .where({ case_id: caseId, status: "signing" })
      .update({ status: "withdrawn" });
    return Number(
      await this.trx("agreement_e_signatures")
        .where({ case_id: caseId })
        .whereNull("void_at")
        .update({ void_at: at, void_reason: reason }),
    );
  }

  async addSignature(row: {
    caseId: number;
    agreementId: number;
    partyId: number;
    hash: string;
    signedAt: string;
    phone: string;
    ip: string | null;
    userAgent: string | null;
    provider: string;
    evidence: Record<string, string>;
    image: Buffer;
    imageSha256: string;
  }): Promise<number> {
    const [inserted] = await this.trx("agreement_e_signatures")
      .insert({
        case_id: row.caseId,
        agreement_id: row.agreementId,
        party_id: row.partyId,
        hash: row.hash,
        signed_at: row.signedAt,
        phone: row.phone,
        ip: row.ip,
        user_agent: row.userAgent,
        provider: row.provider,
        evidence_json: JSON.stringify(row.evidence),
        image: row.image,
        image_sha256: row.imageSha256,
      })
      .returning("id");
    return Number(typeof inserted === "object" && inserted ? (inserted as { id: unknown }).id : inserted);
  }

  /** The signed agreement takes effect on `sealedOn`: an earlier effective one is superseded. */
  async seal(
    caseId: number,
    agreementId: number,
    s: { sealedOn: string; sealedBy: number; signatures: { partyId: number; signedOn: string }[] },
  ): Promise<void> {
    await this.trx("agreements")
      .where({ case_id: caseId, status: "effective" })
      .update({ status: "superseded" });
    await this.trx("agreements").where({ id: agreementId, status: "signing" }).update({
      status: "effective",
      effective_on: s.sealedOn,
      mediator_signed_on: s.sealedOn,
      sealed_on: s.sealedOn,
      sealed_by: s.sealedBy,
    });
    await this.trx("agreement_signatures").insert(
      s.signatures.map((x) => ({
        agreement_id: agreementId,
        party_id: x.partyId,
        signed_on: x.signedOn,
        method: "sign",
      })),
    );
  }
}
