import { periodEndDays } from "../cases/periods.js";

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
  return { state, due, daysLeft, overdue: daysLeft < 0 };
}

/** The review deadline after filing, and after the one extension. */
export const reviewDue = (filedOn: string) => periodEndDays(filedOn, REVIEW_DAYS);
export const extendedDue = (dueOn: string) => periodEndDays(dueOn, EXTENSION_DAYS);

/** （2026）湘0212民特12号: the court's series for special procedures. */
export function formatCourtNumber(year: number, courtPrefix: string, seq: number): string {
  return `（${year}）${courtPrefix}民特${seq}号`;
}

/** Grounds to reject (YJ24). */
export const REJECTION_GROUNDS = [
  "violates_law",
  "harms_others",
  "criminal",
  "unclear",
  "coerced",
  "identity",
] as const;
export type RejectionGround = (typeof REJECTION_GROUNDS)[number];
export const REJECTION_GROUND_LABELS: Record<RejectionGround, string> = {
  violates_law: "违反法律强制性规定",
  harms_others: "损害国家利益、社会公共利益或者他人合法权益",
  criminal: "涉及是否追究当事人刑事责任",
  unclear: "内容不明确，无法确认和执行",
  coerced: "调解组织、调解员强迫调解或者有其他严重违反职业道德准则的行为",
  identity: "涉及身份关系（婚姻、收养、亲子关系）等不属于司法确认范围的事项",
};
