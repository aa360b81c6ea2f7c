import type { CaseView, EventView } from "../cases/views.js";

export interface TimelineItem {
  at: string;
  text: string;
}

type Describe = (kase: CaseView, e: EventView) => string | null;

/**
 * The case events a party is told about, each in plain words. Anything not listed here stays off
 * the party's timeline: internal notes, 防激化措施, corrections of particulars, objections, the
 * committee's answers to the court (the court's own steps — filing, a request for material, the
 * ruling — are the parties' to know). A feature with a party-facing event adds one line.
 */
export const PARTY_EVENT_TEXT: Record<string, Describe> = {
  intake: (k) => (k.source === "application" ? "调委会收到了调解申请" : "调委会登记了纠纷"),
  accept: () => "调委会受理了纠纷",
  refer: () => "纠纷转交其他调解组织办理",
  decline: () => "调委会决定不予受理",
  "resolve-on-spot": () => "纠纷当场调解成功",
  "record-consent": () => "调委会告知了当事人的权利和义务，并记下了是否同意调解",
  "party-consent": (_k, e) => e.summary,
  "extend-mediation": () => "调解期限延长",
  "record-agreement": (k, e) =>
    // Drafted for signing on the phone (src/cases/agreement-signing.ts): its summary starts 拟定.
    e.summary.startsWith("拟定")
      ? e.summary.includes("作废")
        ? "调委会修改了调解协议：协议内容已修改，此前签名已作废，请重新签署"
        : "调委会拟好了调解协议，请各方当事人阅读并在网上签署"
      : k.agreement?.form === "oral"
        ? "达成了口头调解协议"
        : "达成了调解协议",
  "party-sign-agreement": (_k, e) => e.summary.replace(/（[^）]*）/, ""),
  "seal-agreement": () => "调解员签名、调委会盖章，调解协议生效",
  "apply-confirmation": () => "向人民法院申请司法确认",
  // The court's steps the parties are told of (issue 19): filing with its number, a request for material.
  "court-file": (_k, e) => e.summary,
  "court-request": (_k, e) => `${e.summary}（调委会将与您联系）`,
  "party-apply-confirmation": (_k, e) => e.summary,
  "court-decision": (_k, e) =>
    e.toStatus === "confirmed"
      ? "法院裁定调解协议有效"
      : e.toStatus === "confirmation_rejected"
        ? "法院裁定不予确认调解协议"
        : "法院作出了裁定",
  "court-refuse": () => "法院裁定不予受理司法确认申请",
  "court-withdraw": () => "司法确认申请已撤回",
  "record-performance": () => "调委会登记了协议的履行情况",
  "follow-up": () => "调委会进行了回访",
  terminate: () => "调解终止",
  reopen: () => "重新开始调解",
  close: () => "结案",
  // Staff: "上传证据材料：…"; a party: "张建国（网上）上传证据材料：…" (src/evidence/service.ts).
  "upload-evidence": (_k, e) => (e.summary.startsWith("上传") ? `调委会${e.summary}` : e.summary),
};

/** The party's timeline, oldest first: listed events, mediators assigned and sessions held. */
export function partyTimeline(kase: CaseView): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const e of kase.events) {
    const describe = Object.hasOwn(PARTY_EVENT_TEXT, e.action) ? PARTY_EVENT_TEXT[e.action] : undefined;
    const text = describe?.(kase, e);
    if (text) items.push({ at: e.at, text });
  }
  for (const a of kase.assignments) {
    items.push({
      at: a.assignedAt,
      text: a.role === "lead" ? `调解员${a.mediatorName}负责调解` : `调解员${a.mediatorName}参加调解`,
    });
  }
  for (const s of kase.sessions) {
    items.push({ at: s.heldAt, text: `第${s.seq}次调解${s.place ? `（${s.place}）` : ""}` });
  }
  return items
    .map((item, i) => ({ item: { ...item, at: new Date(item.at).toISOString() }, i }))
    .sort((a, b) => a.item.at.localeCompare(b.item.at) || a.i - b.i)
    .map(({ item }) => item);
}
