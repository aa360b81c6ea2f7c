import type { Knex } from "knex";

type Db = Knex | Knex.Transaction;

export interface ConsentRow {
  id: number;
  partyId: number;
  agreedAt: string;
  confirmationId: number | null;
}

/** All SQL of the parties' online agreements to apply for judicial confirmation (`confirmation_consents`). */
export class OnlineConfirmationRepository {
  /** The agreements given for the agreement and not yet part of an application (this round). */
  async openConsents(db: Db, caseId: number, agreementId: number): Promise<ConsentRow[]> {
    const rows = (await db("confirmation_consents")
      .where({ case_id: caseId, agreement_id: agreementId })
      .whereNull("confirmation_id")
      .orderBy("id")
      .select("id", "party_id", "agreed_at", "confirmation_id")) as Record<string, unknown>[];
    return rows.map(toConsent);
  }

  /** The agreements that made up an application (the judge's page shows who agreed when). */
  async forConfirmation(db: Db, confirmationId: number): Promise<ConsentRow[]> {
    const rows = (await db("confirmation_consents")
      .where({ confirmation_id: confirmationId })
      .orderBy("id")
      .select("id", "party_id", "agreed_at", "confirmation_id")) as Record<string, unknown>[];
    return rows.map(toConsent);
  }

  async insert(
    trx: Knex.Transaction,
    row: {
      caseId: number;
      agreementId: number;
      partyId: number;
      phone: string;
      at: string;
      ip: string;
      userAgent: string | null;
    },
  ): Promise<void> {
    await trx("confirmation_consents").insert({
      case_id: row.caseId,
      agreement_id: row.agreementId,
      party_id: row.partyId,
      phone: row.phone,
      agreed_at: row.at,
      ip: row.ip.slice(0, 64),
      user_agent: row.userAgent?.slice(0, 300) ?? null,
    });
  }

  /** Ties this round's agreements to the application they made. */
  async attach(trx: Knex.Transaction, caseId: number, agreementId: number, confirmationId: number) {
    await trx("confirmation_consents")
      .where({ case_id: caseId, agreement_id: agreementId })
      .whereNull("confirmation_id")
      .update({ confirmation_id: confirmationId });
  }

  /** The active courts with the region each serves (for the court the application goes to). */
  async activeCourts(db: Db): Promise<{ id: number; name: string; regionCode: string }[]> {
    const rows = (await db("organisations")
      .where({ kind: "court", active: true })
      .orderBy("id")
      .select("id", "name", "region_code")) as Record<string, unknown>[];
    return rows.map((r) => ({ id: Number(r.id), name: String(r.name), regionCode: String(r.region_code) }));
  }
}

const toConsent = (r: Record<string, unknown>): ConsentRow => ({
  id: Number(r.id),
  partyId: Number(r.party_id),
  agreedAt: String(r.agreed_at),
  confirmationId:
    r.confirmation_id === null || r.confirmation_id === undefined ? null : Number(r.confirmation_id),
});

/** Whether the party has agreed online to apply, in the current round, for the case's agreement. */
export async function partyAgreedToApply(
  db: Db,
  kase: { id: number; agreement: { id: number } | null },
  partyId: number,
): Promise<boolean> {
  if (!kase.agreement) return false;
  const row = (await db("confirmation_consents")
    .where({ case_id: kase.id, agreement_id: kase.agreement.id, party_id: partyId })
    .whereNull("confirmation_id")
    .first("id")) as { id: number } | undefined;
  return !!row;
}
