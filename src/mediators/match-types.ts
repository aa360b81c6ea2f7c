import type { FiveEldersKind, PoolLevel, RelationKind, TeamKind } from "./labels.js";
import type { WEIGHTS } from "./factors.js";
import type { MediatorKind } from "./roster.js";

// The data the pure scorer reads and writes: no behaviour here.

/** 0 village, 1 township (and studios), 2 county (professional committees, county pools), 3 city, 4 province. */
export type Level = 0 | 1 | 2 | 3 | 4;

export type RiskLevel = "ordinary" | "serious" | "major";

export interface MatchParty {
  id: number;
  name: string;
  idNumber: string | null;
  phone: string | null;
}

export interface MatchCase {
  typeCode: string;
  typeName: string;
  /** Where the dispute is (village or below, or a township/county code). */
  regionCode: string;
  /** Names of the dispute's village, township and county by code, for the reasons. */
  regionNames: Record<string, string>;
  /** The committee handling the case. */
  organisationId: number;
  riskLevel: RiskLevel;
  amountFen: number | null;
  peopleInvolved: number | null;
  /** Languages or dialects the parties need (empty: no need stated). */
  languages: string[];
  /** Proposed session dates, YYYY-MM-DD (at least one). */
  dates: string[];
  today: string;
  parties: MatchParty[];
  objections: { partyName: string; mediatorId: number; reason: string }[];
  assigned: { mediatorId: number; role: "lead" | "co" | "invited" }[];
}

export interface Appointment {
  poolName: string;
  level: PoolLevel;
  batchName: string;
  termStart: string;
  termEnd: string;
}

export interface CandidateProfile {
  mediatorId: number;
  name: string;
  kind: MediatorKind;
  fiveEldersKind: FiveEldersKind | null;
  title: string | null;
  organisationId: number;
  organisationName: string;
  organisationKind: string;
  organisationRegionCode: string;
  /** Other organisations the mediator serves. */
  memberOrganisationIds: number[];
  homeRegionCode: string | null;
  languages: string[];
  specialties: string[];
  capacity: number;
  activeCases: number;
  sinceYear: number | null;
  /**
   * Cases of this case's type the mediator helped conclude, and how many succeeded; null when not
   * looked up because the candidate cannot reach the list shown (see needsExperience).
   */
  experience: { concluded: number; successful: number } | null;
  appointments: Appointment[];
  unavailable: { fromOn: string; toOn: string; label: string }[];
  relations: { kind: RelationKind; personName: string; idNumber: string | null; phone: string | null }[];
}

export type Factor = keyof typeof WEIGHTS | "local";

export interface FactorScore {
  factor: Factor;
  points: number;
  max: number;
  text: string;
}

export interface MatchResult {
  mediatorId: number;
  name: string;
  kind: MediatorKind;
  kindLabel: string;
  title: string | null;
  /** Where the candidate comes from: 本委员会, a pool and batch, a village's 五老, another committee. */
  source: string;
  organisationName: string;
  level: Level;
  levelLabel: string;
  /** 0–100; 0 for an excluded candidate, who is never ranked. */
  score: number;
  /** 1-based position among the candidates who are not excluded (absent when excluded, or unknown below the list). */
  rank?: number;
  reasons: string[];
  factors: FactorScore[];
  excluded?: string;
  exclusions: Exclusion[];
  activeCases: number;
  capacity: number;
  assignedRole?: "lead" | "co" | "invited";
  /** Raw points and load ratio, kept for ordering. */
  points: number;
  loadRatio: number;
}

/**
 * Why a candidate may not take the case. A tie to a party, a party's objection and a pool term
 * that is not running are bars the law or the appointment sets; absence and a full load are about
 * the dates and the work, and a clerk who names the mediator anyway may overrule them.
 */
export type ExclusionKind = "relation" | "objection" | "term" | "unavailable" | "capacity";
export interface Exclusion {
  kind: ExclusionKind;
  text: string;
}

export interface TeamProfile {
  teamId: number;
  name: string;
  kind: TeamKind;
  leadMediatorId: number;
  memberIds: number[];
}

export interface TeamMatch {
  teamId: number;
  name: string;
  kind: TeamKind;
  kindLabel: string;
  leadMediatorId: number;
  leadName: string;
  score: number;
  reasons: string[];
  members: { mediatorId: number; name: string; excluded?: string }[];
  excluded?: string;
}
