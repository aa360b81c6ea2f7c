import type { z } from "zod";
import { parseOrThrow } from "../../validation.js";
import { ACTIONS, type Action } from "../lifecycle.js";
import accept from "./accept.js";
import applyConfirmation from "./apply-confirmation.js";
import assign from "./assign.js";
import close from "./close.js";
import decline from "./decline.js";
import extendMediation from "./extend-mediation.js";
import followUp from "./follow-up.js";
import recordAgreement from "./record-agreement.js";
import recordConsent from "./record-consent.js";
import recordIntervention from "./record-intervention.js";
import recordObjection from "./record-objection.js";
import recordPerformance from "./record-performance.js";
import recordSession from "./record-session.js";
import refer from "./refer.js";
import reopen from "./reopen.js";
import resolveOnSpot from "./resolve-on-spot.js";
import sealAgreement from "./seal-agreement.js";
import scheduleSession from "./schedule-session.js";
import cancelSession from "./cancel-session.js";
import terminate from "./terminate.js";
import type { ActionContext, ActionModule, Effect, When } from "./types.js";
import updateParty from "./update-party.js";

export { placeKindOf } from "./record-session.js";
export type { ActionContext, Effect, When } from "./types.js";

/** Every action of the lifecycle (lifecycle.ts) with its module: a missing one does not compile. */
export const ACTION_MODULES = {
  accept,
  refer,
  decline,
  "resolve-on-spot": resolveOnSpot,
  "update-party": updateParty,
  "record-consent": recordConsent,
  assign,
  "record-objection": recordObjection,
  "schedule-session": scheduleSession,
  "cancel-session": cancelSession,
  "record-session": recordSession,
  "extend-mediation": extendMediation,
  "record-agreement": recordAgreement,
  "seal-agreement": sealAgreement,
  "apply-confirmation": applyConfirmation,
  "record-performance": recordPerformance,
  "follow-up": followUp,
  terminate,
  close,
  reopen,
  "record-intervention": recordIntervention,
} satisfies { [A in Action]: ActionModule };

type Modules = typeof ACTION_MODULES;
export type ActionSchemas = { [A in Action]: ReturnType<Modules[A]["schema"]> };
export type ActionInput<A extends Action> = z.output<ActionSchemas[A]>;

/** Every action's schema for a day and instant (tests and the validation-message checks use them all). */
export function actionSchemas(today: string, now: Date): ActionSchemas {
  const when: When = { today, now };
  return Object.fromEntries(ACTIONS.map((a) => [a, ACTION_MODULES[a].schema(when)])) as ActionSchemas;
}

/** Validates the input with the action's schema and runs its effect: the input as parsed, and the effect. */
export async function runAction(
  action: Action,
  when: When,
  ctx: ActionContext,
  input: unknown,
): Promise<{ parsed: unknown; effect: Effect }> {
  const module = ACTION_MODULES[action] as ActionModule;
  const parsed = parseOrThrow(module.schema(when), input);
  return { parsed, effect: await module.effect(ctx, parsed) };
}
