import { MEDIATOR_KIND_LABELS } from "../mediators/roster.js";
import * as S from "./schemas.js";

/** The Chinese words pages and documents print for stored codes: one table for both. */
export const LABELS = {
  source: S.SOURCE_LABELS,
  risk: S.RISK_LABELS,
  decline: S.DECLINE_GROUND_LABELS,
  termination: S.TERMINATION_REASON_LABELS,
  place: S.PLACE_LABELS,
  sessionOutcome: S.SESSION_OUTCOME_LABELS,
  assignmentRole: S.ASSIGNMENT_ROLE_LABELS,
  signMethod: S.SIGN_METHOD_LABELS,
  material: S.MATERIAL_LABELS,
  followUpMethod: S.FOLLOW_UP_METHOD_LABELS,
  performed: S.PERFORMED_LABELS,
  satisfaction: S.SATISFACTION_LABELS,
  mediatorKind: MEDIATOR_KIND_LABELS,
  side: { applicant: "申请人", respondent: "被申请人" },
  kind: { person: "自然人", organisation: "法人或其他组织" },
  gender: { male: "男", female: "女" },
  outcome: { success: "调解成功", failure: "调解不成", prevented: "当场化解", declined: "不予受理" },
  consent: { yes: "同意调解", no: "拒绝调解" },
  agreementForm: { written: "书面协议", oral: "口头协议" },
} as const;
