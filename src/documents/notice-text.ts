import type { CaseView, PartyView } from "../cases/views.js";
import { beijingDateTime, chineseDate } from "./chinese-format.js";
import { allParties, names, sideLabel } from "./text.js";

/** One block of the 告知书: a heading, a paragraph, or the list items under a heading. */
export type NoticeBlock = { kind: "heading" | "para"; text: string } | { kind: "list"; items: string[] };

/**
 * The words of the 人民调解告知书 (GD30): the nature, principles and effect of mediation and the
 * parties' rights and duties. One text for the PDF (builders/forms.ts `notice`) and for the
 * parties' phones (src/portal/consent.ts, /my/cases/:id/notice), so what a party reads online is
 * what the paper says.
 */
export function noticeBlocks(kase: Pick<CaseView, "typeName" | "parties">): NoticeBlock[] {
  return [
    {
      kind: "para",
      text: `你们之间的${kase.typeName}纠纷，本委员会已经受理。人民调解委员会是依法设立的调解民间纠纷的群众性组织，调解民间纠纷不收取任何费用。`,
    },
    // RL3: the three principles, in the Law's words.
    { kind: "heading", text: "人民调解委员会调解民间纠纷，遵循下列原则：" },
    {
      kind: "list",
      items: [
        "（一）在当事人自愿、平等的基础上进行调解；",
        "（二）不违背法律、法规和国家政策；",
        "（三）尊重当事人的权利，不得因调解而阻止当事人依法通过仲裁、行政、司法等途径维护自己的权利。",
      ],
    },
    {
      kind: "para",
      text: `经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行；${allParties(kase.parties)}可以自调解协议生效之日起三十日内共同向人民法院申请司法确认。`,
    },
    { kind: "heading", text: "当事人在人民调解活动中享有下列权利：" },
    {
      kind: "list",
      items: [
        "一、选择或者接受人民调解员；",
        "二、接受调解、拒绝调解或者要求终止调解；",
        "三、要求调解公开进行或者不公开进行；",
        "四、自主表达意愿、自愿达成调解协议。",
      ],
    },
    { kind: "heading", text: "当事人在人民调解活动中履行下列义务：" },
    {
      kind: "list",
      items: [
        "一、如实陈述纠纷事实；",
        "二、遵守调解现场秩序，尊重人民调解员；",
        "三、尊重对方当事人行使权利。",
      ],
    },
    { kind: "para", text: "人民调解员与本纠纷有利害关系或者可能影响公正调解的，当事人可以申请其回避。" },
  ];
}

/** "张三、李四：" — whom the notice addresses. */
export const noticeSalutation = (kase: Pick<CaseView, "parties">) => `${names(kase.parties)}：`;

/** The line a party who answered online has under the signatures: how and when they answered. */
export function onlineConsentLine(p: PartyView): string | null {
  if (!p.consentOnlineAt) return null;
  const answer = p.consent === "no" ? "不同意调解" : "同意调解";
  const when = `${chineseDate(p.consentOnlineAt)} ${beijingDateTime(p.consentOnlineAt).slice(11)}`;
  return `${sideLabel(p)} ${p.name}已于${when}在网上阅读本告知书，${answer}（网上确认）。`;
}
