import type { CaseView } from "../cases/views.js";
import { OPEN_STATUSES } from "../cases/lifecycle.js";
import type { DraftMark } from "./pdf.js";

/**
 * The papers a committee prints before the fact they record (issue 16.3): a committee prints,
 * then the parties sign, then the date is recorded. Each is marked, unregistered (no code, not
 * issued) and leaves dates and signatures blank for the pen. One rule per paper says when it can
 * be printed; the case page offers exactly those, and the draft route refuses the rest (404).
 */
export interface DraftSpec extends DraftMark {
  /** The case page's link text. */
  label: string;
  /** Beside the link: when to print it and what happens next. */
  hint: string;
  /** Whether the paper can be printed as a draft in the case's present state. */
  available: (kase: CaseView) => boolean;
}

export const DRAFTS = {
  agreement: {
    mark: "待签署",
    note: "本协议尚未经当事人签名、调解员签名和调委会盖章，不发生法律效力",
    label: "人民调解协议书（待签署）",
    hint: "由协议草稿生成；签署后记录调解协议",
    // Printed from the saved draft (src/cases/agreement-draft-service.ts): available when one exists.
    available: (k) => k.status === "in_mediation",
  },
  notice: {
    mark: "待送达",
    note: "本告知书尚未送达当事人，送达时填写日期",
    label: "人民调解告知书（待送达）",
    hint: "送达前打印，日期手写；记录送达后列入文书",
    available: (k) => !k.consentNoticeOn && OPEN_STATUSES.includes(k.status),
  },
  "confirmation-application": {
    mark: "待签署",
    note: "本申请书经各方当事人签名后，于调解协议生效之日起三十日内共同向人民法院提出",
    label: "司法确认申请书（待签署）",
    hint: "当事人签名后向法院提出；法院收到后登记司法确认申请",
    // A written agreement in effect and no application on foot: the parties sign this one first.
    available: (k) =>
      k.status === "agreement" && k.agreement?.form === "written" && k.agreement.status === "effective",
  },
} satisfies Record<string, DraftSpec>;

export type DraftKind = keyof typeof DRAFTS;

export function isDraftKind(kind: string): kind is DraftKind {
  return Object.hasOwn(DRAFTS, kind);
}

export const draftDocumentPath = (caseId: number, kind: DraftKind) => `/cases/${caseId}/drafts/${kind}.pdf`;

/** The drafts the case page offers now (the agreement's has its own card, beside the draft it prints). */
export function availableDrafts(
  kase: CaseView,
): { kind: DraftKind; label: string; hint: string; url: string }[] {
  return (Object.keys(DRAFTS) as DraftKind[])
    .filter((kind) => kind !== "agreement" && DRAFTS[kind].available(kase))
    .map((kind) => ({
      kind,
      label: DRAFTS[kind].label,
      hint: DRAFTS[kind].hint,
      url: draftDocumentPath(kase.id, kind),
    }));
}
