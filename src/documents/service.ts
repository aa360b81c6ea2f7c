import type { Knex } from "knex";
import { isoNow, type Clock } from "../clock.js";
import type { AgreementDraftService } from "../cases/agreement-draft-service.js";
import type { CaseService } from "../cases/service.js";
import type { CaseView } from "../cases/views.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { hasRole, inScope, scopeFor, type SessionUser } from "../people/scope.js";
import type { OrganisationService } from "../places/organisations.js";
import type { RegionService } from "../places/regions.js";
import type { DocContext } from "./builders/context.js";
import { drawOfficePoster } from "./builders/office-poster.js";
import { drawBackCover, drawFileIndex, type IndexEntry } from "./builders/file.js";
import { catalog, SPECS, type CatalogEntry, type DocumentKind } from "./catalog.js";
import { DRAFTS, isDraftKind } from "./drafts.js";
import { DocWriter, type Verification } from "./pdf.js";
import { fingerprint, issueCode, lookUpCode } from "./verification.js";
import { signedImages } from "../signing/document-images.js";
import { checkSignedText } from "../signing/verify.js";

export interface DocumentListing extends CatalogEntry {
  url: string;
  verifyCode: string;
}

/** Documents of a case: what exists now, each as a PDF with its verification code, and the whole file. */
export class DocumentService {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly publicUrl: string,
    private readonly cases: CaseService,
    private readonly organisations: OrganisationService,
    private readonly regions: RegionService,
    private readonly drafts: AgreementDraftService,
  ) {}

  verifyUrl(code: string): string {
    return `${this.publicUrl}/verify/${code}`;
  }

  private async verification(kase: CaseView, entry: CatalogEntry, committee: string): Promise<Verification> {
    const code = await issueCode(
      this.knex,
      {
        caseId: kase.id,
        kind: entry.kind,
        ref: entry.ref,
        fingerprint: fingerprint(SPECS[entry.kind].content(kase, entry.ref)),
        title: entry.title,
        caseNumber: kase.number,
        committeeName: committee,
        documentDate: entry.date,
        signedHash: entry.kind === "agreement" ? kase.agreement?.eSigned?.hash : null,
      },
      isoNow(this.clock),
    );
    return { code, url: this.verifyUrl(code) };
  }

  private async context(kase: CaseView): Promise<Omit<DocContext, "verification">> {
    const org = await this.organisations.get(kase.organisationId);
    const court = kase.confirmations.at(-1);
    return {
      kase,
      committee: {
        name: org.name,
        sealName: org.sealName ?? org.name,
        address: org.address,
        phone: org.phone,
      },
      regionPath: await this.regions.pathNames(
        kase.regionCode,
        (await this.regions.get(kase.regionCode)).level,
      ),
      registeredBy: kase.events.find((e) => e.action === "intake")?.actor ?? null,
      courtName: court?.courtName ?? null,
      portalUrl: `${this.publicUrl}/my`,
      ...(await signedImages(this.knex, kase)),
    };
  }

  async list(user: SessionUser, caseId: number): Promise<DocumentListing[]> {
    const kase = await this.cases.get(user, caseId);
    const org = await this.organisations.get(kase.organisationId);
    const out: DocumentListing[] = [];
    for (const entry of catalog(kase)) {
      const { code } = await this.verification(kase, entry, org.name);
      out.push({ ...entry, verifyCode: code, url: documentPath(kase.id, entry.kind, entry.ref) });
    }
    return out;
  }

  /** One document as a PDF; 404 when the case is out of sight or the document does not exist in its state. */
  async render(
    user: SessionUser,
    caseId: number,
    kind: string,
    ref: string,
  ): Promise<{ pdf: Buffer; filename: string }> {
    return this.renderCase(await this.cases.get(user, caseId), kind, ref);
  }

  /** One document of a case already in sight (the caller checked: staff scope, or a party's phone). */
  async renderCase(kase: CaseView, kind: string, ref: string): Promise<{ pdf: Buffer; filename: string }> {
    const entry = catalog(kase).find((e) => e.kind === kind && e.ref === ref);
    if (!entry) throw new NotFoundError("该案件目前没有这份文书");
    const base = await this.context(kase);
    const w = new DocWriter({ title: `${entry.title} ${kase.number}` });
    w.beginSection({ title: entry.title, caseNumber: kase.number, committee: base.committee.name });
    SPECS[entry.kind as DocumentKind].build(
      w,
      { ...base, verification: await this.verification(kase, entry, base.committee.name) },
      ref,
    );
    return { pdf: await w.toBuffer(), filename: `${kase.number}-${entry.title}.pdf` };
  }

  /**
   * A paper printed before it takes effect, marked and unregistered (no code, nothing issued):
   * the written agreement from its draft (待签署, blank lines to sign and date by hand), the
   * 告知书 before the day it was given is recorded (待送达, its date left blank), the joint
   * 司法确认申请书 before it is filed (待签署). Which, and when: src/documents/drafts.ts. 404 otherwise.
   */
  async renderDraft(
    user: SessionUser,
    caseId: number,
    kind: string,
  ): Promise<{ pdf: Buffer; filename: string }> {
    if (!isDraftKind(kind)) throw new NotFoundError("没有这份文书");
    const spec = DRAFTS[kind];
    const kase =
      kind === "agreement" ? await this.drafts.printable(user, caseId) : await this.cases.get(user, caseId);
    if (!kase || !spec.available(kase)) throw new NotFoundError("该案件目前没有这份待签署文书");
    const title = SPECS[kind].title(kase, "");
    const base = await this.context(kase);
    const w = new DocWriter({ title: `${title}（${spec.mark}） ${kase.number}`, draft: spec });
    w.beginSection({ title, caseNumber: kase.number, committee: base.committee.name });
    SPECS[kind].build(w, { ...base, verification: null }, "");
    return { pdf: await w.toBuffer(), filename: `${kase.number}-${title}（${spec.mark}）.pdf` };
  }

  /**
   * The whole case file: cover, index, every document in order, back cover. Drawn twice: once to
   * learn where each document starts, then for real with the index's page numbers filled in.
   */
  async caseFile(user: SessionUser, caseId: number): Promise<{ pdf: Buffer; filename: string }> {
    const kase = await this.cases.get(user, caseId);
    const base = await this.context(kase);
    const entries = catalog(kase);
    const verifications = new Map<CatalogEntry, Verification>();
    for (const e of entries) verifications.set(e, await this.verification(kase, e, base.committee.name));
    const indexVerification = verifications.get(entries[0]!)!;

    const draw = (index: IndexEntry[], totalPages: number) => {
      const w = new DocWriter({ title: `人民调解卷宗 ${kase.number}`, filePageNumbers: true });
      const section = (title: string) =>
        w.beginSection({ title, caseNumber: kase.number, committee: base.committee.name });
      const [cover, ...docs] = entries;
      section(cover!.title);
      SPECS[cover!.kind].build(w, { ...base, verification: verifications.get(cover!)! }, cover!.ref);
      section("卷内目录");
      drawFileIndex(w, { ...base, verification: indexVerification }, index);
      for (const e of docs) {
        section(e.title);
        SPECS[e.kind].build(w, { ...base, verification: verifications.get(e)! }, e.ref);
      }
      section("卷内备考表");
      drawBackCover(w, { ...base, verification: indexVerification }, entries.length + 1, totalPages);
      return w;
    };

    // Pass 1 with placeholder page numbers; the index has the same rows either way.
    const probe = draw(
      entries.slice(1).map((e) => ({ title: e.title, date: e.date, firstPage: 0, lastPage: 0 })),
      0,
    );
    const starts = probe.sectionStarts();
    const total = probe.pageCount();
    probe.doc.end();
    const index: IndexEntry[] = entries.slice(1).map((e, i) => ({
      title: e.title,
      date: e.date,
      firstPage: starts[i + 2]! + 1,
      lastPage: starts[i + 3] ?? total,
    }));
    const w = draw(index, total);
    return { pdf: await w.toBuffer(), filename: `${kase.number}-卷宗.pdf` };
  }

  /**
   * The committee's office poster (QR code to /my/apply): for an admin, and a director for their
   * own committee; 404 out of sight, 403 to others who can see the committee.
   */
  async officePoster(user: SessionUser, organisationId: number): Promise<{ pdf: Buffer; filename: string }> {
    const org = await this.organisations.get(organisationId);
    if (!inScope(scopeFor(user), { organisationId: org.id, regionCode: org.regionCode }))
      throw new NotFoundError();
    if (!canPrintPoster(user, org.id)) throw new ForbiddenError("只有系统管理员和本调委会主任可以打印海报");
    const w = new DocWriter({ title: `${org.name} 当事人扫码海报` });
    drawOfficePoster(w, org, this.publicUrl);
    return { pdf: await w.toBuffer(), filename: `${org.name}-当事人扫码海报.pdf` };
  }

  /** A code's document; for an agreement signed on the phone, also whether its text still matches the signed hash. */
  async lookUp(code: string) {
    const found = await lookUpCode(this.knex, code);
    if (!found?.signedHash) return found;
    return { ...found, signed: await checkSignedText(this.knex, found.caseId, found.signedHash) };
  }
}

export function documentPath(caseId: number, kind: string, ref: string): string {
  return `/cases/${caseId}/documents/${kind}${ref ? `/${ref}` : ""}.pdf`;
}

/** Who may print a committee's office poster: an admin, or a director of that committee. */
export function canPrintPoster(user: SessionUser, organisationId: number): boolean {
  return hasRole(user, "admin") || (hasRole(user, "director") && user.organisation.id === organisationId);
}
