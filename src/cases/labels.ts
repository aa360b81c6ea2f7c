import { MEDIATOR_KIND_LABELS } from "../mediators/roster.js";

/**
 * The coded choices of intake and the actions, each with the Chinese words pages and documents
 * print for it: one place, so a form's options, a schema's enum and a document's wording agree.
 */

export const SOURCES = [
  "application",
  "initiative",
  "grid_report",
  "hotline",
  "court_referral",
  "police_referral",
  "petition",
] as const;
export const SOURCE_LABELS: Record<(typeof SOURCES)[number], string> = {
  application: "当事人申请",
  initiative: "主动调解",
  grid_report: "网格员上报",
  hotline: "12345 热线转办",
  court_referral: "法院诉前委派",
  police_referral: "公安机关移送（警调对接）",
  petition: "信访部门转办",
};
export const RISK_LEVELS = ["ordinary", "serious", "major"] as const;
export const RISK_LABELS = { ordinary: "一般", serious: "较大", major: "重大" } as const;
export const DECLINE_GROUNDS = [
  "in_court",
  "in_arbitration",
  "administrative",
  "law_forbids",
  "specialised",
] as const;
export const DECLINE_GROUND_LABELS: Record<(typeof DECLINE_GROUNDS)[number], string> = {
  in_court: "已由人民法院受理或处理",
  in_arbitration: "已由仲裁机构受理或处理",
  administrative: "已由公安机关或其他行政机关受理或处理",
  law_forbids: "法律、法规规定不得调解",
  specialised: "依法应由专门机关管辖处理",
};
export const TERMINATION_REASONS = ["party_refused", "party_withdrew", "no_agreement", "other"] as const;
export const TERMINATION_REASON_LABELS: Record<(typeof TERMINATION_REASONS)[number], string> = {
  party_refused: "当事人拒绝继续调解",
  party_withdrew: "当事人撤回调解申请",
  no_agreement: "经调解不能达成协议",
  other: "其他原因",
};
export const PLACE_KINDS = ["office", "courtyard", "online", "other"] as const;
export const PLACE_LABELS = {
  office: "调委会调解室",
  courtyard: "当事人家中/田间院落",
  online: "线上视频",
  other: "其他地点",
} as const;
export const SESSION_OUTCOMES = ["continue", "agreement", "failed"] as const;
export const SESSION_OUTCOME_LABELS = {
  continue: "继续调解",
  agreement: "达成协议",
  failed: "调解不成",
} as const;
export const ASSIGNMENT_ROLES = ["lead", "co", "invited"] as const;
export const ASSIGNMENT_ROLE_LABELS = {
  lead: "主持调解员",
  co: "协助调解员",
  invited: "邀请参与人员",
} as const;
export const SIGN_METHODS = ["sign", "seal", "thumbprint"] as const;
export const SIGN_METHOD_LABELS = { sign: "签名", seal: "盖章", thumbprint: "按指印" } as const;
export const MATERIALS = [
  "application",
  "agreement",
  "identity",
  "service_addresses",
  "property",
  "power_of_attorney",
  "qualification",
  "mediation_certificate",
] as const;
export const MATERIAL_LABELS: Record<(typeof MATERIALS)[number], string> = {
  application: "司法确认申请书",
  agreement: "调解协议书",
  identity: "当事人身份证明",
  service_addresses: "送达地址及联系电话确认书",
  property: "财产权利证明",
  power_of_attorney: "授权委托书",
  qualification: "资格证明（单位当事人的主体资格及法定代表人身份证明）",
  mediation_certificate: "人民调解委员会主持调解的证明",
};
export const FOLLOW_UP_METHODS = ["visit", "phone", "video", "other"] as const;
export const FOLLOW_UP_METHOD_LABELS = {
  visit: "上门回访",
  phone: "电话回访",
  video: "视频回访",
  other: "其他",
} as const;
export const PERFORMED_STATES = ["yes", "partly", "no"] as const;
export const PERFORMED_LABELS = { yes: "已履行", partly: "部分履行", no: "未履行" } as const;
export const SATISFACTION = ["satisfied", "basically", "dissatisfied"] as const;
export const SATISFACTION_LABELS = {
  satisfied: "满意",
  basically: "基本满意",
  dissatisfied: "不满意",
} as const;

/** The Chinese words pages and documents print for stored codes: one table for both. */
export const LABELS = {
  source: SOURCE_LABELS,
  risk: RISK_LABELS,
  decline: DECLINE_GROUND_LABELS,
  termination: TERMINATION_REASON_LABELS,
  place: PLACE_LABELS,
  sessionOutcome: SESSION_OUTCOME_LABELS,
  assignmentRole: ASSIGNMENT_ROLE_LABELS,
  signMethod: SIGN_METHOD_LABELS,
  material: MATERIAL_LABELS,
  followUpMethod: FOLLOW_UP_METHOD_LABELS,
  performed: PERFORMED_LABELS,
  satisfaction: SATISFACTION_LABELS,
  mediatorKind: MEDIATOR_KIND_LABELS,
  side: { applicant: "申请人", respondent: "被申请人" },
  kind: { person: "自然人", organisation: "法人或其他组织" },
  gender: { male: "男", female: "女" },
  outcome: { success: "调解成功", failure: "调解不成", prevented: "当场化解", declined: "不予受理" },
  consent: { yes: "同意调解", no: "拒绝调解" },
  agreementForm: { written: "书面协议", oral: "口头协议" },
} as const;
