import { RISK_LABELS } from "../cases/labels.js";
import { checkInOverdue, daysLate, WATCH_REASON_LABELS, watchReasons, type WatchReason } from "./rules.js";
import type { ItemRow } from "./watch-repository.js";

/** How a watched dispute and a proposal read on /watch (rows → views; pure). */
export interface WatchItemView {
  id: number;
  version: number;
  status: "open" | "closed";
  subject: {
    kind: "case" | "report";
    id: number;
    label: string;
    href: string;
    summary: string;
    place: string;
  };
  committee: string | null;
  centre: string;
  reasons: { code: WatchReason; label: string }[];
  note: string | null;
  nextCheckOn: string;
  overdue: boolean;
  daysOverdue: number;
  checkerName: string;
  createdAt: string;
  closedAt: string | null;
  closedReason: string | null;
  checkins: { checkedOn: string; byName: string; note: string; nextCheckOn: string | null }[];
}

const short = (text: unknown, n = 60) => {
  const s = String(text ?? "");
  return s.length > n ? `${s.slice(0, n)}…` : s;
};

export function toItemView(
  r: ItemRow,
  checkins: ItemRow[],
  names: Map<string, string>,
  today: string,
): WatchItemView {
  const isCase = r.case_id !== null && r.case_id !== undefined;
  const id = Number(isCase ? r.case_id : r.report_id);
  const region = String((isCase ? r.case_region : r.report_region) ?? "");
  const open = r.status === "open";
  const next = String(r.next_check_on);
  return {
    id: Number(r.id),
    version: Number(r.version),
    status: open ? "open" : "closed",
    subject: {
      kind: isCase ? "case" : "report",
      id,
      label: isCase ? String(r.case_number) : `网格上报 #${id}`,
      href: isCase ? `/cases/${id}` : `/grid/reports/${id}`,
      summary: short(isCase ? r.case_summary : r.report_summary),
      place: names.get(region) ?? region,
    },
    committee: (r.committee_name as string | null) ?? null,
    centre: String(r.centre_name),
    reasons: (JSON.parse(String(r.reasons_json)) as WatchReason[]).map((code) => ({
      code,
      label: WATCH_REASON_LABELS[code] ?? code,
    })),
    note: (r.note as string | null) ?? null,
    nextCheckOn: next,
    overdue: open && checkInOverdue(next, today),
    daysOverdue: open && checkInOverdue(next, today) ? daysLate(next, today) : 0,
    checkerName: String(r.checker_name),
    createdAt: String(r.created_at),
    closedAt: (r.closed_at as string | null) ?? null,
    closedReason: (r.closed_reason as string | null) ?? null,
    checkins: checkins.map((k) => ({
      checkedOn: String(k.checked_on),
      byName: String(k.by_name),
      note: String(k.note),
      nextCheckOn: (k.next_check_on as string | null) ?? null,
    })),
  };
}

export interface Suggestion {
  kind: "case" | "report";
  id: number;
  subject: string;
  label: string;
  href: string;
  summary: string;
  place: string;
  committee: string | null;
  risk: string;
  reasons: { code: WatchReason; label: string }[];
}

export function suggestionView(
  found: { cases: ItemRow[]; reports: ItemRow[] },
  repeated: ReadonlySet<string>,
  names: Map<string, string>,
): Suggestion[] {
  const one = (kind: "case" | "report", r: ItemRow): Suggestion | null => {
    const id = Number(r.id);
    const reasons = watchReasons({
      riskLevel: String(r.risk_level),
      threats: Boolean(r.threats) && r.threats !== "0" && r.threats !== "false",
      people:
        r[kind === "case" ? "people_involved" : "people"] === null
          ? null
          : Number(r[kind === "case" ? "people_involved" : "people"]),
      repeat: repeated.has(`${kind}:${id}`),
    });
    if (!reasons.length) return null;
    return {
      kind,
      id,
      subject: `${kind}:${id}`,
      label: kind === "case" ? String(r.number) : `网格上报 #${id}`,
      href: kind === "case" ? `/cases/${id}` : `/grid/reports/${id}`,
      summary: short(r.summary),
      place: names.get(String(r.region_code)) ?? String(r.region_code),
      committee: (r.committee as string | null) ?? null,
      risk: RISK_LABELS[String(r.risk_level) as keyof typeof RISK_LABELS] ?? String(r.risk_level),
      reasons: reasons.map((code) => ({ code, label: WATCH_REASON_LABELS[code] })),
    };
  };
  const weight = (s: Suggestion) =>
    s.reasons.length * 2 + (s.reasons.some((r) => r.code === "risk_major") ? 1 : 0);
  return [...found.cases.map((r) => one("case", r)), ...found.reports.map((r) => one("report", r))]
    .filter((s): s is Suggestion => s !== null)
    .sort((a, b) => weight(b) - weight(a));
}
