import type { FieldError } from "../errors.js";
import { NotFoundError } from "../errors.js";
import { DateTime } from "luxon";
import { ZONE } from "../shared/dates.js";
import { toFieldErrors } from "../validation.js";
import { memoised } from "./page-memo.js";
import { assertCanSeeStats } from "./access.js";
import type { SessionUser } from "../people/scope.js";
import { barChart, columnChart } from "./charts.js";
import { COLUMN_BY_KEY, COLUMNS } from "./columns.js";
import type { Figures } from "./figures.js";
import { cell, count, percent, yuanShort } from "./format.js";
import {
  conclusionRateNote,
  CONCLUDED_WORDS,
  CONCLUSION_RATE_WORDS,
  groupCards,
  groupsRateNote,
  keyFigures,
} from "./page-summary.js";
import {
  addMonths,
  lastDayOfMonth,
  monthsBetween,
  periodQuery,
  PERIOD_KIND_LABELS,
  PERIOD_KINDS,
  resolvePeriod,
  type Period,
} from "./periods.js";
import type { StatsScope } from "./scope.js";
import {
  GROUP_BY_LABELS,
  GROUP_BYS,
  type GroupBy,
  type RegionInfo,
  type StatsResult,
  type StatsService,
} from "./service.js";

/** The statistics page's query, checked: the period, the place (within the user's area) and the grouping. */
export interface PageParams {
  period: Period;
  region: RegionInfo | null;
  home: RegionInfo;
  groupBy: GroupBy;
  errors: FieldError[];
  query: Record<string, string>;
}

export { assertCanSeeStats } from "./access.js";

const KEEP = ["period", "year", "month", "quarter", "from", "to", "region", "groupBy"];

export async function parsePageQuery(
  stats: StatsService,
  user: SessionUser,
  raw: Record<string, string>,
): Promise<PageParams> {
  assertCanSeeStats(user);
  const query = Object.fromEntries(Object.entries(raw).filter(([k]) => KEEP.includes(k)));
  const today = stats.today();
  const errors: FieldError[] = [];
  const parsed = periodQuery.safeParse(query);
  if (!parsed.success) errors.push(...toFieldErrors(parsed.error));
  const period = resolvePeriod(parsed.success ? parsed.data : {}, today);
  const home = await stats.homeRegion(user);
  let region: RegionInfo | null = null;
  if (query.region && query.region !== home.code) {
    region = /^\d{12}(\d{3})?$/.test(query.region) ? await stats.region(query.region) : null;
    if (!region || !region.code.startsWith(home.prefix))
      throw new NotFoundError("找不到该地区，或不在您的统计范围内");
  }
  let groupBy: GroupBy = region?.level === "village" ? "type" : "region";
  if (query.groupBy) {
    if ((GROUP_BYS as readonly string[]).includes(query.groupBy)) groupBy = query.groupBy as GroupBy;
    else errors.push({ field: "groupBy", message: "分组方式无效" });
  }
  return { period, region, home, groupBy, errors, query };
}

