import { MEDIATOR_KIND_LABELS } from "../mediators/roster.js";
import { codesOf } from "../shared/codes.js";

/**
 * The coded choices of intake and the actions, each with the Chinese words pages and documents
 * print for it: one place, so a form's options, a schema's enum and a document's wording agree.
 */

export const SOURCE_LABELS = {
  application: "当事人申请",
  initiative: "主动调解",
  grid_report: "网格员上报",
  hotline: "12345 热线转办",
  court_referral: "法院诉前委派",
  police_referral: "公安机关移送（警调对接）",
  petition: "信访部门转办",
};
export const SOURCES = codesOf(SOURCE_LABELS);
export const RISK_LEVELS = ["ordinary", "serious", "major"] as const;
export const RISK_LABELS = { ordinary: "一般", serious: "较大", major: "重大" } as const;
export const DECLINE_GROUND_LABELS = {
  in_court: "已由人民法院受理或处理",
  in_arbitration: "已由仲裁机构受理或处理",
  administrative: "已由公安机关或其他行政机关受理或处理",
  law_forbids: "法律、法规规定不得调解",
  specialised: "依法应由专门机关管辖处理",
};
export const DECLINE_GROUNDS = codesOf(DECLINE_GROUND_LABELS);
export const TERMINATION_REASON_LABELS = {
  party_refused: "当事人拒绝继续调解",
  party_withdrew: "当事人撤回调解申请",
  no_agreement: "经调解不能达成协议",
  other: "其他原因",
};
export const TERMINATION_REASONS = codesOf(TERMINATION_REASON_LABELS);
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
export const MATERIAL_LABELS = {
  application: "司法确认申请书",
  agreement: "调解协议书",
  identity: "当事人身份证明",
  service_addresses: "送达地址及联系电话确认书",
  property: "财产权利证明",
  power_of_attorney: "授权委托书",
  qualification: "资格证明（单位当事人的主体资格及法定代表人身份证明）",
  mediation_certificate: "人民调解委员会主持调解的证明",
};
export const MATERIALS = codesOf(MATERIAL_LABELS);
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

/** 防激化措施 (RL25, GD24): the risk a mediator saw that the dispute may turn into. */
export const INTERVENTION_RISK_LABELS = {
  public_security: "可能引发治安案件",
  criminal: "可能引发刑事案件",
  mass_incident: "可能引发群体性事件",
  self_harm: "可能自杀自伤",
  other: "其他激化风险",
};
export const INTERVENTION_RISKS = codesOf(INTERVENTION_RISK_LABELS);
/** Where a dispute that may turn violent was reported (RL25: 公安机关或者其他有关部门). */
export const REFERRAL_BODY_LABELS = {
  police: "公安机关（派出所）",
  township: "乡镇人民政府（街道办事处）",
  comprehensive_center: "综治中心",
  other_department: "其他有关部门",
};
export const REFERRAL_BODIES = codesOf(REFERRAL_BODY_LABELS);

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
  interventionRisk: INTERVENTION_RISK_LABELS,
  referralBody: REFERRAL_BODY_LABELS,
  mediatorKind: MEDIATOR_KIND_LABELS,
  side: { applicant: "申请人", respondent: "被申请人" },
  kind: { person: "自然人", organisation: "法人或其他组织" },
  gender: { male: "男", female: "女" },
  outcome: { success: "调解成功", failure: "调解不成", prevented: "当场化解", declined: "不予受理" },
  consent: { yes: "同意调解", no: "拒绝调解" },
  agreementForm: { written: "书面协议", oral: "口头协议" },
} as const;
