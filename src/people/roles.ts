import { codesOf } from "../shared/codes.js";

export const ROLE_LABELS = {
  clerk: "登记员",
  mediator: "调解员",
  director: "调委会主任",
  officer: "司法行政人员",
  judge: "法官",
  admin: "系统管理员",
  grid_worker: "网格员",
  dispatcher: "综治中心调度员",
  department_staff: "职能部门办理人员",
};
export type Role = keyof typeof ROLE_LABELS;
export const ROLES = codesOf(ROLE_LABELS);

/** Which home page a user with several roles lands on: the most specific desk first. */
export const HOME_PRECEDENCE: Role[] = [
  "admin",
  "judge",
  "officer",
  "dispatcher",
  "department_staff",
  "director",
  "clerk",
  "mediator",
  "grid_worker",
];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function primaryRole(roles: readonly Role[]): Role {
  const found = HOME_PRECEDENCE.find((r) => roles.includes(r));
  if (!found) throw new Error("user has no role");
  return found;
}
