/** How audit actions and entities read in the Chinese UI; the stored codes stay English. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "demo.seed": "载入演示数据",
  "user.create": "新建用户",
  "user.update": "修改用户",
  "user.password": "重设密码",
  "auth.login": "登录",
  "auth.failure": "登录失败",
  "auth.lockout": "登录锁定",
  "auth.token": "签发接口令牌",
  "auth.token.revoke": "吊销接口令牌",
  "auth.signout_everywhere": "在所有地方退出登录",
  "organisation.create": "新建机构",
  "organisation.update": "修改机构",
  "region.create": "新增区划",
  "region.update": "修改区划",
  "calendar.load": "录入节假日安排",
  "calendar.replace": "更新节假日安排",
  "ledger.import": "导入纸质台账（补录）",
};

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  system: "系统",
  user: "用户",
  client: "客户端地址",
  organisation: "机构",
  region: "区划",
  holiday_notice: "节假日安排",
};
