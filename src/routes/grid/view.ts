import {
  GRID_CATEGORIES,
  GRID_CATEGORY_LABELS,
  GRID_RISK_LABELS,
  GRID_RISK_LEVELS,
  GRID_SATISFACTION_LABELS,
  GRID_SATISFACTIONS,
  GRID_STATUS_LABELS,
  type ReportDetail,
  type ReportListItem,
} from "../../grid/types.js";
import { ageText, dueState, waitedADay } from "../../grid/ages.js";

/** What a list row on the grid pages shows (the worker's list, the desk, the work orders). */
export function listRow(item: ReportListItem, now: Date) {
  return {
    id: item.id,
    status: item.status,
    statusText: GRID_STATUS_LABELS[item.status],
    categoryLabel: GRID_CATEGORY_LABELS[item.category],
    placeName: item.regionName,
    summary: excerpt(item.summary),
    age: ageText(item.reportedAt, now),
    longWait: waitedADay(item.reportedAt, now),
    riskHigh: item.riskLevel !== "ordinary",
    riskLabel: GRID_RISK_LABELS[item.riskLevel],
    threats: item.threats,
    reopened: item.reopenedComment !== null ? { comment: item.reopenedComment } : null,
    reporterLabel: item.reporterName ? `网格员 ${item.reporterName}` : "群众反映",
    dispatchedToName: item.dispatchedTo?.name ?? null,
    dueOn: item.dueOn,
    doneOn: item.doneOn,
    reportedAt: item.reportedAt,
    // Overdue and answered late are the service's (work orders only); the days are counted here.
    due: { overdue: item.overdue, late: item.answeredLate, daysOver: dueState(item, now).daysOver },
  };
}

/** One report's page: its facts, phones masked, labels in Chinese, the due date against today. */
export function reportView(r: ReportDetail, now: Date) {
  return {
    ...listRow(r, now),
    version: r.version,
    summary: r.summary,
    occurredOn: r.occurredOn,
    people: r.people,
    parties: r.parties.map((p) => ({ name: p.name, phone: p.phone ? maskPhone(p.phone) : null })),
    reporterLabel:
      r.reporterKind === "grid_worker"
        ? `网格员 ${r.reporterName ?? ""}`.trim()
        : `群众${r.reporterPhone ? ` ${maskPhone(r.reporterPhone)}` : ""}`,
    centreName: r.centre.name,
    dispatchedAt: r.dispatchedAt,
    dispatchNote: r.dispatchNote,
    caseId: r.caseId,
    caseNumber: r.caseNumber,
    outcome: r.outcome,
    closedReason: r.closedReason,
    timeline: [...r.timeline].reverse(),
    rating: r.rating
      ? { label: GRID_SATISFACTION_LABELS[r.rating.satisfaction], comment: r.rating.comment }
      : null,
    photos: r.photos.map((p) => ({ id: p.id, name: p.name })),
  };
}

/** 138****1234: a phone shown to staff who only need to know it is there. */
export function maskPhone(phone: string): string {
  return phone.length >= 11
    ? `${phone.slice(0, 3)}****${phone.slice(-4)}`
    : phone.replace(/\d(?=\d{2})/g, "*");
}

function excerpt(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

const CATEGORY_HINTS = {
  dispute: "邻里、家庭、土地、合同等纠纷",
  hazard: "消防、房屋、道路、水电等安全隐患",
  request: "群众反映的困难和要求",
};

/** The report form's choices. */
export const FORM_OPTIONS = {
  categoryOptions: GRID_CATEGORIES.map((value) => ({
    value,
    label: GRID_CATEGORY_LABELS[value],
    hint: CATEGORY_HINTS[value],
  })),
  riskOptions: GRID_RISK_LEVELS.map((value) => ({ value, label: GRID_RISK_LABELS[value] })),
  satisfactionOptions: GRID_SATISFACTIONS.map((value) => ({ value, label: GRID_SATISFACTION_LABELS[value] })),
};

/** A page's previous/next links (null when there is none). */
export function pager(base: string, page: number, pageSize: number, total: number) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const at = (p: number) => `${base}${base.includes("?") ? "&" : "?"}page=${p}`;
  return { page, pages, prev: page > 1 ? at(page - 1) : null, next: page < pages ? at(page + 1) : null };
}
