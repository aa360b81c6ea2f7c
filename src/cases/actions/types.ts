import type { z } from "zod";
import { ValidationError } from "../../errors.js";
import type { TemplateName, TemplateParams } from "../../messages/templates.js";
import type { SessionUser } from "../../people/scope.js";
import type { Action, Status } from "../lifecycle.js";
import type { ActionStore } from "../store.js";
import type { CaseView } from "../views.js";

/** The day and instant a schema checks dates against ("not after today", "not later than now"). */
export interface When {
  today: string;
  now: Date;
}

/** What an effect sees: the case as loaded in the transaction, who acts, when, and the store. */
export interface ActionContext {
  kase: CaseView;
  user: SessionUser;
  /** The day of the step: today, or the date a 补录 step carries (src/cases/backdating.ts). */
  today: string;
  /** The instant, ISO. */
  now: string;
  /** Every read and write the effect needs, bound to the action's transaction (SQL stays there). */
  store: ActionStore;
  /** The public address (PUBLIC_URL, no trailing slash), for the links an SMS carries. */
  publicUrl: string;
}

/** What an action changes: the new status, the case columns, and the event it writes. */
export interface Effect {
  /** The status after the action, or null to keep the current one. */
  to: Status | null;
  /** The event's Chinese summary, shown on the case's timeline. */
  summary: string;
  caseUpdate?: Record<string, unknown>;
  /** The event's data; the validated input when absent. */
  data?: unknown;
  /** Other changes made in the same step, each its own event before this one (a party corrected on the agreement's form). */
  events?: { action: Action; summary: string; data: unknown }[];
  /** SMS to queue in the outbox in the action's transaction (after its event), tied to the case. */
  messages?: CaseMessage[];
}

/** One SMS an action sends: a mainland mobile, a template of src/messages/templates.ts and its parameters. */
export type CaseMessage = {
  [K in TemplateName]: { to: string; template: K; params: TemplateParams[K] };
}[TemplateName];

export interface ActionModule<S extends z.ZodType = z.ZodType> {
  schema(when: When): S;
  effect(ctx: ActionContext, input: z.output<S>): Promise<Effect>;
}

/** Ties an action's effect to its schema's output type. */
export function defineAction<S extends z.ZodType>(module: ActionModule<S>): ActionModule<S> {
  return module;
}

/** Refuses the input with one field's message (400, shown beside the field). */
export const fail = (field: string, message: string): never => {
  throw new ValidationError([{ field, message }]);
};

export const partyById = (kase: CaseView, id: number) => kase.parties.find((p) => p.id === id);

/** A case concluded on a coded ground: the ground's words (with the detail given) and the other ways the parties were told of. */
export const concluded = (
  today: string,
  label: string,
  detail: string | null | undefined,
  advice: string,
) => ({
  concluded_on: today,
  conclusion_note: detail ? `${label}。${detail}` : label,
  advice,
});
