import type { Knex } from "knex";
import { writeCaseEvent } from "../cases/events.js";
import { indexCase, insertCase, issueNumber } from "../cases/intake-repository.js";
import { EvidenceRepository } from "../evidence/repository.js";
import type { GridRepository, Org, ReportRow } from "./repository.js";
import type { GridParty } from "./types.js";

/** Dispatched to a committee, a report needs someone on each side to become a case. */
export function partiesOf(report: ReportRow): GridParty[] {
  return report.partiesJson ? (JSON.parse(report.partiesJson) as GridParty[]) : [];
}

export function hasBothSides(parties: GridParty[]): boolean {
  return parties.some((p) => p.side === "applicant") && parties.some((p) => p.side === "respondent");
}

/**
 * The case a dispatch to a committee creates, in the dispatch's transaction: registered as intake
 * registers a case (the committee's number series, parties, search index) in `intake` at that
 * committee, source `grid_report`, linked both ways, the report's photos copied into its evidence.
 */
export async function createLinkedCase(
  trx: Knex.Transaction,
  repo: GridRepository,
  report: ReportRow,
  committee: Org & { numberPrefix: string },
  by: { userId: number; at: string; today: string },
): Promise<{ id: number; number: string }> {
  const parties = partiesOf(report).map((p) => ({
    side: p.side,
    kind: "person" as const,
    name: p.name,
    idNumber: null,
    unifiedCode: null,
    gender: null,
    birthDate: null,
    ethnicity: null,
    occupation: null,
    phone: p.phone ?? null,
    address: null,
    legalRepresentative: null,
    agent: null,
  }));
  const issued = await issueNumber(trx, committee, Number(by.today.slice(0, 4)));
  const caseId = await insertCase(
    trx,
    {
      number: issued.number,
      organisation_id: committee.id,
      status: "intake",
      source: "grid_report",
      type_code: "other",
      summary: report.summary,
      occurred_on: report.occurredOn,
      region_code: report.regionCode,
      address: null,
      amount_fen: null,
      people_involved: report.people,
      risk_level: report.riskLevel,
      registered_on: by.today,
      created_by: by.userId,
      version: 1,
      created_at: by.at,
      updated_at: by.at,
    },
    parties,
  );
  await issued.record(caseId);
  await repo.linkCase(trx, caseId, report.id);
  await indexCase(trx, caseId);
  await writeCaseEvent(trx, {
    caseId,
    actorUserId: by.userId,
    action: "intake",
    fromStatus: null,
    toStatus: "intake",
    summary: `${report.centreName}分流转来网格上报（编号 ${report.id}），案号 ${issued.number}，当事人 ${parties.length} 人`,
    data: { source: "grid_report", gridReportId: report.id, typeCode: "other" },
    at: by.at,
  });
  const evidence = new EvidenceRepository(trx);
  for (const photo of await repo.photosWithBytes(trx, report.id)) {
    const evidenceId = await evidence.insert(trx, {
      caseId,
      name: photo.name,
      description: "网格上报时拍摄",
      mime: photo.mime,
      sha256: photo.sha256,
      content: photo.bytes,
      thumbnail: photo.thumbnail,
      uploadedByUserId: report.reporterUserId,
      uploadedByPartyId: null,
      uploadedAt: by.at,
    });
    await writeCaseEvent(trx, {
      caseId,
      actorUserId: by.userId,
      action: "upload-evidence",
      fromStatus: null,
      toStatus: null,
      summary: `网格上报照片转为证据材料：${photo.name}`,
      data: { evidenceId, name: photo.name, sha256: photo.sha256, gridReportId: report.id },
      at: by.at,
    });
  }
  return { id: caseId, number: issued.number };
}
