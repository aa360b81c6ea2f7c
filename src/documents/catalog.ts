import type { CaseView } from "../cases/views.js";
import { attachedPapers, fileCover } from "./builders/file.js";
import { application, followUp, notice, oralAgreement, registration } from "./builders/forms.js";
import { agreement, sessionRecord } from "./builders/mediation.js";
import { confirmationApplication, declineNotice, terminationNotice } from "./builders/notices.js";
import { enforcementApplication, ruling } from "./builders/ruling.js";
import { refusalRuling, withdrawalRuling } from "./builders/court-endings.js";
import type { Builder } from "./builders/context.js";
import { beijingDate } from "../shared/dates.js";

export const DOCUMENT_KINDS = [
  "file-cover",
  "application",
  "registration",
  "notice",
  "session-record",
  "agreement",
  "oral-agreement",
  "decline-notice",
  "termination-notice",
  "follow-up",
  "confirmation-application",
  "ruling",
  "refusal-ruling",
  "withdrawal-ruling",
  "enforcement-application",
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface CatalogEntry {
  kind: DocumentKind;
  /** Which one, where a case has several (the session's number, the follow-up's id); "" otherwise. */
  ref: string;
  title: string;
  /** The document's own date: what the verify page shows. */
  date: string | null;
}

interface Spec {
  title: (kase: CaseView, ref: string) => string;
  build: Builder;
  /** The refs available in the case's current state (none: not available). */
  refs: (kase: CaseView) => string[];
  date: (kase: CaseView, ref: string) => string | null;
  /** The data the document prints: when it changes, older copies are superseded. */
  content: (kase: CaseView, ref: string) => unknown;
}

const once = (ok: boolean) => (ok ? [""] : []);
/** A ruling on the agreement itself (CPL art. 206), not a refusal or a withdrawal. */
const onAgreement = (c: CaseView["confirmations"][number]) =>
  c.status === "decided" && (c.outcome === "confirmed" || c.outcome === "rejected");
const particulars = (k: CaseView) => k.parties.map(({ consent: _c, consentOnlineAt: _o, ...p }) => p);

export const SPECS: Record<DocumentKind, Spec> = {
  "file-cover": {
    title: () => "卷宗封面",
    build: fileCover,
    refs: () => [""],
    date: (k) => k.closedOn ?? k.concludedOn ?? k.registeredOn,
    content: (k) => ({
      n: k.number,
      o: k.outcome,
      c: k.closedOn,
      a: k.acceptedOn,
      p: k.parties.map((p) => p.name),
      x: attachedPapers(k),
    }),
  },
  application: {
    title: () => "人民调解申请书",
    build: application,
    refs: (k) => once(k.source === "application"),
    date: (k) => k.registeredOn,
    content: (k) => ({ p: particulars(k), s: k.summary, t: k.typeCode }),
  },
  registration: {
    title: () => "人民调解受理登记表",
    build: registration,
    refs: () => [""],
    date: (k) => k.registeredOn,
    content: (k) => ({
      p: particulars(k),
      s: k.summary,
      k: [
        k.typeCode,
        k.source,
        k.regionCode,
        k.address,
        k.amountFen,
        k.peopleInvolved,
        k.riskLevel,
        k.acceptedOn,
        k.status === "declined",
      ],
      m: k.assignments.filter((a) => !a.endedAt).map((a) => [a.mediatorId, a.role]),
    }),
  },
  notice: {
    title: () => "人民调解告知书",
    build: notice,
    refs: (k) => once(!!k.consentNoticeOn),
    date: (k) => k.consentNoticeOn,
    content: (k) => ({
      p: k.parties.map((p) => p.name),
      d: k.consentNoticeOn,
      // Answers given online print under the signatures; absent otherwise, so older codes stay.
      ...(k.parties.some((p) => p.consentOnlineAt)
        ? { o: k.parties.map((p) => p.consentOnlineAt ?? null) }
        : {}),
    }),
  },
  "session-record": {
    title: (_k, ref) => `人民调解笔录（第 ${ref} 次）`,
    build: sessionRecord,
    refs: (k) => k.sessions.map((s) => String(s.seq)),
    date: (k, ref) => {
      const s = k.sessions.find((x) => String(x.seq) === ref);
      return s ? beijingDate(new Date(s.heldAt)) : null;
    },
    // The whole session, with the mediators present as recorded (not today's assignments); whether
    // they were stored or derived for an older session does not change what the paper says.
    content: (k, ref) => {
      const s = k.sessions.find((x) => String(x.seq) === ref);
      if (!s) return undefined;
      const { mediatorsStored: _stored, ...printed } = s;
      return printed;
    },
  },
  agreement: {
    title: () => "人民调解协议书",
    build: agreement,
    refs: (k) => once(k.agreement?.form === "written"),
    date: (k) => k.agreement?.effectiveOn ?? null,
    content: (k) => ({
      a: k.agreement && {
        ...k.agreement,
        obligations: k.agreement.obligations.map(
          ({ performedOn: _p, performanceNote: _n, overdue: _o, ...o }) => o,
        ),
      },
      p: particulars(k),
    }),
  },
  "oral-agreement": {
    title: () => "口头调解协议登记表",
    build: oralAgreement,
    refs: (k) => once(k.agreement?.form === "oral"),
    date: (k) => k.agreement?.effectiveOn ?? null,
    content: (k) => ({ a: k.agreement?.id, t: k.agreement?.terms, p: particulars(k) }),
  },
  "decline-notice": {
    title: () => "不予受理告知书",
    build: declineNotice,
    refs: (k) => once(k.status === "declined"),
    date: (k) => k.concludedOn,
    // The source decides the wording ("你（们）于…申请调解" only for an application).
    content: (k) => ({ n: k.conclusionNote, a: k.advice, p: k.parties.map((p) => p.name), s: k.source }),
  },
  "termination-notice": {
    title: () => "终止调解告知书",
    build: terminationNotice,
    refs: (k) =>
      once(k.status === "terminated" || (k.status === "closed" && k.outcome === "failure" && !k.agreement)),
    date: (k) => k.concludedOn,
    content: (k) => ({ n: k.conclusionNote, a: k.advice, p: k.parties.map((p) => p.name) }),
  },
  "follow-up": {
    title: () => "人民调解回访记录",
    build: followUp,
    refs: (k) => k.followUps.map((f) => String(f.id)),
    date: (k, ref) => k.followUps.find((f) => String(f.id) === ref)?.visitedOn ?? null,
    content: (k, ref) => k.followUps.find((f) => String(f.id) === ref),
  },
  "confirmation-application": {
    title: () => "司法确认申请书",
    build: confirmationApplication,
    refs: (k) => once(k.confirmations.length > 0 && k.agreement?.form === "written"),
    date: (k) => k.confirmations.at(-1)?.appliedOn ?? null,
    content: (k) => ({ c: k.confirmations.at(-1), a: k.agreement?.id, p: particulars(k) }),
  },
  ruling: {
    title: () => "民事裁定书",
    build: ruling,
    refs: (k) => once(k.confirmations.some(onAgreement)),
    date: (k) => k.confirmations.filter(onAgreement).at(-1)?.decidedOn ?? null,
    content: (k) => k.confirmations.filter(onAgreement).at(-1),
  },
  // One per application the court refused to file or ended by withdrawal (ref: the application's id).
  "refusal-ruling": {
    title: () => "民事裁定书（不予受理）",
    build: refusalRuling,
    refs: (k) => k.confirmations.filter((c) => c.outcome === "refused").map((c) => String(c.id)),
    date: (k, ref) => k.confirmations.find((c) => String(c.id) === ref)?.decidedOn ?? null,
    content: (k, ref) => ({ c: k.confirmations.find((c) => String(c.id) === ref), p: particulars(k) }),
  },
  "withdrawal-ruling": {
    title: (k, ref) =>
      k.confirmations.find((c) => String(c.id) === ref)?.withdrawalKind === "deemed"
        ? "民事裁定书（按撤回申请处理）"
        : "民事裁定书（准许撤回）",
    build: withdrawalRuling,
    refs: (k) => k.confirmations.filter((c) => c.outcome === "withdrawn").map((c) => String(c.id)),
    date: (k, ref) => k.confirmations.find((c) => String(c.id) === ref)?.decidedOn ?? null,
    content: (k, ref) => ({ c: k.confirmations.find((c) => String(c.id) === ref), p: particulars(k) }),
  },
  "enforcement-application": {
    title: () => "强制执行申请书",
    build: enforcementApplication,
    // After confirmation, when an obligation is overdue or a follow-up found the agreement not (fully) performed.
    refs: (k) =>
      once(
        k.confirmations.some((c) => c.status === "decided" && c.outcome === "confirmed") &&
          (k.agreement?.obligations ?? []).some((o) => !o.performedOn) &&
          ((k.agreement?.obligations ?? []).some((o) => !o.performedOn && o.overdue) ||
            k.followUps.some((f) => f.performed !== "yes")),
      ),
    date: () => null,
    content: (k) => ({
      c: k.confirmations.at(-1)?.number,
      o: k.agreement?.obligations.filter((o) => !o.performedOn).map((o) => o.id),
    }),
  },
};

/** The documents a case has now, in the order a case file binds them (RL27), cover first. */
export function catalog(kase: CaseView): CatalogEntry[] {
  return DOCUMENT_KINDS.flatMap((kind) =>
    SPECS[kind]
      .refs(kase)
      .map((ref) => ({ kind, ref, title: SPECS[kind].title(kase, ref), date: SPECS[kind].date(kase, ref) })),
  );
}
