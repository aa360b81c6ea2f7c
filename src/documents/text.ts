import type { PartyView } from "../cases/views.js";
import { chineseDate } from "./chinese-format.js";

const GENDER = { male: "男", female: "女" } as const;

/** A party's particulars as a written agreement states them (RL29). */
export function partyParticulars(p: PartyView): string {
  if (p.kind === "organisation") {
    const bits = [
      p.name,
      p.unifiedCode ? `统一社会信用代码 ${p.unifiedCode}` : null,
      p.address ? `住所地${p.address}` : null,
      p.legalRepresentative
        ? `法定代表人 ${p.legalRepresentative}${p.legalRepresentativeTitle ? `，职务 ${p.legalRepresentativeTitle}` : ""}`
        : null,
      p.phone ? `联系电话 ${p.phone}` : null,
    ];
    return withAgent(bits, p);
  }
  const bits = [
    p.name,
    p.gender ? GENDER[p.gender] : null,
    p.birthDate ? `${chineseDate(p.birthDate)}出生` : null,
    p.ethnicity,
    p.occupation,
    p.idNumber ? `公民身份号码 ${p.idNumber}` : null,
    p.address ? `住${p.address}` : null,
    p.phone ? `联系电话 ${p.phone}` : null,
  ];
  return withAgent(bits, p);
}

function withAgent(bits: (string | null)[], p: PartyView): string {
  const main = bits.filter(Boolean).join("，");
  return p.agent
    ? `${main}。委托代理人：${p.agent.name}${p.agent.phone ? `，联系电话 ${p.agent.phone}` : ""}`
    : main;
}

/**
 * The signature lines of a party who signs a paper: a person signs or thumb-prints; an
 * organisation seals, and its legal representative signs.
 */
export function signatureLines(p: PartyView, role: string): { label: string }[] {
  return p.kind === "organisation"
    ? [{ label: `${role} ${p.name}（盖章）` }, { label: `法定代表人 ${p.legalRepresentative ?? ""}（签名）` }]
    : [{ label: `${role} ${p.name}（签名或按指印）` }];
}

export const sideLabel = (p: PartyView) => (p.side === "applicant" ? "申请人" : "被申请人");

export function names(parties: PartyView[], side?: PartyView["side"]): string {
  return parties
    .filter((p) => !side || p.side === side)
    .map((p) => p.name)
    .join("、");
}

/** "双方当事人" for two parties, "各方当事人" for three or more. */
export const allParties = (parties: PartyView[]) => (parties.length > 2 ? "各方当事人" : "双方当事人");

/** "张三与李四、王五" for titles and notices. */
export function between(parties: PartyView[]): string {
  return `${names(parties, "applicant")}与${names(parties, "respondent")}`;
}

export const dateOrBlank = (d: string | null | undefined) => (d ? chineseDate(d) : "　　年　　月　　日");
