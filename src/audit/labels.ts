/** How audit actions and entities read in the Chinese UI; the stored codes stay English. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "demo.seed": "载入演示数据",
  "user.create": "新建用户",
  "user.update": "修改用户",
  "user.password": "重设密码",
  "organisation.create": "新建机构",
  "organisation.update": "修改机构",
  "region.create": "新增区划",
  "region.update": "修改区划",
};

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  system: "系统",
  user: "用户",
  organisation: "机构",
  region: "区划",
};
