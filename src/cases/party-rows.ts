import { nameInitials } from "./initials.js";
import type { PartyView } from "./views.js";

/**
 * The party-row mapping, defined once: `parties` columns ↔ PartyView. Intake writes the columns
 * of a new party, update-party writes them again and compares the old and new columns, and the
 * repository reads a row back into the view; all three go through here so a new column is added
 * in one place.
 */

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** What intake and update-party know of a party (the validated input and the view share this shape). */
export interface PartyParticulars {
  kind: PartyView["kind"];
  name: string;
  idNumber: string | null;
  unifiedCode: string | null;
  gender: PartyView["gender"];
  birthDate: string | null;
  ethnicity: string | null;
  occupation: string | null;
  phone: string | null;
  address: string | null;
  legalRepresentative: string | null;
  legalRepresentativeTitle?: string | null;
  agent: { name: string; phone: string | null; idNumber: string | null } | null;
}

/** The columns of a party's particulars (not its case, position, side or consent). */
export function partyColumns(p: PartyParticulars) {
  return {
    kind: p.kind,
    name: p.name,
    name_initials: nameInitials(p.name),
    id_number: p.idNumber,
    unified_code: p.unifiedCode,
    gender: p.gender,
    birth_date: p.birthDate,
    ethnicity: p.ethnicity,
    occupation: p.occupation,
    phone: p.phone,
    address: p.address,
    legal_representative: p.legalRepresentative,
    legal_representative_title: p.legalRepresentativeTitle ?? null,
    agent_name: p.agent?.name ?? null,
    agent_phone: p.agent?.phone ?? null,
    agent_id_number: p.agent?.idNumber ?? null,
  };
}
export type PartyColumns = ReturnType<typeof partyColumns>;

/** A `parties` row as the case shows it. */
export function toParty(p: Row): PartyView {
  return {
    id: Number(p.id),
    position: Number(p.position),
    side: p.side as PartyView["side"],
    kind: p.kind as PartyView["kind"],
    name: String(p.name),
    idNumber: str(p.id_number),
    unifiedCode: str(p.unified_code),
    gender: (p.gender as PartyView["gender"]) ?? null,
    birthDate: str(p.birth_date),
    ethnicity: str(p.ethnicity),
    occupation: str(p.occupation),
    phone: str(p.phone),
    address: str(p.address),
    legalRepresentative: str(p.legal_representative),
    legalRepresentativeTitle: str(p.legal_representative_title),
    agent: p.agent_name
      ? { name: String(p.agent_name), phone: str(p.agent_phone), idNumber: str(p.agent_id_number) }
      : null,
    consent: (p.consent as PartyView["consent"]) ?? null,
    consentOnlineAt: p.consent_channel === "online" ? str(p.consent_at) : null,
  };
}
