import { calendarNote, missingYearsAround, periodEndDays } from "../cases/periods.js";
import { codesOf } from "../shared/codes.js";

/** The court decides whether to file an application within 3 days (SQ4). */
export const FILING_DAYS = 3;
/** It rules within 15 days of filing (SQ5)… */
export const REVIEW_DAYS = 15;
/** …extendable once by 10 days with the president's approval. */
export const EXTENSION_DAYS = 10;

export type QueueState = "new" | "review" | "extended" | "decided";

export interface CourtClock {
  state: QueueState;
  due: string | null;
  daysLeft: number | null;
  overdue: boolean;
  /** "2027年放假安排尚未录入" when the due date's year has no holiday notice yet (src/calendar/). */
  calendarNote?: string;
}

export interface ConfirmationDates {
  status: string;
  appliedOn: string;
  filedOn: string | null;
  dueOn: string | null;
  extendedOn: string | null;
}

/** Where an application stands in the judge's queue and how long is left (periods as the CPL counts them). */
export function courtClock(
  c: ConfirmationDates,
  today: string,
  daysUntil: (a: string, b: string) => number,
): CourtClock {
  if (c.status === "decided") return { state: "decided", due: null, daysLeft: null, overdue: false };
  const due = c.status === "pending" ? periodEndDays(c.appliedOn, FILING_DAYS) : c.dueOn!;
  const daysLeft = daysUntil(today, due);
  const state: QueueState = c.status === "pending" ? "new" : c.extendedOn ? "extended" : "review";
  const note = calendarNote(missingYearsAround(due));
  return { state, due, daysLeft, overdue: daysLeft < 0, ...(note ? { calendarNote: note } : {}) };
}

/** The review deadline after filing, and after the one extension. */
export const reviewDue = (filedOn: string) => periodEndDays(filedOn, REVIEW_DAYS);
export const extendedDue = (dueOn: string) => periodEndDays(dueOn, EXTENSION_DAYS);

/** （2026）湘0212民特12号: the court's series for special procedures. */
export function formatCourtNumber(year: number, courtPrefix: string, seq: number): string {
  return `（${year}）${courtPrefix}民特${seq}号`;
}

/**
 * Grounds to refuse to file (不予受理, 民诉法解释 art. 355 ¶1, items 一–五). Found only after filing,
 * the same grounds lead to a rejection (art. 355 ¶2), so a ruling may cite them too.
 */
export const REFUSAL_GROUND_LABELS = {
  not_court_matter: "不属于人民法院受理范围",
  no_jurisdiction: "不属于收到申请的人民法院管辖",
  status_relation: "申请确认婚姻关系、亲子关系、收养关系等身份关系无效、有效或者解除",
  other_procedure: "涉及适用其他特别程序、公示催告程序、破产程序审理",
  rights_title: "调解协议内容涉及物权、知识产权确权",
};
export type RefusalGround = keyof typeof REFUSAL_GROUND_LABELS;
export const REFUSAL_GROUNDS = codesOf(REFUSAL_GROUND_LABELS);

/** Grounds to reject after review (民诉法解释 art. 358, items 一–六; YJ24). */
export const REJECTION_GROUND_LABELS = {
  mandatory_law: "违反法律强制性规定",
  public_interest: "损害国家利益、社会公共利益、他人合法权益",
  public_order: "违背公序良俗",
  involuntary: "违反自愿原则",
  unclear: "内容不明确",
  other: "其他不能进行司法确认的情形",
};
export type RejectionGround = keyof typeof REJECTION_GROUND_LABELS;
export const REJECTION_GROUNDS = codesOf(REJECTION_GROUND_LABELS);

/**
 * Codes stored before the grounds followed art. 358 (they were taken from YJ24), read as the
 * art. 358 / art. 355 ground they fall under. Stored rows are left as they are.
 */
export const LEGACY_GROUNDS: Record<string, RejectionGround | RefusalGround> = {
  violates_law: "mandatory_law",
  harms_others: "public_interest",
  criminal: "other",
  coerced: "involuntary",
  identity: "status_relation",
};

/** A ruling may reject on an art. 358 ground or, once filed, on an art. 355 ground (art. 355 ¶2). */
export const DECISION_GROUNDS = [...REJECTION_GROUNDS, ...REFUSAL_GROUNDS] as const;
export type DecisionGround = (typeof DECISION_GROUNDS)[number];

/** Any stored ground code, current or legacy, as the current code. */
export function currentGround(code: string): DecisionGround | null {
  const c = LEGACY_GROUNDS[code] ?? code;
  return (DECISION_GROUNDS as readonly string[]).includes(c) ? (c as DecisionGround) : null;
}

/** The words of the law for a stored ground code (legacy codes included). */
export function groundLabel(code: string): string {
  const c = currentGround(code);
  if (!c) return code;
  return c in REJECTION_GROUND_LABELS
    ? REJECTION_GROUND_LABELS[c as RejectionGround]
    : REFUSAL_GROUND_LABELS[c as RefusalGround];
}

export const isRefusalGround = (code: string): boolean =>
  (REFUSAL_GROUNDS as readonly string[]).includes(currentGround(code) ?? "");

/** Why the court treats an application as withdrawn (民诉法解释 art. 357 ¶2). */
export const DEEMED_WITHDRAWAL_LABELS = {
  no_material: "无正当理由未在限期内补充陈述、补充证明材料",
  no_attendance: "无正当理由拒不接受询问",
};
export type DeemedWithdrawalGround = keyof typeof DEEMED_WITHDRAWAL_LABELS;
export const DEEMED_WITHDRAWAL_GROUNDS = codesOf(DEEMED_WITHDRAWAL_LABELS);

/** How an application ended, for the queue and the case page. */
export const OUTCOME_LABELS: Record<string, string> = {
  confirmed: "确认有效",
  rejected: "驳回申请",
  refused: "不予受理",
  withdrawn: "准许撤回",
  deemed_withdrawn: "按撤回申请处理",
};
