import { ACTION_LABELS, ACTIONS, type Action } from "../cases/lifecycle.js";
import type { CaseDetail } from "../cases/service.js";
import { NotFoundError } from "../errors.js";
import type { SessionUser } from "../people/scope.js";
import type { Services } from "../services.js";
import { beijingDate } from "../shared/dates.js";
import applyConfirmation from "./case-action-forms/apply-confirmation.js";
import assign from "./case-action-forms/assign.js";
import close from "./case-action-forms/close.js";
import extendMediation from "./case-action-forms/extend-mediation.js";
import followUp from "./case-action-forms/follow-up.js";
import recordAgreement from "./case-action-forms/record-agreement.js";
import recordConsent from "./case-action-forms/record-consent.js";
import recordIntervention from "./case-action-forms/record-intervention.js";
import recordObjection from "./case-action-forms/record-objection.js";
import recordPerformance from "./case-action-forms/record-performance.js";
import recordSession from "./case-action-forms/record-session.js";
import refer from "./case-action-forms/refer.js";
import resolveOnSpot from "./case-action-forms/resolve-on-spot.js";
import sealAgreement from "./case-action-forms/seal-agreement.js";
import scheduleSession from "./case-action-forms/schedule-session.js";
import cancelSession from "./case-action-forms/cancel-session.js";
import terminate from "./case-action-forms/terminate.js";
import type { ActionForm, FormPrep } from "./case-action-forms/types.js";
import updateParty from "./case-action-forms/update-party.js";

/**
 * The forms' preparation, one module per action that needs more than its title and the parties
 * (src/routes/case-action-forms/<action>.ts, named like src/cases/actions/<action>.ts and
 * views/partials/actions/<action>.hbs). An action without one starts with empty values.
 */
const FORMS: { [A in Action]?: FormPrep } = {
  refer,
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
  "record-intervention": recordIntervention,
};

/** What each action's form needs: its title, the choices it offers, and sensible first values. */
export async function actionFormData(
  services: Services,
  user: SessionUser,
  kase: CaseDetail,
  action: string,
  query: Record<string, unknown> = {},
  posted?: Record<string, unknown>,
): Promise<ActionForm> {
  if (!(ACTIONS as readonly string[]).includes(action)) throw new NotFoundError("没有这项操作");
  const act = action as Action;
  const today = beijingDate(services.clock.now());
  const partyOptions = kase.parties.map((p) => ({
    value: p.id,
    label: `${p.name}（${p.side === "applicant" ? "申请人" : "被申请人"}）`,
  }));
  const base = { title: ACTION_LABELS[act], today, partyOptions };
  const prepare = FORMS[act];
  return prepare ? prepare({ services, user, kase, query, posted, base }) : { ...base, values: {} };
}

export type { ActionForm as ActionFormData } from "./case-action-forms/types.js";
export type { SessionUser };
