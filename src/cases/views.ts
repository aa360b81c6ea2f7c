import type { Status } from "./lifecycle.js";
import type { Deadline } from "./periods.js";
import type { ESignedView, SigningView } from "../signing/views.js";

/** The whole case as the page, the API and the documents see it. */
export interface PartyView {
  id: number;
  position: number;
  side: "applicant" | "respondent";
  kind: "person" | "organisation";
  name: string;
  idNumber: string | null;
  unifiedCode: string | null;
  gender: "male" | "female" | null;
  birthDate: string | null;
  ethnicity: string | null;
  occupation: string | null;
  phone: string | null;
  address: string | null;
  legalRepresentative: string | null;
  /** The legal representative's position (职务), which a written agreement states. */
  legalRepresentativeTitle: string | null;
  agent: { name: string; phone: string | null; idNumber: string | null } | null;
  consent: "yes" | "no" | null;
  /** When the party answered the rights-and-duties notice online (/my), ISO; null when staff recorded it. */
  consentOnlineAt?: string | null;
}

export interface AssignmentView {
  id: number;
  mediatorId: number;
  mediatorName: string;
  mediatorKind: string;
  userId: number | null;
  role: "lead" | "co" | "invited";
  partiesConsented: boolean;
  assignedAt: string;
  endedAt: string | null;
  endReason: string | null;
}

export interface SessionView {
  id: number;
  seq: number;
  heldAt: string;
  placeKind: string;
  place: string | null;
  isPublic: boolean;
  closedReason: string | null;
  attendees: { name: string; role: string }[];
  /**
   * The mediators present, as stored when the session was recorded; for sessions recorded before
   * that was stored, those whose assignment covered the session's time (`stored: false`).
   */
  mediators: SessionMediator[];
  mediatorsStored: boolean;
  applicantStatement: string | null;
  respondentStatement: string | null;
  proposals: string | null;
  record: string;
  outcome: string;
  recordedBy: string;
  /** Held online (视频调解): who was in the room and when, as recorded (src/video/attendance.ts). */
  online?: { name: string; role: string; joinedAt: string; leftAt: string }[];
}

export interface SessionMediator {
  id: number;
  name: string;
  role: "lead" | "co" | "invited";
}

export interface ObligationView {
  id: number;
  index: number;
  obligorPartyId: number;
  obligor: string;
  obligeePartyId: number;
  obligee: string;
  content: string;
  amountFen: number | null;
  place: string | null;
  manner: string | null;
  dueOn: string;
  performedOn: string | null;
  performanceNote: string | null;
  overdue: boolean;
}

export interface AgreementView {
  id: number;
  form: "written" | "oral";
  facts: string | null;
  disputedMatters: string | null;
  responsibilities: string | null;
  terms: string;
  effectiveOn: string;
  mediatorSignedOn: string | null;
  sealedOn: string | null;
  copies: number | null;
  /** `signing`: out for signing on the phone, not in force (src/signing/). */
  status: "effective" | "superseded" | "signing";
  signatures: { partyId: number; partyName: string; signedOn: string; method: string }[];
  obligations: ObligationView[];
  /** Signed on the phone: the text, its hash and the electronic signatures (src/signing/). */
  eSigned?: ESignedView | null;
}

export interface ConfirmationView {
  id: number;
  courtId: number;
  courtName: string;
  appliedOn: string;
  windowEndsOn: string;
  applicantPartyIds: number[];
  materials: string[];
  status: string;
  filedOn: string | null;
  number: string | null;
  dueOn: string | null;
  decidedOn: string | null;
  outcome: string | null;
  extendedOn: string | null;
  extensionReason: string | null;
  extensionApprovedBy: string | null;
  grounds: string[];
  reasons: string | null;
  judgeName: string | null;
  materialRequest: string | null;
  materialRequestedOn: string | null;
  materialAnswer: string | null;
  materialAnsweredOn: string | null;
  /** Withdrawal (民诉法解释 art. 357): "party" (准许撤回) or "deemed" (按撤回申请处理). */
  withdrawalKind?: string | null;
  withdrawalRequestedOn?: string | null;
  withdrawalPartyIds?: number[];
  /** How it reached the court: registered by the committee (paper) or sent by the parties online (src/online-confirmation/). */
  channel?: "paper" | "online";
  version: number;
}

export interface FollowUpView {
  id: number;
  visitedOn: string;
  method: string;
  performed: string;
  satisfaction: string;
  note: string | null;
  recordedBy: string;
}

/** 防激化措施 (RL25, GD24): measures taken when the dispute might turn violent, and any report made. */
export interface InterventionView {
  id: number;
  takenAt: string;
  measures: string;
  /** Codes of INTERVENTION_RISKS (labels.ts). */
  risks: string[];
  riskDetail: string | null;
  people: number;
  /** Where it was reported (REFERRAL_BODIES), to which unit, on which day; null when not reported. */
  referral: { body: string; unit: string; on: string; receipt: string | null } | null;
  recordedBy: string;
}

export interface EventView {
  id: number;
  action: string;
  fromStatus: Status | null;
  toStatus: Status | null;
  summary: string;
  actor: string | null;
  at: string;
}

export interface Warning {
  kind: "open_case" | "escalate" | "not_confirmable";
  message: string;
  /** The action that answers it (the page links to it when the user may take it). */
  action?: string;
  caseId?: number;
  caseNumber?: string;
}

export interface CaseView {
  id: number;
  number: string;
  status: Status;
  outcome: string | null;
  source: string;
  /** How it came in: "counter" (registered by staff) or "online" (a party's application, src/portal/applications.ts). */
  channel?: string;
  /** An online application's tracking code (查询码), read to the committee over the phone. */
  trackingCode?: string | null;
  /** The grid report this case was dispatched from (source grid_report; src/grid/), when there is one. */
  gridReportId?: number | null;
  typeCode: string;
  typeName: string;
  summary: string;
  occurredOn: string | null;
  regionCode: string;
  regionName: string;
  address: string | null;
  amountFen: number | null;
  peopleInvolved: number | null;
  riskLevel: "ordinary" | "serious" | "major";
  externalRef: string | null;
  organisationId: number;
  organisationName: string;
  organisationKind: string;
  organisationRegionCode: string;
  referringCourtId: number | null;
  registeredOn: string;
  acceptedOn: string | null;
  consentNoticeOn: string | null;
  mediationDueOn: string | null;
  extensionReason: string | null;
  concludedOn: string | null;
  closedOn: string | null;
  conclusionNote: string | null;
  advice: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  parties: PartyView[];
  assignments: AssignmentView[];
  sessions: SessionView[];
  agreement: AgreementView | null;
  /** A written agreement out for signing on the phone (src/signing/), not yet in force. */
  signing?: SigningView | null;
  /** How many sessions are set ahead and still to be held (src/video/; cancel-session needs one). */
  scheduledSessions?: number;
  confirmations: ConfirmationView[];
  followUps: FollowUpView[];
  interventions: InterventionView[];
  events: EventView[];
  deadlines: Deadline[];
}
