import type { CaseDetail } from "../../cases/service.js";
import type { SessionUser } from "../../people/scope.js";
import type { Services } from "../../services.js";

/** What every action's form gets: its title, today (Beijing), and the case's parties as choices. */
export interface FormBase {
  title: string;
  today: string;
  partyOptions: { value: number; label: string }[];
}

export interface FormContext {
  services: Services;
  user: SessionUser;
  kase: CaseDetail;
  /** The query string: e.g. which party update-party corrects, or the assign panel's filters. */
  query: Record<string, unknown>;
  /** What was submitted, when the form comes back with an error (e.g. which party was corrected). */
  posted?: Record<string, unknown>;
  base: FormBase;
}

/** The form's data: the base, the choices it offers and its first values (`values`). */
export type ActionForm = FormBase & { values: Record<string, unknown> } & Record<string, unknown>;

/** One action's form preparation (src/routes/case-action-forms/<action>.ts). */
export type FormPrep = (ctx: FormContext) => Promise<ActionForm> | ActionForm;
