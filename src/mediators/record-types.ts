import type { FiveEldersKind, PoolLevel, RelationKind } from "./labels.js";
import type { MediatorKind } from "./roster.js";

/** The shapes of a mediator record as lists, pages and the API show them. */

/** A mediator as lists and the API show them (api.md: GET /mediators). */
export interface MediatorSummary {
  id: number;
  name: string;
  kind: MediatorKind;
  kindLabel: string;
  title: string | null;
  /** The level of the expert pool the mediator is appointed to now, if any. */
  level?: PoolLevel;
  specialties: string[];
  specialtyNames: string[];
  regionCode: string;
  organisationId: number;
  organisationName: string;
  phone: string | null;
  activeCases: number;
  capacity: number;
  /** Active, not away today, under capacity, and (for a pool expert) in term. */
  available: boolean;
  active: boolean;
}

export interface MediatorDetail extends MediatorSummary {
  fiveEldersKind: FiveEldersKind | null;
  gender: "male" | "female" | null;
  birthYear: number | null;
  ethnicity: string | null;
  languages: string[];
  homeRegionCode: string | null;
  homeRegionName: string | null;
  otherOrganisations: { id: number; name: string }[];
  certifications: string[];
  sinceYear: number | null;
  retiredOn: string | null;
  notes: string | null;
  userId: number | null;
  version: number;
  organisationRegionCode: string;
  unavailability: {
    id: number;
    fromOn: string;
    toOn: string;
    reason: string;
    reasonLabel: string;
    note: string | null;
  }[];
  relations: {
    id: number;
    kind: RelationKind;
    kindLabel: string;
    personName: string;
    idNumber: string | null;
    phone: string | null;
    note: string | null;
  }[];
  appointments: {
    poolId: number;
    poolName: string;
    level: PoolLevel;
    levelLabel: string;
    batchName: string;
    termStart: string;
    termEnd: string;
    current: boolean;
  }[];
  teams: { id: number; name: string; kindLabel: string; lead: boolean }[];
}

export interface MediatorFilter {
  kind?: string;
  specialty?: string;
  region?: string;
  q?: string;
  organisationId?: number;
  includeRetired?: boolean;
}
