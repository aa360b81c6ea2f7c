import { codesOf } from "../shared/codes.js";
/** Codes and their Chinese labels for mediator records, pools and teams. Codes stay English. */

export const FIVE_ELDERS_LABELS = {
  old_cadre: "老干部",
  old_party_member: "老党员",
  old_teacher: "老教师",
  old_deputy: "老代表",
  old_soldier: "老军人",
};
export type FiveEldersKind = keyof typeof FIVE_ELDERS_LABELS;
export const FIVE_ELDERS_KINDS = codesOf(FIVE_ELDERS_LABELS);

export const RELATION_LABELS = {
  kin: "亲属关系",
  household: "共同生活（同户）关系",
  employer: "雇佣（用工）关系",
  interest: "其他利害关系",
};
export type RelationKind = keyof typeof RELATION_LABELS;
export const RELATION_KINDS = codesOf(RELATION_LABELS);

export const UNAVAILABILITY_LABELS = {
  leave: "请假",
  illness: "生病",
  training: "外出培训",
  other: "其他事由",
};
export type UnavailabilityReason = keyof typeof UNAVAILABILITY_LABELS;
export const UNAVAILABILITY_REASONS = codesOf(UNAVAILABILITY_LABELS);

export const POOL_LEVEL_LABELS = {
  province: "省级",
  city: "市级",
  county: "县级",
};
export type PoolLevel = keyof typeof POOL_LEVEL_LABELS;
export const POOL_LEVELS = codesOf(POOL_LEVEL_LABELS);

export const TEAM_KIND_LABELS = {
  five_elders: "“五老”调解队",
  sages_council: "乡贤理事会",
  studio: "个人调解工作室",
  other: "其他调解团队",
};
export type TeamKind = keyof typeof TEAM_KIND_LABELS;
export const TEAM_KINDS = codesOf(TEAM_KIND_LABELS);

export const GENDER_LABELS = { male: "男", female: "女" } as const;

/** How a mediator came to be on the case (RL19: designated by the committee, or chosen by the parties). */
export const CHOSEN_BY = ["committee", "parties"] as const;
export const CHOSEN_BY_LABELS = { committee: "调委会指定", parties: "当事人选定" } as const;

/** Languages a party of a minority nationality may need (the matching asks for them unless told). */
export const ETHNIC_LANGUAGES: Record<string, string> = {
  苗族: "苗语",
  瑶族: "瑶语",
  土家族: "土家语",
  侗族: "侗语",
  壮族: "壮语",
  彝族: "彝语",
  白族: "白语",
  蒙古族: "蒙古语",
  藏族: "藏语",
  维吾尔族: "维吾尔语",
  哈萨克族: "哈萨克语",
  朝鲜族: "朝鲜语",
};
