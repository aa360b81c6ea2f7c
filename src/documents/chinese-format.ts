import { DateTime } from "luxon";
import { ZONE } from "../shared/dates.js";

/** 2026年9月4日, for an ISO date or instant, in Beijing time. */
export function chineseDate(value: string | Date): string {
  const dt =
    value instanceof Date
      ? DateTime.fromJSDate(value, { zone: ZONE })
      : value.length === 10
        ? DateTime.fromISO(value, { zone: ZONE })
        : DateTime.fromISO(value).setZone(ZONE);
  if (!dt.isValid) throw new RangeError(`invalid date: ${String(value)}`);
  return `${dt.year}年${dt.month}月${dt.day}日`;
}

/** 2026-09-04 09:30, for an ISO instant, in Beijing time. */
export function beijingDateTime(iso: string): string {
  return DateTime.fromISO(iso).setZone(ZONE).toFormat("yyyy-LL-dd HH:mm");
}

const DIGITS = "零壹贰叁肆伍陆柒捌玖";
const SMALL_UNITS = ["", "拾", "佰", "仟"];
const BIG_UNITS = ["", "万", "亿", "万亿"];

/** Capital numerals for a whole number of yuan, e.g. 1001 → 壹仟零壹. */
function yuanInCapitals(yuan: bigint): string {
  if (yuan === 0n) return "零";
  const groups: number[] = [];
  for (let n = yuan; n > 0n; n /= 10000n) groups.push(Number(n % 10000n));
  let out = "";
  let pendingZero = false;
  for (let g = groups.length - 1; g >= 0; g--) {
    const group = groups[g]!;
    if (group === 0) {
      pendingZero = out !== "";
      continue;
    }
    if (out !== "" && (pendingZero || group < 1000)) out += "零";
    pendingZero = false;
    let inner = "";
    let zero = false;
    for (let i = 3; i >= 0; i--) {
      const d = Math.floor(group / 10 ** i) % 10;
      if (d === 0) {
        zero = inner !== "";
        continue;
      }
      if (zero) inner += "零";
      zero = false;
      inner += DIGITS[d] + SMALL_UNITS[i]!;
    }
    out += inner + BIG_UNITS[g]!;
  }
  return out;
}

/**
 * An amount in fen as it is written on legal documents:
 * 150000 → 人民币壹仟伍佰元整; 130050 → 人民币壹仟叁佰元伍角; 5 → 人民币伍分.
 */
export function amountInCapitals(fen: number | bigint): string {
  const total = BigInt(fen);
  if (total < 0n) throw new RangeError("amount must not be negative");
  const yuan = total / 100n;
  const jiao = Number((total / 10n) % 10n);
  const fenDigit = Number(total % 10n);
  if (total === 0n) return "人民币零元整";
  let out = "人民币";
  if (yuan > 0n) out += `${yuanInCapitals(yuan)}元`;
  if (jiao === 0 && fenDigit === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0n) out += "零";
  if (fenDigit > 0) out += `${DIGITS[fenDigit]}分`;
  return out;
}

/** 1300.50 yuan written in figures: ¥1,300.50. */
export function amountInFigures(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const cents = String(fen % 100).padStart(2, "0");
  return `¥${yuan.toLocaleString("en-US")}.${cents}`;
}

/** An amount as an agreement states it, 人民币 once: 人民币1,300.50元（大写：壹仟叁佰元伍角）. */
export function amountPhrase(fen: number): string {
  return `人民币${amountInFigures(fen).slice(1)}元（大写：${amountInCapitals(fen).replace(/^人民币/, "")}）`;
}

const SMALL = "〇一二三四五六七八九";
/** A small count as documents write it: 3 → 三, 10 → 十, 12 → 十二, 25 → 二十五 (up to 99). */
export function smallNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return SMALL[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : SMALL[tens]}十${ones ? SMALL[ones] : ""}`;
}
