import { LABELS } from "../cases/labels.js";
import { STATUS_LABELS, STATUSES } from "../cases/lifecycle.js";
import * as S from "../cases/labels.js";
import { chineseDate } from "../documents/chinese-format.js";
import { OrganisationService } from "../places/organisations.js";
import type { SessionUser } from "../people/scope.js";
import { shortCache } from "../shared/short-cache.js";
import type { Services } from "../services.js";

const options = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));

export { LABELS };

export const OPTIONS = {
  source: options(S.SOURCE_LABELS),
  risk: options(S.RISK_LABELS),
  decline: options(S.DECLINE_GROUND_LABELS),
  termination: options(S.TERMINATION_REASON_LABELS),
  place: options(S.PLACE_LABELS),
  sessionOutcome: options(S.SESSION_OUTCOME_LABELS),
  assignmentRole: options(S.ASSIGNMENT_ROLE_LABELS),
  signMethod: options(S.SIGN_METHOD_LABELS),
  material: options(S.MATERIAL_LABELS),
  followUpMethod: options(S.FOLLOW_UP_METHOD_LABELS),
  performed: options(S.PERFORMED_LABELS),
  satisfaction: options(S.SATISFACTION_LABELS),
  interventionRisk: options(S.INTERVENTION_RISK_LABELS),
  referralBody: options(S.REFERRAL_BODY_LABELS),
  side: options(LABELS.side),
  kind: options(LABELS.kind),
  gender: options(LABELS.gender),
  agreementForm: options(LABELS.agreementForm),
  status: STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] })),
  yesNo: [
    { value: "yes", label: "是" },
    { value: "no", label: "否" },
  ],
  consent: [
    { value: "yes", label: "同意调解" },
    { value: "no", label: "拒绝调解" },
  ],
};

export async function typeOptions(services: Services) {
  return (await services.disputeTypes.list()).map((t) => ({ value: t.code, label: t.name }));
}

/** Places a committee's disputes may be in: its own area, from the township or village down. */
export async function regionOptions(services: Services, user: SessionUser) {
  const org = await services.organisations.get(user.organisation.id);
  const prefix = OrganisationService.areaPrefix(org);
  const rows = await services.regions.list({ prefix });
  const byCode = new Map(rows.map((r) => [r.code, r.name]));
  return rows.map((r) => ({
    value: r.code,
    label: r.level === "group" && r.parentCode ? `${byCode.get(r.parentCode) ?? ""}${r.name}` : r.name,
  }));
}

/**
 * The list's filter options change rarely (reference data, the region tree): each process keeps
 * them for a short while instead of reading them on every list request. Keyed by the services
 * object, so two apps in one process (the tests) never share an entry. Another process or
 * instance sees an edit within FILTER_OPTIONS_TTL_MS (src/shared/short-cache.ts).
 */
export const FILTER_OPTIONS_TTL_MS = 30_000;
const cached = shortCache<Services>(FILTER_OPTIONS_TTL_MS);

/** The dispute types for the case list's filter (cached for a short while, see above). */
export function filterTypeOptions(services: Services) {
  return cached(services, "types", () => typeOptions(services));
}

/** Every region the user may filter by: their scope's area (admins: the whole tree). */
export async function filterRegionOptions(services: Services, user: SessionUser) {
  const rows = await cached(services, "regions", () => services.regions.list({ withGroups: false }));
  const org = await services.organisations.get(user.organisation.id);
  const prefix = user.roles.includes("admin") ? "" : OrganisationService.areaPrefix(org);
  return rows.filter((r) => r.code.startsWith(prefix)).map((r) => ({ value: r.code, label: r.name }));
}

export function todayLabel(today: string): string {
  return chineseDate(today);
}
