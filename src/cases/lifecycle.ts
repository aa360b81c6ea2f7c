import type { Role } from "../people/roles.js";
import { codesOf } from "../shared/codes.js";

/**
 * The life of a case as data: which action a role may take from which status, and why not.
 * Pure: no database. The service re-checks the status in SQL inside its transaction.
 */
export const STATUS_LABELS = {
  intake: "待受理",
  accepted: "已受理",
  in_mediation: "调解中",
  agreement: "已达成协议",
  awaiting_confirmation: "司法确认中",
  confirmed: "已司法确认",
  confirmation_rejected: "司法确认被驳回",
  performed: "已履行",
  terminated: "调解终止",
  declined: "不予受理",
  closed: "已结案",
};
export type Status = keyof typeof STATUS_LABELS;
export const STATUSES = codesOf(STATUS_LABELS);

/** Every status but the two that end the committee's hold on a case (declined, closed), in order. */
export const OPEN_STATUSES: Status[] = STATUSES.filter((s) => s !== "declined" && s !== "closed");

export const ACTION_LABELS = {
  accept: "受理",
  refer: "移送其他调委会",
  decline: "不予受理",
  "resolve-on-spot": "当场化解",
  "update-party": "更正当事人信息",
  "record-consent": "告知权利义务并记录当事人意见",
  assign: "指派调解员",
  "record-objection": "记录当事人回避申请",
  "schedule-session": "安排调解",
  "cancel-session": "取消已安排的调解",
  "record-session": "记录调解笔录",
  "extend-mediation": "延长调解期限",
  "record-agreement": "记录调解协议",
  "seal-agreement": "调解员签名并加盖印章（网上签署的协议生效）",
  "apply-confirmation": "登记司法确认申请",
  "record-performance": "登记履行情况",
  "follow-up": "记录回访",
  terminate: "终止调解",
  close: "结案",
  reopen: "重新调解",
  "record-intervention": "记录防激化措施",
};
export type Action = keyof typeof ACTION_LABELS;
export const ACTIONS = codesOf(ACTION_LABELS);

/** Who may act on a case: committee roles, plus "assigned" for a mediator designated on this case. */
type Actor = Role | "assigned";

interface Rule {
  from: readonly Status[];
  /** The status after the action; null when it does not change the status by itself. */
  to: Status | null;
  by: readonly Actor[];
}

const AFTER_AGREEMENT: Status[] = [
  "agreement",
  "awaiting_confirmation",
  "confirmed",
  "confirmation_rejected",
  "performed",
  "closed",
];

export const RULES: Record<Action, Rule> = {
  accept: { from: ["intake"], to: "accepted", by: ["clerk", "director"] },
  refer: { from: ["intake"], to: "intake", by: ["clerk", "director"] },
  decline: { from: ["intake"], to: "declined", by: ["clerk", "director"] },
  "resolve-on-spot": { from: ["intake"], to: "closed", by: ["clerk", "director"] },
  // Particulars may be corrected until an agreement states them; after that the signed text stands.
  "update-party": {
    from: ["intake", "accepted", "in_mediation"],
    to: null,
    by: ["clerk", "director", "assigned"],
  },
  "record-consent": { from: ["accepted", "in_mediation"], to: null, by: ["clerk", "director", "assigned"] },
  assign: { from: ["accepted", "in_mediation"], to: null, by: ["clerk", "director"] },
  // A party may ask that a mediator step aside (回避); the committee records it and re-assigns.
  "record-objection": { from: ["accepted", "in_mediation"], to: null, by: ["clerk", "director"] },
  // 视频调解 (issue 19): a session set ahead, online or at a place; the parties are told by SMS.
  "schedule-session": { from: ["accepted", "in_mediation"], to: null, by: ["director", "assigned"] },
  "cancel-session": { from: ["accepted", "in_mediation"], to: null, by: ["director", "assigned"] },
  "record-session": { from: ["accepted", "in_mediation"], to: "in_mediation", by: ["director", "assigned"] },
  "extend-mediation": { from: ["accepted", "in_mediation"], to: null, by: ["director", "assigned"] },
  "record-agreement": { from: ["in_mediation"], to: "agreement", by: ["director", "assigned"] },
  // 电子签名 (issue 19): the agreement signed by every party on the phone takes effect with the seal.
  "seal-agreement": { from: ["in_mediation"], to: "agreement", by: ["director"] },
  "apply-confirmation": { from: ["agreement"], to: "awaiting_confirmation", by: ["clerk", "director"] },
  "record-performance": {
    from: ["agreement", "awaiting_confirmation", "confirmed"],
    to: null,
    by: ["clerk", "director", "assigned"],
  },
  "follow-up": { from: AFTER_AGREEMENT, to: null, by: ["clerk", "director", "assigned"] },
  terminate: { from: ["accepted", "in_mediation"], to: "terminated", by: ["director", "assigned"] },
  close: {
    from: ["performed", "terminated", "confirmed", "confirmation_rejected"],
    to: "closed",
    by: ["director"],
  },
  reopen: { from: ["confirmation_rejected"], to: "in_mediation", by: ["director"] },
  // 防激化 (RL25, GD24): a dispute may turn violent at any point while the committee holds it,
  // after a failed mediation or an unperformed agreement as much as at intake; not once closed or declined.
  "record-intervention": { from: OPEN_STATUSES, to: null, by: ["clerk", "director", "assigned"] },
};

