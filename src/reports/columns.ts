import type { Figures } from "./figures.js";

/**
 * The figures as people read them: each one's Chinese header, kind and definition, in the order
 * tables and exports show them. The figures themselves are defined in figures.ts; this is their
 * presentation, shared by the page, the exports and the charts.
 */

export type ColumnKind = "count" | "rate" | "days" | "amount";

export interface Column {
  key: keyof Figures;
  /** Header in tables and exports. */
  label: string;
  kind: ColumnKind;
  /** For a rate (or an average): the figures it divides, shown beside it. */
  of?: [numerator: keyof Figures, denominator: keyof Figures];
  definition: string;
}

/** Every figure in the order tables and exports show them, with its Chinese header and meaning. */
export const COLUMNS: Column[] = [
  { key: "found", label: "排查发现纠纷", kind: "count", definition: "期间内登记的全部纠纷（按登记日期）。" },
  {
    key: "prevented",
    label: "当场化解",
    kind: "count",
    definition: "期间内登记的纠纷中，经当场化解（预防）结案的件数（按登记日期）。",
  },
  { key: "accepted", label: "受理", kind: "count", definition: "期间内受理的案件（按受理日期）。" },
  {
    key: "concluded",
    label: "调结",
    kind: "count",
    definition: "期间内调解结束的已受理案件：调解协议生效或调解终止（按协议生效或终止日期）。",
  },
  {
    key: "successful",
    label: "调解成功",
    kind: "count",
    definition:
      "调结案件中达成调解协议且协议有效的：状态为已达成协议、司法确认中、已司法确认、已履行，或以调解成功结案。",
  },
  {
    key: "successRate",
    label: "调解成功率",
    kind: "rate",
    of: ["successful", "concluded"],
    definition: "调解成功 ÷ 调结。",
  },
  {
    key: "conclusionRate",
    label: "调结率",
    kind: "rate",
    of: ["concluded", "accepted"],
    definition:
      "调结 ÷ 受理（同一期间，各按自己的日期计入，不是同一批案件；调结了以前受理的积案时可超过 100%，并非错误）。",
  },
  {
    key: "villageConcluded",
    label: "村（社区）调结",
    kind: "count",
    definition: "调结案件中由村（社区）人民调解委员会办理的件数。",
  },
  {
    key: "villageShare",
    label: "小事不出村占比",
    kind: "rate",
    of: ["villageConcluded", "concluded"],
    definition: "村（社区）调结 ÷ 调结。",
  },
  {
    key: "daysToConcludeTotal",
    label: "调结天数合计",
    kind: "count",
    definition: "调结案件自受理到调结的天数（调结日期 − 受理日期）之和。",
  },
  {
    key: "avgDaysToConclude",
    label: "平均调结天数",
    kind: "days",
    of: ["daysToConcludeTotal", "concluded"],
    definition: "调结天数合计 ÷ 调结。",
  },
  {
    key: "medianDaysToConclude",
    label: "调结天数中位数",
    kind: "days",
    definition: "调结案件自受理到调结天数的中位数（偶数件时取中间两件的平均）。",
  },
  {
    key: "overdue",
    label: "当前逾期",
    kind: "count",
    definition:
      "截至今天（北京时间）所等待的期限已过的在办案件：已受理或调解中而调解期限已过，或已达成协议（含待司法确认、已确认）而最早一项未履行义务的履行期限已过（不受统计期间限制）。",
  },
  {
    key: "confirmationsApplied",
    label: "申请司法确认",
    kind: "count",
    definition: "期间内当事人共同申请司法确认的次数（按申请日期）。",
  },
  {
    key: "confirmed",
    label: "确认有效",
    kind: "count",
    definition: "期间内人民法院裁定确认调解协议有效的件数（按裁定日期）。",
  },
  {
    key: "rejected",
    label: "驳回申请",
    kind: "count",
    definition: "期间内人民法院裁定驳回司法确认申请的件数（按裁定日期）。",
  },
  {
    key: "obligationsDue",
    label: "到期义务",
    kind: "count",
    definition: "有效调解协议中履行期限在期间内且不晚于今天的义务项数。",
  },
  {
    key: "obligationsPerformed",
    label: "已履行义务",
    kind: "count",
    definition: "到期义务中已登记履行的项数（逾期履行也计入）。",
  },
  {
    key: "performanceRate",
    label: "协议履行率",
    kind: "rate",
    of: ["obligationsPerformed", "obligationsDue"],
    definition: "已履行义务 ÷ 到期义务。",
  },
  { key: "followUps", label: "回访", kind: "count", definition: "期间内的回访次数（按回访日期）。" },
  {
    key: "satisfiedFollowUps",
    label: "满意及基本满意",
    kind: "count",
    definition: "回访中当事人满意或基本满意的次数。",
  },
  {
    key: "ratings",
    label: "当事人评价",
    kind: "count",
    definition: "期间内当事人在网上对办结案件的评价条数（按评价日期，每位当事人每案一次）。",
  },
  {
    key: "satisfiedRatings",
    label: "评价满意及基本满意",
    kind: "count",
    definition: "当事人评价中满意或基本满意的条数。",
  },
  {
    key: "satisfactionAnswers",
    label: "回访及评价",
    kind: "count",
    definition: "回访 + 当事人评价：满意率的分母。",
  },
  {
    key: "satisfiedAnswers",
    label: "满意及基本满意合计",
    kind: "count",
    definition: "回访与当事人评价中满意或基本满意的合计：满意率的分子。",
  },
  {
    key: "satisfactionRate",
    label: "满意率",
    kind: "rate",
    of: ["satisfiedAnswers", "satisfactionAnswers"],
    definition:
      "（回访满意及基本满意 + 评价满意及基本满意）÷（回访 + 当事人评价），每次回访、每条评价各算一次。",
  },
  {
    key: "amountAgreedFen",
    label: "协议涉及金额（元）",
    kind: "amount",
    definition: "调解成功案件的有效协议中各项义务金额之和（按调结日期）。",
  },
  {
    key: "preventedCriminalCases",
    label: "防止民转刑（件）",
    kind: "count",
    definition: "结案时登记为防止民间纠纷转化为刑事案件的件数（按结案日期）。",
  },
  {
    key: "preventedCriminalPeople",
    label: "防止民转刑（人）",
    kind: "count",
    definition: "上述案件涉及的人数。",
  },
  {
    key: "preventedPetitionCases",
    label: "防止群体性上访（件）",
    kind: "count",
    definition: "结案时登记为防止群体性上访的件数（按结案日期）。",
  },
  {
    key: "preventedPetitionPeople",
    label: "防止群体性上访（人）",
    kind: "count",
    definition: "上述案件涉及的人数。",
  },
];

export const COLUMN_BY_KEY = new Map(COLUMNS.map((c) => [c.key, c]));
