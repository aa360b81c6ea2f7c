import type { Knex } from "knex";
import { phoneSpellings } from "../portal/cases-repository.js";

export interface PhoneParty {
  partyId: number;
  name: string;
}

export interface RatingRow {
  partyId: number;
  partyName: string;
  side: string;
  satisfaction: string;
  comment: string | null;
  ratedAt: string;
}

/** All SQL of the parties' ratings (case_ratings). */
export class RatingRepository {
  constructor(private readonly knex: Knex) {}

  transaction<T>(cb: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.knex.transaction(cb);
  }

  /** The case's status, or null when there is no such case. */
  async caseStatus(db: Knex | Knex.Transaction, caseId: number): Promise<string | null> {
    const row = (await db("cases").where({ id: caseId }).first("status")) as { status: string } | undefined;
    return row ? row.status : null;
  }

  /** The parties of the case this phone speaks for (its own phone first, then as agent). */
  async partiesForPhone(db: Knex | Knex.Transaction, caseId: number, phone: string): Promise<PhoneParty[]> {
    const spellings = phoneSpellings(phone);
    const rows = (await db("parties")
      .where({ case_id: caseId })
      .where((q) => q.whereIn("phone", spellings).orWhereIn("agent_phone", spellings))
      .select("id", "name", "phone")
      .orderBy("id")) as { id: number; name: string; phone: string | null }[];
    const own = (r: { phone: string | null }) => (r.phone !== null && spellings.includes(r.phone) ? 0 : 1);
    return rows
      .sort((a, b) => own(a) - own(b) || Number(a.id) - Number(b.id))
      .map((r) => ({ partyId: Number(r.id), name: String(r.name) }));
  }

  async ratedPartyIds(db: Knex | Knex.Transaction, caseId: number): Promise<Set<number>> {
    const rows = (await db("case_ratings").where({ case_id: caseId }).select("party_id")) as {
      party_id: number;
    }[];
    return new Set(rows.map((r) => Number(r.party_id)));
  }

  async insert(
    trx: Knex.Transaction,
    row: {
      caseId: number;
      partyId: number;
      satisfaction: string;
      comment: string | null;
      at: string;
      on: string;
    },
  ): Promise<number> {
    const [inserted] = (await trx("case_ratings")
      .insert({
        case_id: row.caseId,
        party_id: row.partyId,
        satisfaction: row.satisfaction,
        comment: row.comment,
        rated_at: row.at,
        rated_on: row.on,
      })
      .returning("id")) as ({ id: number } | number)[];
    return Number(typeof inserted === "object" ? inserted.id : inserted);
  }

  /** Every rating of a case, with who gave it, oldest first. */
  async forCase(caseId: number): Promise<RatingRow[]> {
    const rows = (await this.knex("case_ratings as r")
      .join("parties as p", "p.id", "r.party_id")
      .where("r.case_id", caseId)
      .orderBy("r.rated_at")
      .orderBy("r.id")
      .select("r.party_id", "p.name", "p.side", "r.satisfaction", "r.comment", "r.rated_at")) as Record<
      string,
      unknown
    >[];
    return rows.map((r) => ({
      partyId: Number(r.party_id),
      partyName: String(r.name),
      side: String(r.side),
      satisfaction: String(r.satisfaction),
      comment: r.comment === null ? null : String(r.comment),
      ratedAt: String(r.rated_at),
    }));
  }

  /** The ratings of the cases a mediator led (an assignment as lead, ended or not), newest first. */
  async forLeadMediator(mediatorId: number): Promise<(RatingRow & { caseId: number; caseNumber: string })[]> {
    const led = this.knex("case_assignments")
      .where({ mediator_id: mediatorId, role: "lead" })
      .select("case_id");
    const rows = (await this.knex("case_ratings as r")
      .join("parties as p", "p.id", "r.party_id")
      .join("cases as c", "c.id", "r.case_id")
      .whereIn("r.case_id", led)
      .orderBy("r.rated_at", "desc")
      .orderBy("r.id", "desc")
      .select(
        "r.case_id",
        "c.number",
        "r.party_id",
        "p.name",
        "p.side",
        "r.satisfaction",
        "r.comment",
        "r.rated_at",
      )) as Record<string, unknown>[];
    return rows.map((r) => ({
      caseId: Number(r.case_id),
      caseNumber: String(r.number),
      partyId: Number(r.party_id),
      partyName: String(r.name),
      side: String(r.side),
      satisfaction: String(r.satisfaction),
      comment: r.comment === null ? null : String(r.comment),
      ratedAt: String(r.rated_at),
    }));
  }
}

/** Whether this party has rated the case (the party's page: api.md `me.rated`, canDo `rate`). */
export async function partyHasRated(db: Knex, caseId: number, partyId: number): Promise<boolean> {
  return (await db("case_ratings").where({ case_id: caseId, party_id: partyId }).first("id")) !== undefined;
}
