import { z } from "zod";
import { ValidationError } from "../errors.js";
import { isoDate } from "../validation.js";
import type { Action } from "./lifecycle.js";
import { beijingDate } from "../shared/dates.js";
import type { CaseView } from "./views.js";

/**
 * 补录 of past steps (back-entry): a committee entering a case that happened before it used
 * Fengqiao gives each step its real date. The actions that record a date of their own (告知日期,
 * 调解时间, 协议签署日期, 申请日期, 履行日期, 回访日期) already take one; these are the actions
 * that would otherwise be dated today, and take an optional `actedOn` (实际办理日期).
 */
export const BACKDATABLE_ACTIONS: readonly Action[] = [
  "accept",
  "decline",
  "resolve-on-spot",
  "terminate",
  "close",
];

/** The number a case entered from paper goes by: its paper number, marked 补录 (never one of the series). */
export function backfillNumber(paperNumber: string, prefix: string): string {
  return `${paperNumber.includes(prefix) ? "" : prefix}${paperNumber}（补录）`;
}

/** The latest date a step of the case happened on, as the case records it. */
export function lastStepDate(kase: CaseView): string {
  const dates = [
    kase.registeredOn,
    kase.acceptedOn,
    kase.consentNoticeOn,
    kase.concludedOn,
    kase.closedOn,
    ...kase.sessions.map((s) => beijingDate(new Date(s.heldAt))),
    kase.agreement?.effectiveOn,
    ...(kase.agreement?.obligations ?? []).map((o) => o.performedOn),
    ...kase.confirmations.flatMap((c) => [c.appliedOn, c.decidedOn]),
    ...kase.followUps.map((f) => f.visitedOn),
  ];
  return dates
    .filter((d): d is string => !!d)
    .sort()
    .at(-1)!;
}

const actedOnSchema = z.object({
  actedOn: z.preprocess((v) => (v === "" || v === null ? undefined : v), isoDate("实际办理日期").optional()),
});

/**
 * The step's date: `actedOn` if given (not after today, not before the case's previous step),
 * otherwise today. Only the actions in BACKDATABLE_ACTIONS take one.
 */
export function stepDate(action: Action, input: unknown, kase: CaseView, today: string): string {
  const parsed = actedOnSchema.safeParse(input ?? {});
  const fail = (message: string): never => {
    throw new ValidationError([{ field: "actedOn", message }]);
  };
  if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? "实际办理日期应为日期，如 2026-03-05");
  const actedOn = parsed.data.actedOn;
  if (!actedOn) return today;
  if (!BACKDATABLE_ACTIONS.includes(action)) return fail("这项操作不填写实际办理日期，请在表单的日期栏填写");
  if (actedOn > today) return fail("实际办理日期不能晚于今天");
  const previous = lastStepDate(kase);
  if (actedOn < previous) return fail(`实际办理日期不能早于上一步的日期（${previous}）`);
  return actedOn;
}
