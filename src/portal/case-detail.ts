import type { Knex } from "knex";
import type { Clock } from "../clock.js";
import { caseDeadlines } from "../cases/case-notes.js";
import type { Status } from "../cases/lifecycle.js";
import { loadCase } from "../cases/repository.js";
import type { CaseView } from "../cases/views.js";
import type { DocumentKind } from "../documents/catalog.js";
import { catalog } from "../documents/catalog.js";
import type { DocumentService } from "../documents/service.js";
import { NotFoundError } from "../errors.js";
import type { OrganisationService } from "../places/organisations.js";
import { partyHasRated } from "../ratings/repository.js";
import { beijingDate } from "../shared/dates.js";
import { partyCanDo, type PartyAbility } from "./can-do.js";
import { partyIdsForPhone } from "./case-detail-repository.js";
import { PARTY_STATUS_TEXT } from "./cases.js";
import { nextStep } from "./next-step.js";
import { partyTimeline, type TimelineItem } from "./party-timeline.js";
import { partyAgreedToApply } from "../online-confirmation/repository.js";
import { VideoSchedule } from "../video/schedule.js";
import { partyAgreement, type PartyAgreement } from "../signing/party-view.js";

/** The papers addressed to the parties: the notice, the written agreement, a decline or termination notice, the court's rulings. */
export const PARTY_DOCUMENT_KINDS: readonly DocumentKind[] = [
  "notice",
  "agreement",
  "decline-notice",
  "termination-notice",
  "ruling",
  "refusal-ruling",
  "withdrawal-ruling",
];

export interface PartyDocument {
  kind: DocumentKind;
  ref: string;
  title: string;
}

export interface PartyCaseDetail {
  id: number;
  number: string;
  status: Status;
  statusText: string;
  nextStep: string;
  typeName: string;
  committee: string;
  committeePhone: string | null;
  mediators: { name: string; phone?: string }[];
  /** The sessions held, then those scheduled ahead (an online one with its room's `joinUrl`). */
  sessions: { startsAt: string; placeKind: string; place?: string; joinUrl?: string }[];
  documents: PartyDocument[];
  timeline: TimelineItem[];
  me: {
    partyId: number;
    side: "applicant" | "respondent";
    consent?: { consented: boolean; at?: string };
    rated: boolean;
  };
  agreement?: PartyAgreement;
  canDo: PartyAbility[];
}

const NOT_FOUND = "找不到该纠纷，或它与您的手机号无关";

/**
 * One case as a party sees it (api.md `GET /portal/cases/{id}`): only for a phone that is a party's
 * or an agent's on it (404 otherwise, as for a case that does not exist), and only what is meant for
 * parties: no internal notes, no 防激化措施, no staff-only events, no ID numbers.
 */
export class PartyCaseService {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly documents: DocumentService,
    private readonly organisations: OrganisationService,
  ) {}

  /** The case and the reader's party on it; 404 when the phone is not a party's or agent's on it. */
  async load(phone: string, id: number): Promise<{ kase: CaseView; partyId: number }> {
    if (!Number.isInteger(id) || id <= 0) throw new NotFoundError(NOT_FOUND);
    const [partyId] = await partyIdsForPhone(this.knex, phone, id);
    const kase = partyId === undefined ? null : await loadCase(this.knex, id);
    if (!kase || partyId === undefined) throw new NotFoundError(NOT_FOUND);
    kase.deadlines = caseDeadlines(kase, this.today());
    return { kase, partyId };
  }

  async detail(phone: string, id: number): Promise<PartyCaseDetail> {
    const { kase, partyId } = await this.load(phone, id);
    const me = kase.parties.find((p) => p.id === partyId)!;
    const org = await this.organisations.get(kase.organisationId);
    const today = this.today();
    const rated = await partyHasRated(this.knex, kase.id, partyId);
    const officePhone = org.phone ?? undefined;
    // 司法确认 online (src/online-confirmation/): whether this party has agreed to apply.
    const agreedToApply = await partyAgreedToApply(this.knex, kase, partyId);
    const [nextSession] = await new VideoSchedule(this.knex, this.clock).forCase(kase.id);
    return {
      id: kase.id,
      number: kase.number,
      status: kase.status,
      statusText: PARTY_STATUS_TEXT[kase.status] ?? "处理中",
      nextStep: nextStep(kase, partyId, today, { agreedToApply, nextSession }),
      typeName: kase.typeName,
      committee: org.name,
      committeePhone: org.phone ?? null,
      mediators: kase.assignments
        .filter((x) => !x.endedAt)
        .map((x) => ({ name: x.mediatorName, ...(officePhone ? { phone: officePhone } : {}) })),
      sessions: [
        ...kase.sessions.map((s) => ({
          startsAt: new Date(s.heldAt).toISOString(),
          placeKind: s.placeKind,
          ...(s.place ? { place: s.place } : {}),
        })),
        ...(await new VideoSchedule(this.knex, this.clock).forParty(kase.id)),
      ],
      documents: partyDocuments(kase),
      timeline: partyTimeline(kase),
      me: {
        partyId,
        side: me.side,
        rated,
        ...(me.consent
          ? {
              consent: {
                consented: me.consent === "yes",
                ...atOf(me.consentOnlineAt ?? kase.consentNoticeOn),
              },
            }
          : {}),
      },
      // Out for signing on the phone, or in force (src/signing/party-view.ts).
      ...partyAgreement(kase),
      canDo: partyCanDo({ kase, me, today, rated, agreedToApply }),
    };
  }

  /** The next step of each of the party's cases (for the list: a party has a few cases, each loaded once). */
  async nextSteps(phone: string, ids: number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const id of ids) {
      const { kase, partyId } = await this.load(phone, id);
      const agreedToApply = await partyAgreedToApply(this.knex, kase, partyId);
      const [nextSession] = await new VideoSchedule(this.knex, this.clock).forCase(id);
      out.set(id, nextStep(kase, partyId, this.today(), { agreedToApply, nextSession }));
    }
    return out;
  }

  /** One of the party's documents as a PDF; 404 when the case is not theirs or the paper is not theirs to have. */
  async document(
    phone: string,
    id: number,
    kind: string,
    ref: string,
  ): Promise<{ pdf: Buffer; filename: string }> {
    const { kase } = await this.load(phone, id);
    if (!partyDocuments(kase).some((d) => d.kind === kind && d.ref === ref)) {
      throw new NotFoundError("该纠纷目前没有这份文书");
    }
    return this.documents.renderCase(kase, kind, ref);
  }

  private today(): string {
    return beijingDate(this.clock.now());
  }
}

export function partyDocuments(kase: CaseView): PartyDocument[] {
  return catalog(kase)
    .filter((e) => PARTY_DOCUMENT_KINDS.includes(e.kind))
    .map(({ kind, ref, title }) => ({ kind, ref, title }));
}

/** Where a party downloads a document: the API (party token) and the web (party session). */
export function partyDocumentPaths(caseId: number, d: { kind: string; ref: string }) {
  const tail = `${d.kind}${d.ref ? `/${d.ref}` : ""}`;
  return {
    url: `/api/v1/portal/cases/${caseId}/documents/${tail}`,
    webUrl: `/my/cases/${caseId}/documents/${tail}.pdf`,
  };
}

/** When the party answered: online, the instant; recorded by staff, the notice's day. */
const atOf = (at: string | null | undefined) => (at ? { at } : {});
