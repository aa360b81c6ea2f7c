import type { Role } from "../people/roles.js";
import { codesOf } from "../shared/codes.js";

export const ORGANISATION_KIND_LABELS = {
  village_committee: "村（社区）人民调解委员会",
  township_committee: "乡镇（街道）人民调解委员会",
  professional_committee: "行业性专业性人民调解委员会",
  studio: "个人调解工作室",
  justice_office: "司法所",
  justice_bureau: "司法局",
  court: "人民法院",
  governance_center: "综治中心",
  department: "职能部门",
};
export type OrganisationKind = keyof typeof ORGANISATION_KIND_LABELS;
export const ORGANISATION_KINDS = codesOf(ORGANISATION_KIND_LABELS);

export const COMMITTEE_KINDS: OrganisationKind[] = [
  "village_committee",
  "township_committee",
  "professional_committee",
  "studio",
];

/** Which organisation kinds each role may belong to; admin may sit anywhere. */
export const ROLE_ORGANISATION_KINDS: Record<Role, readonly OrganisationKind[]> = {
  clerk: COMMITTEE_KINDS,
  mediator: COMMITTEE_KINDS,
  director: COMMITTEE_KINDS,
  officer: ["justice_office", "justice_bureau"],
  judge: ["court"],
  grid_worker: ["governance_center"],
  dispatcher: ["governance_center"],
  department_staff: ["department"],
  admin: ORGANISATION_KINDS,
};

export const REGION_LEVEL_LABELS = {
  province: "省",
  city: "市",
  county: "县（区）",
  township: "乡镇（街道）",
  village: "村（社区）",
  group: "村民小组",
};
export type RegionLevel = keyof typeof REGION_LEVEL_LABELS;
export const REGION_LEVELS = codesOf(REGION_LEVEL_LABELS);

/**
 * Significant prefix of a statistical division code at each level: 43 / 4302 / 430212 /
 * 430212101 / 430212101201; villager groups extend the 12-digit village code by 3 digits.
 */
export const REGION_PREFIX_LENGTH: Record<RegionLevel, number> = {
  province: 2,
  city: 4,
  county: 6,
  township: 9,
  village: 12,
  group: 15,
};

export function regionPrefix(code: string, level: RegionLevel): string {
  return code.slice(0, REGION_PREFIX_LENGTH[level]);
}

export function childLevel(level: RegionLevel): RegionLevel | null {
  const i = REGION_LEVELS.indexOf(level);
  return REGION_LEVELS[i + 1] ?? null;
}

export function isOrganisationKind(value: unknown): value is OrganisationKind {
  return typeof value === "string" && (ORGANISATION_KINDS as readonly string[]).includes(value);
}
