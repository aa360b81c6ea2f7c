import { periodQuery, resolvePeriod, type Period } from "../reports/periods.js";
import type { FieldError } from "../errors.js";
import { toFieldErrors } from "../validation.js";
import type { Analysis } from "./service.js";
import { percent } from "./rules.js";

/**
 * The 研判 page's period (the /stats parser, src/reports/periods.ts; this month by default) and
 * its view model. A bad period is shown with its error and this month instead.
 */
export function analysisPeriod(
  query: Record<string, string>,
  today: string,
): { period: Period; errors: FieldError[] } {
  const parsed = periodQuery.safeParse(query);
  if (!parsed.success)
    return { period: resolvePeriod({ period: "month" }, today), errors: toFieldErrors(parsed.error) };
  const q = parsed.data;
  const kind = q.period ?? (q.from || q.to ? "custom" : "month");
  return { period: resolvePeriod({ ...q, period: kind }, today), errors: [] };
}

/** Quick links: 本月, 上月, 本季度, 上季度. */
export function quickPeriods(today: string, region: string | null) {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const q = Math.ceil(m / 3);
  const r = region ? `&region=${region}` : "";
  const [lmY, lm] = m === 1 ? [y - 1, 12] : [y, m - 1];
  const [lqY, lq] = q === 1 ? [y - 1, 4] : [y, q - 1];
  return [
    { label: "本月", href: `/analysis?period=month&year=${y}&month=${m}${r}` },
    { label: "上月", href: `/analysis?period=month&year=${lmY}&month=${lm}${r}` },
    { label: "本季度", href: `/analysis?period=quarter&year=${y}&quarter=${q}${r}` },
    { label: "上季度", href: `/analysis?period=quarter&year=${lqY}&quarter=${lq}${r}` },
  ];
}

/** Rates as the page shows them: "98.7%（8805/8912）". */
export function figureCards(a: Analysis) {
  const f = a.figures;
  const card = (
    label: string,
    r: { numerator: number; denominator: number; rate: number | null },
    hint: string,
  ) => ({
    label,
    value: percent(r),
    parts: `${r.numerator}/${r.denominator}`,
    hint,
  });
  return [
    card("办结率", f.finishRate, "本期上报中已办结（含中心结案）÷ 本期上报"),
    card("一日内分流", f.dispatchedWithinDay, "上报后 24 小时内分流 ÷ 本期上报"),
    card("按期办结", f.closedOnTime, "办结日期不晚于办理期限 ÷ 已办结或已过期限的"),
    card("满意率", f.satisfaction, "（满意 + 基本满意）÷ 本期评价"),
  ];
}
