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

/** The particulars RL29/GD35 require a written agreement to state, by kind of party, in their words. */
export const REQUIRED_PARTICULARS = {
  person: [
    { field: "gender", label: "性别" },
    { field: "birthDate", label: "出生日期" },
    { field: "ethnicity", label: "民族" },
    { field: "occupation", label: "职业或工作单位" },
    { field: "address", label: "住址" },
  ],
  organisation: [
    { field: "legalRepresentative", label: "法定代表人" },
    { field: "legalRepresentativeTitle", label: "法定代表人职务" },
    { field: "address", label: "住所地" },
  ],
} as const satisfies Record<PartyView["kind"], readonly { field: keyof PartyView; label: string }[]>;

export type ParticularField = (typeof REQUIRED_PARTICULARS)[PartyView["kind"]][number]["field"];

/** What a party still lacks for a written agreement (RL29/GD35), in the order the paper states it. */
export function missingParticulars(p: PartyView): { field: ParticularField; label: string }[] {
  return REQUIRED_PARTICULARS[p.kind].filter((x) => !p[x.field]);
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
    const gaps = missingParticulars(p).map((x) => x.label);
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
