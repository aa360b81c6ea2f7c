import { DateTime } from "luxon";
import type { LedgerOutcome } from "./parse.js";

/** Reading the cells of a paper ledger: dates, amounts, outcomes, sources and names as written. */

/**
 * A date as ledgers write it: 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, 20260305, or an Excel
 * date serial (days since 1899-12-30, which a workbook stores). Null if it is none of those.
 */
export function parseLedgerDate(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s].*)?$/.exec(t);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) {
    const d = DateTime.fromObject({ year: +m[1]!, month: +m[2]!, day: +m[3]! }, { zone: "utc" });
    return d.isValid ? d.toISODate() : null;
  }
  if (/^\d{5}(\.\d+)?$/.test(t)) {
    const serial = Math.floor(Number(t));
    if (serial < 20000 || serial > 80000) return null;
    return DateTime.fromISO("1899-12-30", { zone: "utc" }).plus({ days: serial }).toISODate();
  }
  return null;
}

/** An amount in yuan (12000, 12,000.50, 1.2万, 3000元) as fen; null if unreadable. */
export function parseAmountFen(text: string): number | null {
  const t = text
    .replace(/[\s,，]/g, "")
    .replace(/^[¥￥]/, "")
    .replace(/元$/, "");
  const m = /^(\d+(?:\.\d+)?)(万)?$/.exec(t);
  if (!m) return null;
  const fen = Math.round(Number(m[1]) * (m[2] ? 10000 : 1) * 100);
  return Number.isSafeInteger(fen) && fen <= 1e14 ? fen : null;
}

export function parseOutcome(text: string): LedgerOutcome | null {
  const t = text.replace(/\s+/g, "");
  if (!t) return null;
  if (/终止/.test(t)) return "terminated";
  if (/不成|未成|未达成|失败|^否$/.test(t)) return "failure";
  if (/成功|达成|^是$/.test(t)) return "success";
  return null;
}

export const SOURCE_WORDS: [RegExp, string][] = [
  [/法院|诉前|委派/, "court_referral"],
  [/公安|派出所|警/, "police_referral"],
  [/信访/, "petition"],
  [/12345|热线/, "hotline"],
  [/网格/, "grid_report"],
  [/主动|排查/, "initiative"],
  [/申请/, "application"],
];

export const splitNames = (text: string) =>
  text
    .split(/[、,，;；\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
