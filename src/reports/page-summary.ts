import { COLUMN_BY_KEY, type Column } from "./columns.js";
import type { Figures } from "./figures.js";
import { cell, count, percent } from "./format.js";
import type { StatsResult } from "./service.js";

/**
 * The parts of the statistics page a bureau chief reads first, and the phone's form of its
 * tables. Every number comes from the figures the page already has (`cell`, `COLUMNS`).
 */

const col = (key: keyof Figures): Column => COLUMN_BY_KEY.get(key)!;

/** Plain words for 调结 and 调结率, shown beside the key figures and under the tables. */
export const CONCLUDED_WORDS =
  "调结：已受理的案件调解结束，即调解协议生效或调解终止（本期办结），按结束的日期计入本期；不予受理和当场化解的不算。";
export const CONCLUSION_RATE_WORDS =
  "调结率 = 本期调结 ÷ 本期受理。分子、分母都按日期计入本期，但不是同一批案件：本期调结的案件可能是以前受理的。";

/**
 * Why the conclusion rate is above 100 %, in the reader's numbers; null when it is not. The
 * denominator counts only this period's acceptances, the numerator every case concluded in it,
 * so clearing earlier cases (a backlog) pushes the rate past 100 %.
 */
export function conclusionRateNote(f: Figures): string | null {
  if (f.conclusionRate === null || f.conclusionRate <= 1) return null;
  return (
    `调结率 ${percent(f.conclusionRate)} 超过 100%：本期调结 ${count(f.concluded)} 件，` +
    `多于本期受理 ${count(f.accepted)} 件，多出的是以前受理、本期才调结的案件（消化积案），并非计算错误。`
  );
}

export interface KeyFigure {
  id: string;
  label: string;
  value: string;
  unit: string;
  /** The rate that goes with the count, or the numbers a rate divides. */
  sub: string | null;
  title: string;
  missing: boolean;
  link: { href: string; text: string } | null;
}

/** The four figures above the fold: accepted, concluded (with 调结率), successful (with its rate), village share. */
export function keyFigures(f: Figures, villageHref: string): KeyFigure[] {
  const rate = (key: keyof Figures) => cell(f, col(key));
  const conclusion = rate("conclusionRate");
  const success = rate("successRate");
  const village = rate("villageShare");
  return [
    {
      id: "kf-accepted",
      label: "受理",
      value: count(f.accepted),
      unit: "件",
      sub: null,
      title: col("accepted").definition,
      missing: false,
      link: null,
    },
    {
      id: "kf-concluded",
      label: "调结（办结）",
      value: count(f.concluded),
      unit: "件",
      sub: `调结率 ${conclusion.text}`,
      title: `${col("concluded").definition} 调结率：${conclusion.title}`,
      missing: false,
      link: null,
    },
    {
      id: "kf-successful",
      label: "调解成功",
      value: count(f.successful),
      unit: "件",
      sub: `成功率 ${success.text}`,
      title: `${col("successful").definition} 调解成功率：${success.title}`,
      missing: false,
      link: null,
    },
    {
      id: "kf-village",
      label: "村级调委会占比",
      value: village.text,
      unit: "",
      sub: `调结 ${count(f.villageConcluded)}/${count(f.concluded)} 件`,
      title: `${col("villageShare").definition}（${village.title}）`,
      missing: village.missing,
      link: { href: villageHref, text: "各调委会明细 ›" },
    },
  ];
}

/** The key columns a phone shows for each group; the rest fold into the card's <details>. */
const CARD_KEYS: (keyof Figures)[] = ["accepted", "concluded", "successful", "successRate"];

/** The grouped figures as cards for a narrow screen: key figures first, every other figure folded. */
export function groupCards(result: StatsResult, keys: (keyof Figures)[], link: (code: string) => string) {
  const rest = keys.filter((k) => !CARD_KEYS.includes(k));
  const card = (name: string, f: Figures, href: string | null, total: boolean) => ({
    name,
    href,
    total,
    key: CARD_KEYS.map((k) => ({ label: col(k).label, ...cell(f, col(k)) })),
    more: rest.map((k) => ({ label: col(k).label, ...cell(f, col(k)) })),
  });
  return [
    ...result.groups.map((g) => card(g.name, g, g.drill ? link(g.drill) : null, false)),
    card("合计", result.totals, null, true),
  ];
}

/** Under the grouped tables: which groups have a conclusion rate above 100 %, and why. */
export function groupsRateNote(result: StatsResult): string | null {
  const over = result.groups.filter((g) => g.conclusionRate !== null && g.conclusionRate > 1);
  if (!over.length) return null;
  return (
    `${over.map((g) => g.name).join("、")}的调结率超过 100%：本期调结多于本期受理，` +
    "多出的是以前受理、本期才调结的案件（消化积案）。"
  );
}
