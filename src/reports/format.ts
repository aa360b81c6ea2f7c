import { COLUMN_BY_KEY, type Column } from "./columns.js";
import type { Figures } from "./figures.js";

/**
 * Figures as people read them. A rate without a denominator is "—", never "NaN" or "100%".
 */
export const DASH = "—";

export function percent(rate: number | null): string {
  return rate === null ? DASH : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

export function count(n: number): string {
  return n.toLocaleString("zh-CN");
}

export function oneDecimal(v: number | null): string {
  return v === null ? DASH : (Math.round(v * 10) / 10).toFixed(1);
}

/** Yuan with thousands separators: 2950000 fen → 29,500.00. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100).toLocaleString("zh-CN")}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * Yuan for a figure card, which has room for about eight characters: from 100,000 yuan on, in
 * 万 with two decimals (1,277,483.00 → 127.75万); below that as yuan().
 */
export function yuanShort(fen: number): string {
  if (Math.abs(fen) < 10_000_000) return yuan(fen);
  return `${(Math.round(fen / 10_000) / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}万`;
}

export interface Cell {
  text: string;
  /** "5/7" under a rate or an average. */
  detail: string | null;
  /** Hover text: what it divides, e.g. "调解成功 5 ÷ 调结 7". */
  title: string;
  missing: boolean;
}

/** One figure for a table cell or a card. */
export function cell(f: Figures, column: Column): Cell {
  const v = f[column.key];
  const of = column.of;
  const explain = of
    ? `${COLUMN_BY_KEY.get(of[0])!.label} ${count(f[of[0]] as number)} ÷ ${COLUMN_BY_KEY.get(of[1])!.label} ${count(f[of[1]] as number)}`
    : column.definition;
  const noDenominator = of && (f[of[1]] as number) === 0;
  switch (column.kind) {
    case "rate":
      return {
        text: percent(v as number | null),
        detail: of ? `${count(f[of[0]] as number)}/${count(f[of[1]] as number)}` : null,
        title: noDenominator ? `${explain}：没有分母，无法计算` : explain,
        missing: v === null,
      };
    case "days":
      return {
        text: oneDecimal(v as number | null),
        detail: of ? `${count(f[of[0]] as number)}/${count(f[of[1]] as number)}` : null,
        title: explain,
        missing: v === null,
      };
    case "amount":
      return { text: yuan(v as number), detail: null, title: column.definition, missing: false };
    case "count":
      return { text: count(v as number), detail: null, title: column.definition, missing: false };
  }
}
