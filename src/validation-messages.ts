import { z } from "zod";

/**
 * One Chinese error map for Zod. Schemas give their own messages where a person reads them; this
 * map catches every check that has none (a wrong type from an API client, a bare .int(), an
 * unknown key…), so no English library message ever reaches a user or an API client. It is
 * installed when this module is first imported (src/validation.ts imports it), which every
 * process that validates does.
 */

/** Field names as they appear in request bodies and queries, in Chinese. */
export const FIELD_LABELS: Record<string, string> = {
  accept: "受理",
  active: "启用状态",
  address: "地址",
  advice: "告知当事人的其他解决途径",
  agent: "代理人",
  all: "是否全部",
  amountFen: "金额（分）",
  amountYuan: "金额（元）",
  answer: "答复内容",
  applicantPartyIds: "共同申请的当事人",
  applicantStatement: "申请人陈述",
  appliedOn: "申请日期",
  appointedOn: "聘任日期",
  approvedBy: "批准人",
  attendees: "参加人",
  available: "可接案状态",
  birthDate: "出生日期",
  capacity: "承办上限",
  chosenBy: "调解员选定方式",
  closedReason: "不公开的理由",
  code: "代码",
  consented: "是否同意调解",
  consentedOn: "同意日期",
  consents: "当事人意见",
  content: "履行内容",
  copies: "份数",
  courtId: "受理法院",
  date: "日期",
  dates: "拟定调解日期",
  days: "日期",
  decidedOn: "裁定日期",
  displayName: "姓名",
  disputedMatters: "争议事项",
  dueOn: "期限",
  ethnicity: "民族",
  externalRef: "外部编号",
  facts: "纠纷主要事实",
  filedOn: "立案日期",
  filename: "文件名",
  fiveEldersKind: "五老类别",
  form: "协议形式",
  from: "开始日期",
  fromOn: "开始日期",
  gender: "性别",
  ground: "不予受理的事由",
  groundDetail: "事由说明",
  grounds: "驳回理由",
  groupBy: "分组方式",
  heldAt: "调解时间",
  homeRegionCode: "常住区划",
  id: "编号",
  idNumber: "身份证号",
  isPublic: "是否公开调解",
  issuedOn: "发布日期",
  kind: "类型",
  languages: "语言或方言",
  leadMediatorId: "主持调解员",
  legalRepresentative: "法定代表人",
  level: "级别",
  limit: "数量上限",
  manner: "履行方式",
  materials: "申请材料",
  mediatorId: "调解员",
  mediators: "调解员",
  mediatorSignedOn: "调解员签名日期",
  method: "方式",
  month: "月份",
  name: "名称",
  newDueOn: "延长后的期限",
  note: "说明",
  notes: "备注",
  noticeGivenOn: "告知日期",
  number: "编号",
  numberPrefix: "案号前缀",
  obligationIndex: "履行的义务",
  obligations: "履行义务",
  obligee: "权利人",
  obligor: "义务人",
  occupation: "职业或工作单位",
  occurredOn: "纠纷发生日期",
  organisationId: "机构",
  outcome: "结果",
  overdue: "是否逾期",
  page: "页码",
  pageSize: "每页条数",
  parentCode: "上级区划",
  parties: "当事人",
  partiesConsented: "当事人是否同意",
  party: "当事人",
  partyId: "当事人",
  password: "密码",
  peopleInvolved: "涉及人数",
  performed: "履行情况",
  performedOn: "履行日期",
  period: "统计期间",
  phone: "联系电话",
  place: "调解地点",
  placeKind: "调解地点类型",
  preventedCriminal: "防止民转刑",
  preventedCriminalPeople: "防止民转刑涉及人数",
  preventedPetition: "防止群体性上访",
  preventedPetitionPeople: "防止群体性上访涉及人数",
  proposals: "调解意见和方案",
  q: "搜索词",
  quarter: "季度",
  reason: "理由",
  reasonDetail: "原因说明",
  reasons: "理由",
  record: "调解经过",
  referringCourtId: "委派法院",
  region: "区划",
  regionCode: "区划",
  request: "需要补充的材料",
  respondentStatement: "被申请人陈述",
  responsibilities: "各方责任",
  retiredOn: "解聘日期",
  riskLevel: "风险等级",
  role: "角色",
  roles: "角色",
  satisfaction: "满意度",
  sealedOn: "盖章日期",
  side: "当事人一方",
  signatures: "签署情况",
  signedOn: "签署日期",
  source: "纠纷来源",
  specialties: "专长",
  specialty: "专长",
  status: "状态",
  summary: "概要",
  teamId: "调解团队",
  teamLeadId: "团队主持调解员",
  termEnd: "任期结束",
  terms: "协议内容",
  termStart: "任期开始",
  title: "标题",
  to: "结束日期",
  toOn: "结束日期",
  typeCode: "纠纷类型",
  unifiedCode: "统一社会信用代码",
  username: "用户名",
  version: "版本号",
  visitedOn: "回访日期",
  year: "年份",
};

const TYPE_NAMES: Record<string, string> = {
  string: "文字",
  number: "数字",
  int: "整数",
  bigint: "整数",
  boolean: "是或否",
  array: "列表",
  object: "一组字段",
  date: "日期",
};

/** The Chinese name of the field an issue is about: the innermost named key of its path. */
export function fieldLabel(path: readonly PropertyKey[] | undefined): string {
  const keys = (path ?? []).filter((k): k is string => typeof k === "string");
  for (let i = keys.length - 1; i >= 0; i--) {
    const label = FIELD_LABELS[keys[i]!];
    if (label) return label;
  }
  return "该项";
}

type Issue = z.core.$ZodRawIssue;

function sizeMessage(issue: Issue & { code: "too_small" | "too_big" }, label: string): string {
  const small = issue.code === "too_small";
  const bound = Number(small ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case "string":
      if (small && bound <= 1) return `请填写${label}`;
      return small ? `${label}至少 ${bound} 个字` : `${label}不能超过 ${bound} 个字`;
    case "array":
    case "set":
      if (small && bound <= 1) return `请至少填写一项${label}`;
      return small ? `${label}至少需要 ${bound} 项` : `${label}不能超过 ${bound} 项`;
    default:
      if (small) return inclusive ? `${label}不能小于 ${bound}` : `${label}应大于 ${bound}`;
      return inclusive ? `${label}不能大于 ${bound}` : `${label}应小于 ${bound}`;
  }
}

/** The message for an issue whose schema gave none. */
export function chineseMessage(issue: Issue): string {
  const label = fieldLabel(issue.path);
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined) return `请填写${label}`;
      const expected = TYPE_NAMES[issue.expected] ?? "正确的格式";
      return `${label}应为${expected}`;
    }
    case "too_small":
    case "too_big":
      return sizeMessage(issue, label);
    case "invalid_format":
      return `${label}格式不正确`;
    case "not_multiple_of":
      return `${label}应为 ${String(issue.divisor)} 的倍数`;
    case "invalid_value":
      return `${label}不在可选范围内，请从给定选项中选择`;
    case "unrecognized_keys":
      return `不接受的字段：${issue.keys.join("、")}`;
    case "invalid_union":
      return `${label}格式不正确`;
    case "invalid_key":
    case "invalid_element":
      return `${label}中有无效的值`;
    default:
      return `${label}不正确`;
  }
}

z.config({ customError: chineseMessage });