/** Facts about the case that some rules need beyond its status. */
export interface CaseFacts {
  status: Status;
  /** Every party was given the rights-and-duties notice and consented. */
  consentComplete: boolean;
  /** A party refused mediation: it must not go on (RL17). */
  consentRefused: boolean;
  hasLeadMediator: boolean;
  sessionCount: number;
  /** Sessions set ahead and still to be held (src/video/): what cancel-session may call off. */
  scheduledSessions: number;
  /** An agreement was reached (and not superseded): follow-up and performance are about it. */
  hasAgreement: boolean;
  openObligations: number;
  /** A written agreement out for signing on the phone: who has not signed its current text (src/signing/). */
  signing?: { unsigned: string[] } | null;
  /** The case belongs to the actor's committee (others may read it, never act on it). */
  ownCommittee: boolean;
}

/** Why an action is refused: the case's state (409), the caller's role (403), or a legal rule (422). */
export type Refusal = "state" | "role" | "rule";
export type Decision = { allowed: true } | { allowed: false; reason: string; refusal: Refusal };

const NO = (reason: string, refusal: Refusal = "state"): Decision => ({ allowed: false, reason, refusal });

export function actorsFor(roles: readonly Role[], assigned: boolean): Actor[] {
  return assigned ? [...roles, "assigned"] : [...roles];
}

/** May someone with these roles (and assignment) take this action on this case now? If not, why. */
export function decide(action: Action, facts: CaseFacts, actors: readonly Actor[]): Decision {
  const rule = RULES[action];
  if (!rule.from.includes(facts.status)) {
    return NO(`案件当前状态为“${STATUS_LABELS[facts.status]}”，不能${ACTION_LABELS[action]}`);
  }
  if (!facts.ownCommittee || !rule.by.some((a) => actors.includes(a))) {
    return NO(`您无权${ACTION_LABELS[action]}：此操作由${describeActors(rule.by)}办理`, "role");
  }
  switch (action) {
    case "assign":
    case "record-consent":
    case "extend-mediation":
    case "schedule-session":
      if (facts.consentRefused && action !== "record-consent") {
        return NO("有当事人拒绝调解，调解不得继续（人民调解法第十七条），请终止调解", "rule");
      }
      return { allowed: true };
    case "record-session":
      if (facts.consentRefused)
        return NO("有当事人拒绝调解，调解不得继续（人民调解法第十七条），请终止调解", "rule");
      if (!facts.consentComplete) return NO("首次调解前须书面告知当事人权利义务并记录各方同意调解", "rule");
      if (!facts.hasLeadMediator) return NO("请先指派主持调解员");
      return { allowed: true };
    case "cancel-session":
      if (!facts.scheduledSessions) return NO("没有已安排的调解");
      return { allowed: true };
    case "seal-agreement":
      if (!facts.signing) return NO("没有待盖章的网上签署协议：请先在“记录调解协议”中发送当事人网上签署");
      if (facts.signing.unsigned.length)
        return NO(
          `尚有当事人未签署协议：${facts.signing.unsigned.join("、")}。各方当事人签署后方可签名盖章，协议才生效（人民调解法第二十九条）`,
          "rule",
        );
      if (!facts.hasLeadMediator) return NO("请先指派主持调解员，由其在协议上签名");
      return { allowed: true };
    case "record-agreement":
      if (facts.consentRefused)
        return NO("有当事人拒绝调解，调解不得继续（人民调解法第十七条），请终止调解", "rule");
      if (facts.sessionCount === 0) return NO("尚无调解笔录，请先记录调解过程");
      return { allowed: true };
    case "record-performance":
      if (facts.openObligations === 0) return NO("没有待履行的义务");
      return { allowed: true };
    case "follow-up":
      if (!facts.hasAgreement) return NO("本案没有达成调解协议，无需回访协议履行情况");
      return { allowed: true };
    default:
      return { allowed: true };
  }
}

export function allowedActions(facts: CaseFacts, actors: readonly Actor[]): Action[] {
  return ACTIONS.filter((a) => decide(a, facts, actors).allowed);
}

function describeActors(actors: readonly Actor[]): string {
  const labels: Record<Actor, string> = {
    clerk: "登记员",
    director: "调委会主任",
    assigned: "本案调解员",
    mediator: "调解员",
    officer: "司法行政人员",
    judge: "法官",
    admin: "系统管理员",
    grid_worker: "网格员",
    dispatcher: "综治中心调度员",
    department_staff: "职能部门办理人员",
  };
  return actors.map((a) => labels[a]).join("、");
}
