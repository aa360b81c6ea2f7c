import type { SessionUser } from "../people/scope.js";
import type { OrganisationKind } from "../places/kinds.js";

/**
 * The public shape of the grid loop (网格上报 → 综治中心分流 → 办理 → 反馈 → 评价): what
 * `services.grid` (src/grid/service.ts) takes and returns. Pages and API routes code against these.
 */

export const GRID_CATEGORY_LABELS = { dispute: "矛盾纠纷", hazard: "安全隐患", request: "群众诉求" };
export type GridCategory = keyof typeof GRID_CATEGORY_LABELS;
export const GRID_CATEGORIES = Object.keys(GRID_CATEGORY_LABELS) as GridCategory[];

export const GRID_STATUS_LABELS = { new: "待分流", dispatched: "办理中", done: "已办结", closed: "已关闭" };
export type GridStatus = keyof typeof GRID_STATUS_LABELS;
export const GRID_STATUSES = Object.keys(GRID_STATUS_LABELS) as GridStatus[];

export const GRID_RISK_LABELS = { ordinary: "一般", serious: "较大", major: "重大" };
export type GridRiskLevel = keyof typeof GRID_RISK_LABELS;
export const GRID_RISK_LEVELS = Object.keys(GRID_RISK_LABELS) as GridRiskLevel[];

export const GRID_SATISFACTION_LABELS = {
  satisfied: "满意",
  basically_satisfied: "基本满意",
  dissatisfied: "不满意",
};
export type GridSatisfaction = keyof typeof GRID_SATISFACTION_LABELS;
export const GRID_SATISFACTIONS = Object.keys(GRID_SATISFACTION_LABELS) as GridSatisfaction[];

export type GridEventKind =
  "reported" | "dispatched" | "replied" | "case_concluded" | "closed" | "rated" | "reopened" | "note";

/** A party signed in on their phone (/my, portal token): they see and rate the reports they raised. */
export interface PartyActor {
  kind: "party";
  phone: string;
}
/** Who calls the grid service: a member of staff (their roles and organisation) or a party. */
export type GridActor = SessionUser | PartyActor;

export function isPartyActor(actor: GridActor): actor is PartyActor {
  return (actor as PartyActor).kind === "party";
}

export interface GridParty {
  side: "applicant" | "respondent";
  name: string;
  phone?: string;
}

/**
 * The body of `POST /reports` (validated by the service; unknown input is fine to pass):
 * `riskLevel` and `threats` are this system's additions (the grid worker's judgment of the risk).
 */
export interface ReportInput {
  category: GridCategory;
  regionCode: string;
  summary: string;
  occurredOn?: string;
  people?: number;
  parties?: GridParty[];
  riskLevel?: GridRiskLevel;
  threats?: boolean;
}

/** A file as the multipart body gives it: checked by content (src/evidence/content.ts) by the service. */
export interface PhotoUpload {
  filename: string;
  data: Buffer;
}

/** One row of `GET /reports` (the api.md fields first, then what the pages show). */
export interface ReportListItem {
  id: number;
  version: number;
  category: GridCategory;
  summary: string;
  regionCode: string;
  status: GridStatus;
  reportedAt: string;
  dueOn: string | null;
  caseId: number | null;
  regionName: string;
  riskLevel: GridRiskLevel;
  threats: boolean;
  people: number | null;
  centreId: number;
  dispatchedTo: { id: number; name: string; kind: OrganisationKind } | null;
  doneOn: string | null;
  /** A work order (sent to a department) still open past its due date (Beijing today). */
  overdue: boolean;
  /** A work order answered after its due date. */
  answeredLate: boolean;
  /** Put back to 'new' by a dissatisfied rating: the comment, for the centre. */
  reopenedComment: string | null;
  reporterName: string | null;
}

export interface ReportEvent {
  at: string;
  kind: GridEventKind;
  text: string;
  actorName: string | null;
}

export interface ReportRating {
  satisfaction: GridSatisfaction;
  comment: string | null;
  ratedAt: string;
}

export interface ReportPhoto {
  id: number;
  name: string;
  mime: string;
  size: number;
  hasThumbnail: boolean;
}

/** `GET /reports/{id}`: the list fields and the rest (timeline, outcome, rating, what the caller may do). */
export interface ReportDetail extends ReportListItem {
  occurredOn: string | null;
  parties: GridParty[];
  reporterKind: "grid_worker" | "party";
  reporterPhone: string | null;
  centre: { id: number; name: string };
  dispatchedAt: string | null;
  dispatchNote: string | null;
  caseNumber: string | null;
  /** The result: the department's reply or the linked case's conclusion. */
  outcome: string | null;
  closedReason: string | null;
  timeline: ReportEvent[];
  /** The latest rating (a reopened and done-again report may be rated again). */
  rating: ReportRating | null;
  photos: ReportPhoto[];
  /** What this caller may do now (the pages show the forms; the service checks again). */
  can: { dispatch: boolean; close: boolean; reply: boolean; rate: boolean };
}

export interface DispatchInput {
  version: number;
  to: number;
  dueOn: string;
  note?: string;
}
export interface ReplyInput {
  version: number;
  result: string;
  doneOn: string;
}
export interface CloseInput {
  version: number;
  reason: string;
}
export interface RatingInput {
  satisfaction: GridSatisfaction;
  comment?: string;
}

export interface DispatchTarget {
  id: number;
  name: string;
  kind: OrganisationKind;
  kindLabel: string;
}
/** Where the centre may send a report: committees and departments, the 大事不出镇 default first. */
export interface DispatchTargets {
  defaultId: number | null;
  /** Why the default is the default (shown beside the form). */
  reason: string;
  committees: DispatchTarget[];
  departments: DispatchTarget[];
}

export interface ReportPage {
  items: ReportListItem[];
  page: number;
  pageSize: number;
  total: number;
}

export interface ListFilter {
  status?: GridStatus;
  page?: number;
  pageSize?: number;
}

export interface GridServiceApi {
  report(actor: GridActor, input: unknown, photos?: PhotoUpload[]): Promise<{ id: number; status: "new" }>;
  list(actor: GridActor, filter: ListFilter): Promise<ReportPage>;
  get(actor: GridActor, id: number): Promise<ReportDetail>;
  dispatch(actor: SessionUser, id: number, input: unknown): Promise<ReportDetail>;
  reply(actor: SessionUser, id: number, input: unknown): Promise<ReportDetail>;
  close(actor: SessionUser, id: number, input: unknown): Promise<ReportDetail>;
  rate(actor: GridActor, id: number, input: unknown): Promise<ReportDetail>;
  dispatchTargets(actor: SessionUser, id: number): Promise<DispatchTargets>;
  photo(
    actor: GridActor,
    photoId: number,
    which?: "content" | "thumbnail",
  ): Promise<{ name: string; mime: string; bytes: Buffer }>;
  /** The grid (region code) a grid worker covers, to preselect the place on the report form. */
  gridOf(actor: SessionUser): Promise<string | null>;
}
