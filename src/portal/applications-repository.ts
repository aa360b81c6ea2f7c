import type { Knex } from "knex";
import { coveringCodes } from "../mediators/coverage.js";
import { COMMITTEE_KINDS, type OrganisationKind } from "../places/kinds.js";
import { phoneSpellings } from "./cases-repository.js";

type Db = Knex | Knex.Transaction;

/** Committees a party may pick by name rather than by place (a road-traffic committee, a studio). */
export const CHOSEN_KINDS: OrganisationKind[] = ["professional_committee", "studio"];
/** Committees that serve a place: the village's first (小事不出村), else the township's. */
const PLACE_KINDS: OrganisationKind[] = ["village_committee", "township_committee"];

export interface Committee {
  id: number;
  name: string;
  kind: OrganisationKind;
  numberPrefix: string;
}

const toCommittee = (o: Record<string, unknown>): Committee => ({
  id: Number(o.id),
  name: String(o.name),
  kind: o.kind as OrganisationKind,
  numberPrefix: String(o.number_prefix),
});

/** The SQL of online applications: where they go, the per-phone limit, tracking codes. */
export class ApplicationsRepository {
  constructor(private readonly knex: Knex) {}

  /** The nearest active village or township committee whose area holds the place; null if none. */
  async servingCommittee(db: Db, regionCode: string): Promise<Committee | null> {
    const covering = coveringCodes(regionCode);
    const rows = (await db("organisations")
      .where("active", true)
      .whereIn("kind", PLACE_KINDS)
      .whereIn("region_code", covering)) as Record<string, unknown>[];
    // The most local first: the village's code comes after the township's in `covering`.
    const rank = (o: Record<string, unknown>) => covering.indexOf(String(o.region_code));
    const best = rows.sort((a, b) => rank(b) - rank(a) || Number(a.id) - Number(b.id))[0];
    return best ? toCommittee(best) : null;
  }

  /** An active committee by id, if it is a kind a party may choose or a committee serving the place. */
  async chosenCommittee(db: Db, id: number, regionCode: string): Promise<Committee | null> {
    const o = (await db("organisations")
      .where({ id, active: true })
      .whereIn("kind", COMMITTEE_KINDS)
      .first()) as Record<string, unknown> | undefined;
    if (!o) return null;
    const serves = coveringCodes(regionCode).includes(String(o.region_code));
    return CHOSEN_KINDS.includes(o.kind as OrganisationKind) || serves ? toCommittee(o) : null;
  }

  /** The committees offered on the form besides the one serving the place. */
  async choosableCommittees(): Promise<{ id: number; name: string }[]> {
    const rows = (await this.knex("organisations")
      .where("active", true)
      .whereIn("kind", CHOSEN_KINDS)
      .orderBy("kind")
      .orderBy("name")
      .select("id", "name")) as Record<string, unknown>[];
    return rows.map((o) => ({ id: Number(o.id), name: String(o.name) }));
  }

  async regionExists(db: Db, code: string): Promise<boolean> {
    return !!(await db("regions").where({ code }).first());
  }

  async activeMediator(db: Db, id: number): Promise<{ id: number; name: string } | null> {
    const m = (await db("mediators").where({ id, active: true }).first()) as
      Record<string, unknown> | undefined;
    return m ? { id: Number(m.id), name: String(m.name) } : null;
  }

  /** Online applications this phone made since the instant (ISO). */
  async countSince(db: Db, phone: string, since: string): Promise<number> {
    const row = await db("cases as c")
      .join("parties as p", "p.case_id", "c.id")
      .where("c.channel", "online")
      .where("c.created_at", ">=", since)
      .where("p.side", "applicant")
      .whereIn("p.phone", phoneSpellings(phone))
      .countDistinct({ n: "c.id" })
      .first();
    return Number(row?.n ?? 0);
  }

  async trackingCodeTaken(db: Db, code: string): Promise<boolean> {
    return !!(await db("cases").where({ tracking_code: code }).first());
  }

  /** Marks the new case as an online application with its code. */
  async markOnline(trx: Knex.Transaction, caseId: number, trackingCode: string): Promise<void> {
    await trx("cases").where({ id: caseId }).update({ channel: "online", tracking_code: trackingCode });
  }

  /** An online application of this phone (the applicant's), for its confirmation page; null otherwise. */
  async confirmation(
    phone: string,
    caseId: number,
  ): Promise<{ trackingCode: string; number: string; committee: string } | null> {
    const row = (await this.knex("cases as c")
      .join("organisations as o", "o.id", "c.organisation_id")
      .where("c.id", caseId)
      .where("c.channel", "online")
      .whereIn(
        "c.id",
        this.knex("parties")
          .where("side", "applicant")
          .whereIn("phone", phoneSpellings(phone))
          .select("case_id"),
      )
      .first("c.tracking_code", "c.number", "o.name")) as Record<string, unknown> | undefined;
    return row
      ? { trackingCode: String(row.tracking_code), number: String(row.number), committee: String(row.name) }
      : null;
  }

  /** The applicant's party id (the first party, as intake writes them in order). */
  async applicantPartyId(trx: Knex.Transaction, caseId: number): Promise<number> {
    const p = await trx("parties").where({ case_id: caseId, position: 0 }).first("id");
    return Number(p.id);
  }
}
