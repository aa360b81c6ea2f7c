import type { Knex } from "knex";
import { phoneSpellings } from "../portal/cases-repository.js";

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

export interface EvidenceRow {
  id: number;
  caseId: number;
  name: string;
  description: string | null;
  mime: string;
  size: number;
  sha256: string;
  uploadedByUserId: number | null;
  uploadedByPartyId: number | null;
  /** The user's display name, or the party's name. */
  uploaderName: string | null;
  uploadedAt: string;
}

export interface NewEvidence {
  caseId: number;
  name: string;
  description: string | null;
  mime: string;
  sha256: string;
  content: Buffer;
  thumbnail: Buffer | null;
  uploadedByUserId: number | null;
  uploadedByPartyId: number | null;
  uploadedAt: string;
}

const LISTED = [
  "e.id",
  "e.case_id",
  "e.name",
  "e.description",
  "e.mime",
  "e.size",
  "e.sha256",
  "e.uploaded_by_user_id",
  "e.uploaded_by_party_id",
  "e.uploaded_at",
  "u.display_name as user_name",
  "p.name as party_name",
];

function toRow(r: Row): EvidenceRow {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const partyId = num(r.uploaded_by_party_id);
  const userId = num(r.uploaded_by_user_id);
  return {
    id: Number(r.id),
    caseId: Number(r.case_id),
    name: String(r.name),
    description: r.description === null || r.description === undefined ? null : String(r.description),
    mime: String(r.mime),
    size: Number(r.size),
    sha256: String(r.sha256),
    uploadedByUserId: userId,
    uploadedByPartyId: partyId,
    uploaderName: (r.user_name ?? r.party_name ?? null) as string | null,
    uploadedAt: String(r.uploaded_at),
  };
}

/** The SQL of evidence: rows without their bytes for lists, the bytes one file at a time. */
export class EvidenceRepository {
  constructor(private readonly knex: Knex) {}

  private listed(db: Db) {
    return db("evidence as e")
      .leftJoin("users as u", "u.id", "e.uploaded_by_user_id")
      .leftJoin("parties as p", "p.id", "e.uploaded_by_party_id")
      .select(LISTED);
  }

  async forCase(caseId: number): Promise<EvidenceRow[]> {
    const rows = (await this.listed(this.knex).where("e.case_id", caseId).orderBy("e.id")) as Row[];
    return rows.map(toRow);
  }

  async find(id: number): Promise<EvidenceRow | null> {
    const r = (await this.listed(this.knex).where("e.id", id).first()) as Row | undefined;
    return r ? toRow(r) : null;
  }

  /** The stored bytes: the file, or its thumbnail (null when it has none). */
  async bytes(id: number, which: "content" | "thumbnail"): Promise<Buffer | null> {
    const r = (await this.knex("evidence").where({ id }).first(which)) as Row | undefined;
    const v = r?.[which];
    return Buffer.isBuffer(v) ? v : v instanceof Uint8Array ? Buffer.from(v) : null;
  }

  async insert(trx: Db, e: NewEvidence): Promise<number> {
    const [row] = (await trx("evidence")
      .insert({
        case_id: e.caseId,
        name: e.name,
        description: e.description,
        mime: e.mime,
        size: e.content.length,
        sha256: e.sha256,
        content: e.content,
        thumbnail: e.thumbnail,
        uploaded_by_user_id: e.uploadedByUserId,
        uploaded_by_party_id: e.uploadedByPartyId,
        uploaded_at: e.uploadedAt,
      })
      .returning("id")) as ({ id: number } | number)[];
    return typeof row === "object" ? Number(row.id) : Number(row);
  }

  /** The parties of this case (by id) who have this phone as their own or their agent's. */
  async partiesWithPhone(caseId: number, phone: string): Promise<{ id: number; name: string }[]> {
    const spellings = phoneSpellings(phone);
    const rows = (await this.knex("parties")
      .where("case_id", caseId)
      .andWhere((w) => w.whereIn("phone", spellings).orWhereIn("agent_phone", spellings))
      .orderBy("id")
      .select("id", "name")) as Row[];
    return rows.map((r) => ({ id: Number(r.id), name: String(r.name) }));
  }

  async count(caseId?: number): Promise<number> {
    const q = this.knex("evidence").count({ n: "*" });
    if (caseId !== undefined) q.where({ case_id: caseId });
    const [r] = (await q) as { n: number | string }[];
    return Number(r?.n ?? 0);
  }
}
