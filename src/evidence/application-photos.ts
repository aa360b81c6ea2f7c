import { createHash } from "node:crypto";
import type { Knex } from "knex";
import { writeCaseEvent } from "../cases/events.js";
import { ValidationError, type FieldError } from "../errors.js";
import { cleanFile, MAX_EVIDENCE_BYTES, type CleanFile } from "./content.js";
import { EvidenceRepository } from "./repository.js";
import { cleanName, TOO_LARGE, WRONG_TYPE } from "./service.js";

/** The application form's file inputs (我要调解): up to three optional photos or PDFs. */
export const APPLICATION_PHOTO_FIELDS = ["photo1", "photo2", "photo3"] as const;

export interface PreparedPhoto {
  name: string;
  sha256: string;
  clean: CleanFile;
}

/**
 * The files sent with an application, checked and cleaned (EXIF stripped) before anything is
 * stored. A refused file is a ValidationError naming its input and its file name; an input left
 * empty is skipped.
 */
export async function prepareApplicationPhotos(body: Record<string, unknown>): Promise<PreparedPhoto[]> {
  const prepared: PreparedPhoto[] = [];
  const errors: FieldError[] = [];
  for (const [i, field] of APPLICATION_PHOTO_FIELDS.entries()) {
    const file = body[field] as { filename?: unknown; data?: unknown } | undefined;
    const data = file && Buffer.isBuffer(file.data) ? file.data : null;
    if (!data || data.length === 0) continue;
    const filename = typeof file?.filename === "string" ? file.filename : "";
    const label = `第 ${i + 1} 个文件${filename ? `（${filename}）` : ""}`;
    const clean = data.length > MAX_EVIDENCE_BYTES ? null : await cleanFile(data);
    if (!clean) {
      errors.push({
        field,
        message: `${label}：${data.length > MAX_EVIDENCE_BYTES ? TOO_LARGE : WRONG_TYPE}`,
      });
      continue;
    }
    const sha256 = createHash("sha256").update(clean.content).digest("hex");
    prepared.push({ name: cleanName(filename, clean.mime), sha256, clean });
  }
  if (errors.length) throw new ValidationError(errors);
  return prepared;
}

/** Stores the prepared files as the applicant party's evidence, in the application's transaction. */
export async function storeApplicationPhotos(
  trx: Knex.Transaction,
  photos: PreparedPhoto[],
  at: { caseId: number; party: { id: number; name: string }; at: string },
): Promise<void> {
  const repo = new EvidenceRepository(trx);
  for (const photo of photos) {
    const evidenceId = await repo.insert(trx, {
      caseId: at.caseId,
      name: photo.name,
      description: "申请时上传",
      mime: photo.clean.mime,
      sha256: photo.sha256,
      content: photo.clean.content,
      thumbnail: photo.clean.thumbnail,
      uploadedByUserId: null,
      uploadedByPartyId: at.party.id,
      uploadedAt: at.at,
    });
    await writeCaseEvent(trx, {
      caseId: at.caseId,
      actorUserId: null,
      action: "upload-evidence",
      fromStatus: null,
      toStatus: null,
      summary: `${at.party.name}（网上）上传证据材料：${photo.name}`,
      data: {
        evidenceId,
        name: photo.name,
        sha256: photo.sha256,
        actor: { kind: "party", partyId: at.party.id },
      },
      at: at.at,
    });
  }
}
