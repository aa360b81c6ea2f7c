import type { EvidenceItem, EvidenceService, Viewer } from "../../evidence/service.js";

/** More than this many files start folded on the case page, as its other long lists do. */
const UNFOLDED = 3;

export interface EvidenceCard {
  caseId: number;
  items: (EvidenceItem & { url: string; thumbnailUrl: string; sizeText: string })[];
  folded: boolean;
  added: boolean;
}

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The 证据材料 card: each file with its links (under `/my` for a party), thumbnails for photos. */
export async function evidenceCard(
  evidence: EvidenceService,
  viewer: Viewer,
  caseId: number,
  query: Record<string, unknown>,
): Promise<EvidenceCard> {
  const base = viewer.kind === "party" ? "/my/evidence" : "/evidence";
  const items = (await evidence.list(viewer, caseId)).map((e) => ({
    ...e,
    url: `${base}/${e.id}`,
    thumbnailUrl: `${base}/${e.id}/thumbnail`,
    sizeText: sizeText(e.size),
  }));
  return { caseId, items, folded: items.length > UNFOLDED, added: query.evidence === "added" };
}

/** The party's case page's loader (CASE_PAGE_EXTRAS in src/routes/portal-case.ts). */
export async function partyEvidenceExtra(evidence: EvidenceService, phone: string, caseId: number) {
  return { evidence: await evidenceCard(evidence, { kind: "party", phone }, caseId, {}) };
}