function href(path: string, query: Record<string, string>, change: Record<string, string | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...query, ...change })) if (v !== null && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** The headline figures: the first columns of the main table and the first cards, in this order. */
const HEADLINE: (keyof Figures)[] = [
  "found",
  "prevented",
  "accepted",
  "concluded",
  "successful",
  "successRate",
  "conclusionRate",
  "villageShare",
  "avgDaysToConclude",
  "medianDaysToConclude",
  "overdue",
];
const MAIN_COLUMNS: (keyof Figures)[] = [...HEADLINE, "amountAgreedFen"];
const MORE_COLUMNS: (keyof Figures)[] = [
  "confirmationsApplied",
  "confirmed",
  "rejected",
  "obligationsDue",
  "obligationsPerformed",
  "performanceRate",
  "followUps",
  "satisfiedFollowUps",
  "ratings",
  "satisfiedRatings",
  "satisfactionRate",
  "preventedCriminalCases",
  "preventedCriminalPeople",
  "preventedPetitionCases",
  "preventedPetitionPeople",
];
const CARDS: (keyof Figures)[] = [
  ...HEADLINE,
  "performanceRate",
  "satisfactionRate",
  "confirmationsApplied",
  "amountAgreedFen",
  "preventedCriminalCases",
  "preventedPetitionCases",
];

function table(result: StatsResult, keys: (keyof Figures)[], link: (code: string) => string) {
  const columns = keys.map((k) => COLUMN_BY_KEY.get(k)!);
  return {
    groupLabel: result.groupBy ? GROUP_BY_LABELS[result.groupBy] : "",
    headers: columns.map((c) => ({ label: c.label, title: c.definition, numeric: true })),
    rows: result.groups.map((g) => ({
      name: g.name,
      href: g.drill ? link(g.drill) : null,
      cells: columns.map((c) => cell(g, c)),
    })),
    total: { name: "合计", cells: columns.map((c) => cell(result.totals, c)) },
  };
}

const monthLabel = (m: string, first: boolean) =>
  first || m.endsWith("-01") ? `${m.slice(0, 4)}年${Number(m.slice(5))}月` : `${Number(m.slice(5))}月`;

/**
 * Everything the statistics page shows, from one snapshot of the aggregates; shared for a few
 * seconds by the same user's identical requests while the aggregates do not change (page-memo.ts).
 */
export async function statsPageModel(stats: StatsService, user: SessionUser, p: PageParams) {
  await stats.refresh();
  const version = await stats.version();
  const key = JSON.stringify([user.id, user.roles, user.organisation.id, stats.today(), p]);
  // A copy per request: res.render adds the response's locals to the object it is given.
  return { ...(await memoised(key, version, () => buildPageModel(stats, user, p))) };
}

const dataTime = (d: Date) => DateTime.fromJSDate(d).setZone(ZONE).toFormat("HH:mm:ss");

async function buildPageModel(stats: StatsService, user: SessionUser, p: PageParams) {
  const computedAt = dataTime(new Date());
  const scope: StatsScope = await stats.scopeOf(user);
  const params = { from: p.period.from, to: p.period.to, region: p.region?.code ?? null };
  // The trend covers at least the twelve months up to the period's end.
  const endMonth = p.period.to.slice(0, 7);
  const wanted = [p.period.from.slice(0, 7), addMonths(endMonth, -11)].sort()[0]!;
  const earliest = addMonths(endMonth, -35);
  const trendMonths = monthsBetween(wanted < earliest ? earliest : wanted, endMonth);
  const { main, byRegion, byType, trend } = await stats.read(async (db) => {
    const home = { home: p.home };
    const main = await stats.compute(db, user, scope, { ...params, groupBy: p.groupBy }, home);
    const light = { light: true, ...home };
    const byRegion =
      p.groupBy === "region"
        ? main
        : await stats.compute(db, user, scope, { ...params, groupBy: "region" }, light);
    // The type chart shows accepted cases only, the trend accepted and concluded only.
    const byType =
      p.groupBy === "type"
        ? main
        : await stats.compute(
            db,
            user,
            scope,
            { ...params, groupBy: "type" },
            { ...light, measures: ["accepted"] },
          );
    const trend = await stats.compute(
      db,
      user,
      scope,
      { from: `${trendMonths[0]}-01`, to: lastDayOfMonth(endMonth), region: params.region, groupBy: "month" },
      { ...light, measures: ["accepted", "concluded"] },
    );
    return { main, byRegion, byType, trend };
  });

  const base = main.base;
  const link = (region: string) => href("/stats", p.query, { region });
  const crumbs = (await stats.breadcrumbs(p.home, base)).map((r, i, all) => ({
    name: r.name,
    href: i < all.length - 1 ? link(r.code) : null,
  }));

  const regionRows = byRegion.groups;
  const areaWord =
    base.level === "county" ? "各乡镇（街道）" : base.level === "township" ? "各村（社区）" : "各地";
  const typeRows = byType.groups.filter((g) => g.accepted > 0);
  const totalAccepted = byType.totals.accepted;

  const charts = [
    {
      id: "chart-trend",
      title: "每月受理与调结",
      caption: `${monthLabel(trendMonths[0]!, true)}至${monthLabel(endMonth, true)}，按受理日期和调结日期计。`,
      svg: columnChart({
        id: "chart-trend",
        title: "每月受理与调结案件数",
        unit: "件",
        labels: trend.groups.map((g, i) => monthLabel(g.key, i === 0)),
        series: [
          { name: "受理", values: trend.groups.map((g) => g.accepted) },
          { name: "调结", values: trend.groups.map((g) => g.concluded) },
        ],
      }),
      table: {
        headers: ["月份", "受理", "调结"],
        rows: trend.groups.map((g) => [g.name, count(g.accepted), count(g.concluded)]),
      },
    },
    ...(regionRows.length
      ? [
          {
            id: "chart-region",
            title: `${areaWord}调解成功率`,
            caption: "调解成功 ÷ 调结；没有调结案件的地区显示“—”。",
            svg: barChart({
              id: "chart-region",
              title: `${areaWord}调解成功率`,
              max: 1,
              rows: regionRows.map((g) => ({
                label: g.name,
                value: g.successRate,
                caption:
                  g.successRate === null
                    ? "—（无调结案件）"
                    : `${percent(g.successRate)}（${g.successful}/${g.concluded}）`,
              })),
            }),
            table: {
              headers: ["地区", "调解成功", "调结", "调解成功率"],
              rows: regionRows.map((g) => [
                g.name,
                count(g.successful),
                count(g.concluded),
                percent(g.successRate),
              ]),
            },
          },
        ]
      : []),
    {
      id: "chart-type",
      title: "受理案件的纠纷类型",
      caption: typeRows.length
        ? `共受理 ${count(totalAccepted)} 件；未列出的类型为 0 件。`
        : "本期间没有受理案件。",
      svg: barChart({
        id: "chart-type",
        title: "受理案件的纠纷类型",
        rows: typeRows.map((g) => ({
          label: g.name,
          value: g.accepted,
          caption: `${count(g.accepted)} 件（${percent(g.accepted / totalAccepted)}）`,
        })),
      }),
      table: {
        headers: ["纠纷类型", "受理", "占比"],
        rows: typeRows.map((g) => [g.name, count(g.accepted), percent(g.accepted / totalAccepted)]),
      },
    },
  ];

  const today = stats.today();
  const year = Number(today.slice(0, 4));
  const periodLinks = (change: Record<string, string | null>) =>
    href("/stats", p.query, {
      period: null,
      year: null,
      month: null,
      quarter: null,
      from: null,
      to: null,
      ...change,
    });
  const quick = [
    {
      label: "本月",
      href: periodLinks({ period: "month" }),
      current: p.period.kind === "month" && p.period.from === `${today.slice(0, 7)}-01`,
    },
    {
      label: "本季度",
      href: periodLinks({ period: "quarter" }),
      current:
        p.period.kind === "quarter" &&
        p.period.year === year &&
        p.period.quarter === Math.ceil(Number(today.slice(5, 7)) / 3),
    },
    {
      label: "本年",
      href: periodLinks({ period: "year" }),
      current: p.period.kind === "year" && p.period.year === year,
    },
    {
      label: "上一年",
      href: periodLinks({ period: "year", year: String(year - 1) }),
      current: p.period.kind === "year" && p.period.year === year - 1,
    },
  ];
  const exportQuery = { ...p.query, groupBy: p.groupBy };
  return {
    title: "统计分析",
    scopeNote: user.roles.includes("officer")
      ? `${user.organisation.name}辖区内可查看的全部案件`
      : `${user.organisation.name}的案件`,
    period: p.period,
    today,
    computedAt,
    errors: p.errors.length ? p.errors : undefined,
    keyFigures: keyFigures(main.totals, `${href("/stats", p.query, { groupBy: "committee" })}#h-groups`),
    conclusionNote: conclusionRateNote(main.totals),
    groupsNote: groupsRateNote(main),
    words: { concluded: CONCLUDED_WORDS, conclusionRate: CONCLUSION_RATE_WORDS },
    groupCards: groupCards(main, [...MAIN_COLUMNS, ...MORE_COLUMNS], link),
    picker: {
      kinds: PERIOD_KINDS.map((k) => ({ value: k, label: PERIOD_KIND_LABELS[k] })),
      years: Array.from({ length: 12 }, (_x, i) => ({
        value: String(year + 1 - i),
        label: `${year + 1 - i}年`,
      })),
      months: Array.from({ length: 12 }, (_x, i) => ({ value: String(i + 1), label: `${i + 1}月` })),
      quarters: [1, 2, 3, 4].map((q) => ({ value: String(q), label: `第${"一二三四"[q - 1]}季度` })),
      values: {
        period: p.period.kind,
        year: String(p.period.year),
        month: String(p.period.month),
        quarter: String(p.period.quarter),
        from: p.period.kind === "custom" ? p.period.from : "",
        to: p.period.kind === "custom" ? p.period.to : "",
      },
      region: p.region?.code ?? "",
      groupBy: p.groupBy,
    },
    quick,
    crumbs,
    groupTabs: GROUP_BYS.map((g) => ({
      label: GROUP_BY_LABELS[g],
      href: href("/stats", p.query, { groupBy: g }),
      current: g === p.groupBy,
    })),
    cards: CARDS.map((k) => {
      const c = COLUMN_BY_KEY.get(k)!;
      const shown = cell(main.totals, c);
      // A card is narrow: a large amount in 万, the exact yuan beneath it.
      if (c.kind === "amount") {
        const short = yuanShort(main.totals[k] as number);
        if (short !== shown.text) Object.assign(shown, { text: short, detail: `${shown.text} 元` });
      }
      // The rate pools follow-ups and the parties' own ratings: say how many ratings are in it.
      if (k === "satisfactionRate") shown.detail = `${shown.detail} · 含当事人评价 ${main.totals.ratings} 条`;
      return { label: c.label, definition: c.definition, ...shown };
    }),
    mainTable: table(main, MAIN_COLUMNS, link),
    moreTable: table(main, MORE_COLUMNS, link),
    charts,
    exports: {
      xlsx: href("/stats/export.xlsx", exportQuery, {}),
      csv: href("/stats/export.csv", exportQuery, {}),
      ministryXlsx: href("/stats/ministry.xlsx", p.query, { groupBy: null }),
      ministryPdf: href("/stats/ministry.pdf", p.query, { groupBy: null }),
    },
    regionName: base.name,
    definitions: COLUMNS.map((c) => ({ label: c.label, definition: c.definition })),
    groupLabel: GROUP_BY_LABELS[p.groupBy],
  };
}
