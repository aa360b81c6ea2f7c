import { LegalRuleError, ValidationError, type FieldError } from "../errors.js";
import type { CaseView, PartyView } from "./views.js";

/**
 * What makes a written agreement take effect (RL29, GD35): it states the facts, the disputed
 * matters, each side's responsibility and, for every obligation, the manner, place and deadline;
 * it names each party fully; every party, the mediator and the committee's seal are on it. Pure,
 * so the record-agreement action stays readable and this is testable without a case.
 */

export interface WrittenAgreement {
  signedOn: string;
  facts: string | null;
  disputedMatters: string | null;
  responsibilities: string | null;
  obligations: { manner: string | null; place: string | null }[];
  signatures?: Signature[];
  mediatorSignedOn: string;
  sealedOn: string;
}

export interface Signature {
  partyId: number;
  signedOn: string;
  method: "sign" | "seal" | "thumbprint";
}

/** What RL29/GD35 require a written agreement to state about each party. */
function missingParticulars(p: PartyView): string[] {
  const missing: string[] = [];
  if (p.kind === "person") {
    if (!p.gender) missing.push("性别");
    if (!p.birthDate) missing.push("出生日期");
    if (!p.ethnicity) missing.push("民族");
    if (!p.occupation) missing.push("职业或工作单位");
    if (!p.address) missing.push("住址");
  } else {
    if (!p.legalRepresentative) missing.push("法定代表人");
    if (!p.legalRepresentativeTitle) missing.push("法定代表人职务");
    if (!p.address) missing.push("住所地");
  }
  return missing;
}

/**
 * The signatures and the day the agreement takes effect (the last of its dates), or a
 * LegalRuleError that says everything still missing. Absent signatures: everyone signed on signedOn.
 */
export function writtenAgreementTakesEffect(
  kase: CaseView,
  a: WrittenAgreement,
): { signatures: Signature[]; effectiveOn: string } {
  const missing: FieldError[] = [];
  if (!a.facts) missing.push({ field: "facts", message: "书面协议须写明纠纷的主要事实" });
  if (!a.disputedMatters) missing.push({ field: "disputedMatters", message: "书面协议须写明争议事项" });
  if (!a.responsibilities)
    missing.push({ field: "responsibilities", message: "书面协议须写明各方当事人的责任" });
  // RL29(三), GD35: the manner, place and deadline of performance (the deadline is always required).
  a.obligations.forEach((o, i) => {
    if (!o.manner)
      missing.push({ field: `obligations.${i}.manner`, message: `第 ${i + 1} 项义务须写明履行方式` });
    if (!o.place)
      missing.push({ field: `obligations.${i}.place`, message: `第 ${i + 1} 项义务须写明履行地点` });
  });
  for (const p of kase.parties) {
    const gaps = missingParticulars(p);
    if (gaps.length) missing.push({ field: "parties", message: `当事人${p.name}缺少：${gaps.join("、")}` });
  }
  const signatures =
    a.signatures ??
    kase.parties.map((p) => ({ partyId: p.id, signedOn: a.signedOn, method: "sign" as const }));
  for (const p of kase.parties) {
    if (!signatures.some((s) => s.partyId === p.id)) {
      missing.push({ field: "signatures", message: `当事人${p.name}尚未签名、盖章或按指印` });
    }
  }
  const signers = new Set<number>();
  signatures.forEach((s, i) => {
    if (!kase.parties.some((p) => p.id === s.partyId))
      missing.push({ field: `signatures.${i}.partyId`, message: "签署人须是本案当事人" });
    if (signers.has(s.partyId)) {
      throw new ValidationError([
        { field: `signatures.${i}.partyId`, message: "同一当事人的签署只能登记一次" },
      ]);
    }
    signers.add(s.partyId);
  });
  if (missing.length) {
    throw new LegalRuleError(`书面调解协议尚不能生效，还缺 ${missing.length} 项`, missing);
  }
  const effectiveOn = [a.signedOn, a.mediatorSignedOn, a.sealedOn, ...signatures.map((s) => s.signedOn)]
    .sort()
    .at(-1)!;
  return { signatures, effectiveOn };
}
