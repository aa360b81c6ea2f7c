import { createHash } from "node:crypto";
import type { Knex } from "knex";
import { isoNow, type Clock } from "../clock.js";
import { writeCaseEvent } from "../cases/events.js";
import { isVisible } from "../cases/repository.js";
import { NotFoundError, ValidationError } from "../errors.js";
import { scopeFor, type SessionUser } from "../people/scope.js";
import { cleanFile, MAX_EVIDENCE_BYTES, type EvidenceMime } from "./content.js";
import { EvidenceRepository, type EvidenceRow } from "./repository.js";

export const NOT_FOUND = "找不到该证据材料，或您无权查看";
const CASE_NOT_FOUND = "找不到该案件，或您无权查看";
export const WRONG_TYPE = "只能上传 JPEG、PNG 图片或 PDF 文件";
export const TOO_LARGE = "文件不能超过 10 MB";
const NO_FILE = "请选择要上传的文件（照片或 PDF）";
const MAX_DESCRIPTION = 200;
const EXTENSION: Record<EvidenceMime, string> = {
  "image/jpeg": ".jpg",
  "image/png": ".png",
  "application/pdf": ".pdf",
};

/**
 * Who uploads or looks: a member of staff (by their case scope) or a party (by phone).
 * `visibleCaseId`: the case the caller has just loaded through the user's scope (the case page),
 * so its scope is not checked again.
 */
export type Viewer =
  { kind: "user"; user: SessionUser; visibleCaseId?: number } | { kind: "party"; phone: string };

export interface UploadInput {
  file?: { filename: string; data: Buffer } | unknown;
  description?: unknown;
}

export interface EvidenceItem extends EvidenceRow {
  isImage: boolean;
  /** Uploaded by one of the viewing party's own parties (a party viewer only). */
  mine: boolean;
}

/** The file name as shown: the last path part, no control characters, at most 100 characters. */
export function cleanName(filename: string, mime: EvidenceMime): string {
  const base = (filename.split(/[\\/]/).pop() ?? "")
    .replace(/[\p{Cc}\p{Cf}"]/gu, "")
    .trim()
    .slice(-100);
  return base || `证据材料${EXTENSION[mime]}`;
}

/**
 * Evidence (证据材料) on a case: photos and PDFs from staff and parties, checked by content, photos
 * stored without their location, shown to those who may see the case and to nobody else (404).
 */
export class EvidenceService {
  private readonly repo: EvidenceRepository;

  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
  ) {
    this.repo = new EvidenceRepository(knex);
  }

  /** The case's evidence, oldest first, for someone who may see the case (else 404). */
  async list(viewer: Viewer, caseId: number): Promise<EvidenceItem[]> {
    const mine = await this.access(viewer, caseId);
    return (await this.repo.forCase(caseId)).map((e) => this.item(e, mine));
  }

  /** One file's bytes (or its thumbnail's), for someone who may see its case (else 404). */
  async file(viewer: Viewer, id: number, which: "content" | "thumbnail" = "content") {
    const row = Number.isInteger(id) && id > 0 ? await this.repo.find(id) : null;
    if (!row) throw new NotFoundError(NOT_FOUND);
    try {
      await this.access(viewer, row.caseId);
    } catch {
      throw new NotFoundError(NOT_FOUND);
    }
    const bytes = await this.repo.bytes(id, which);
    if (!bytes) throw new NotFoundError(NOT_FOUND);
    return { name: row.name, mime: which === "thumbnail" ? "image/jpeg" : row.mime, bytes };
  }

  async upload(viewer: Viewer, caseId: number, input: UploadInput) {
    const mine = await this.access(viewer, caseId);
    const description = typeof input.description === "string" ? input.description.trim() : "";
    const file = input.file as { filename?: unknown; data?: unknown } | undefined;
    const data = file && Buffer.isBuffer(file.data) ? file.data : null;
    if (!data || data.length === 0) throw new ValidationError([{ field: "file", message: NO_FILE }]);
    if (data.length > MAX_EVIDENCE_BYTES) throw new ValidationError([{ field: "file", message: TOO_LARGE }]);
    if (description.length > MAX_DESCRIPTION) {
      throw new ValidationError([{ field: "description", message: `说明不能超过 ${MAX_DESCRIPTION} 字` }]);
    }
    const clean = await cleanFile(data);
    if (!clean) throw new ValidationError([{ field: "file", message: WRONG_TYPE }]);
    const name = cleanName(typeof file?.filename === "string" ? file.filename : "", clean.mime);
    const sha256 = createHash("sha256").update(clean.content).digest("hex");
    const at = isoNow(this.clock);
    const party = viewer.kind === "party" ? mine[0]! : null;
    const id = await this.knex.transaction(async (trx) => {
      const id = await this.repo.insert(trx, {
        caseId,
        name,
        description: description || null,
        mime: clean.mime,
        sha256,
        content: clean.content,
        thumbnail: clean.thumbnail,
        uploadedByUserId: viewer.kind === "user" ? viewer.user.id : null,
        uploadedByPartyId: party?.id ?? null,
        uploadedAt: at,
      });
      await writeCaseEvent(trx, {
        caseId,
        actorUserId: viewer.kind === "user" ? viewer.user.id : null,
        action: "upload-evidence",
        fromStatus: null,
        toStatus: null,
        summary: party ? `${party.name}（网上）上传证据材料：${name}` : `上传证据材料：${name}`,
        data: {
          evidenceId: id,
          name,
          sha256,
          ...(party ? { actor: { kind: "party", partyId: party.id } } : {}),
        },
        at,
      });
      return id;
    });
    return { id, name, size: clean.content.length, sha256 };
  }

  /**
   * Whether the viewer may see the case (else 404): staff by their scope; a party when a party or
   * agent of the case has their phone. Answers the party's own parties (empty for staff).
   */
  private async access(viewer: Viewer, caseId: number): Promise<{ id: number; name: string }[]> {
    if (!Number.isInteger(caseId) || caseId <= 0) throw new NotFoundError(CASE_NOT_FOUND);
    if (viewer.kind === "user") {
      if (viewer.visibleCaseId === caseId) return [];
      if (!(await isVisible(this.knex, viewer.user, scopeFor(viewer.user), caseId)))
        throw new NotFoundError(CASE_NOT_FOUND);
      return [];
    }
    const mine = await this.repo.partiesWithPhone(caseId, viewer.phone);
    if (!mine.length) throw new NotFoundError(CASE_NOT_FOUND);
    return mine;
  }

  private item(e: EvidenceRow, mine: { id: number }[]): EvidenceItem {
    return {
      ...e,
      isImage: e.mime.startsWith("image/"),
      mine: e.uploadedByPartyId !== null && mine.some((p) => p.id === e.uploadedByPartyId),
    };
  }
}
