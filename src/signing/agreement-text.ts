import { createHash } from "node:crypto";
import type { AgreementView, CaseView, ObligationView, PartyView } from "../cases/views.js";
import { amountPhrase, smallNumber } from "../documents/chinese-format.js";
import { chineseDate } from "../documents/chinese-format.js";
import { allParties, dateOrBlank, sideLabel } from "../documents/text.js";

/**
 * The exact text a party reads and signs, and its SHA-256: defined once here. The text is the
 * written agreement as the 人民调解协议书 states it (the same wording as the PDF builder), without
 * the signature lines and dates that signing itself adds. `canonicalText` fixes what could make
 * the same words hash differently: Unicode normalisation (NFC), line ends (LF), trailing spaces
 * on a line, blank lines at the start and end. The hash is of the canonical text's UTF-8 bytes,
 * lower-case hex.
 */
export function canonicalText(raw: string): string {
  return raw
    .normalize("NFC")
    .replace(/\r\n?|[\u2028\u2029]/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t\u3000]+$/u, ""))
    .join("\n")
    .replace(/^\n+|\n+$/g, "");
}

export function textHash(text: string): string {
  return createHash("sha256").update(canonicalText(text), "utf8").digest("hex");
}

const GENDER = { male: "男", female: "女" } as const;

/**
 * A party as the signed text states them: the particulars RL29/GD35 require (name, sex, birth
 * date, ethnicity, occupation, address; an organisation's address and legal representative) and
 * an agent's name — not the ID number or the phones, which the printed 协议书 adds: every party
 * reads this text on their phone, and a party is never shown another's ID number (src/portal/).
 */
function signedParticulars(p: PartyView): string {
  const bits =
    p.kind === "organisation"
      ? [
          p.name,
          p.address ? `住所地${p.address}` : null,
          p.legalRepresentative
            ? `法定代表人 ${p.legalRepresentative}${p.legalRepresentativeTitle ? `，职务 ${p.legalRepresentativeTitle}` : ""}`
            : null,
        ]
      : [
          p.name,
          p.gender ? GENDER[p.gender] : null,
          p.birthDate ? `${chineseDate(p.birthDate)}出生` : null,
          p.ethnicity,
          p.occupation,
          p.address ? `住${p.address}` : null,
        ];
  const main = bits.filter(Boolean).join("，");
  return p.agent ? `${main}。委托代理人：${p.agent.name}` : main;
}

/** The agreement's text for signing: the case's parties with their particulars and the agreement's content. */
export function agreementText(
  kase: Pick<CaseView, "number" | "organisationName" | "parties">,
  a: Pick<AgreementView, "facts" | "disputedMatters" | "responsibilities" | "terms" | "copies"> & {
    obligations: Pick<
      ObligationView,
      "obligor" | "obligee" | "content" | "amountFen" | "place" | "manner" | "dueOn"
    >[];
  },
): string {
  const all = allParties(kase.parties);
  const copies = Math.max(a.copies ?? 0, kase.parties.length + 1);
  const lines = [
    "人民调解协议书",
    kase.number,
    "",
    ...kase.parties.map((p) => `${sideLabel(p)}：${signedParticulars(p)}`),
    "",
    "纠纷主要事实、争议事项：",
    a.facts ?? "",
    ...(a.disputedMatters ? [`争议事项：${a.disputedMatters}`] : []),
    "",
    "各方当事人的责任：",
    a.responsibilities ?? "",
    "",
    `经${kase.organisationName}调解，${all}自愿达成如下协议：`,
    a.terms,
    "",
    "履行方式、地点和期限：",
    ...a.obligations.map((o, i) => {
      const where = o.place ? `在${o.place}` : "";
      const how = o.manner ? `以${o.manner}方式` : "";
      const money = o.amountFen ? `，金额${amountPhrase(o.amountFen)}` : "";
      return `${i + 1}. ${o.obligor}于${dateOrBlank(o.dueOn)}前${where}${how}向${o.obligee}${o.content}${money}。`;
    }),
    "",
    `本协议一式${smallNumber(copies)}份，当事人各执一份，人民调解委员会留存${smallNumber(copies - kase.parties.length)}份。`,
    "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。",
  ];
  return canonicalText(lines.join("\n"));
}
