import { chineseDate } from "../documents/chinese-format.js";
import type { CaseView, ObligationView } from "../cases/views.js";
import { describeApplication } from "../online-confirmation/application-view.js";
import { confirmationWindow } from "../online-confirmation/window.js";

/**
 * What happens next on a case and who does it, as one plain sentence for a party (`nextStep`).
 * A pure function of the case, the party reading it (their obligations and consent are theirs
 * to act on) and today (YYYY-MM-DD, Beijing).
 */
export function nextStep(
  kase: CaseView,
  partyId: number | null,
  today: string,
  /** Whether the reader has agreed online to apply for judicial confirmation (src/online-confirmation/). */
  facts: {
    agreedToApply?: boolean;
    /** The next session scheduled ahead (src/video/schedule.ts): when, and where or online. */
    nextSession?: { timeText: string; online: boolean; placeText: string };
  } = {},
): string {
  switch (kase.status) {
    case "intake":
      return "调委会将决定是否受理您的纠纷，并告诉您结果";
    case "accepted":
    case "in_mediation":
      return mediationStep(kase, partyId, facts.nextSession);
    case "agreement":
      return (
        obligationStep(kase, partyId, today) ??
        confirmationStep(kase, today, facts) ??
        afterAgreementStep(kase)
      );
    case "confirmed":
      return obligationStep(kase, partyId, today) ?? afterAgreementStep(kase);
    case "awaiting_confirmation":
      return courtStep(kase);
    case "confirmation_rejected":
      return "法院没有确认调解协议：您可以和对方再次调解，变更原协议或达成新协议，也可以向人民法院起诉";
    case "performed":
      return "协议已经履行，调委会将回访后结案，您不需要再做什么";
    case "terminated":
      return withAdvice("调解已经结束，您可以通过诉讼、仲裁等其他途径解决纠纷", kase.advice);
    case "declined":
      return withAdvice("调委会没有受理您的纠纷，您可以向人民法院起诉或通过其他途径解决", kase.advice);
    case "closed":
      return "这件纠纷已经结案，您不需要再做什么";
  }
}

function mediationStep(
  kase: CaseView,
  partyId: number | null,
  next?: { timeText: string; online: boolean; placeText: string },
): string {
  const me = kase.parties.find((p) => p.id === partyId);
  if (me?.consent === "no" || kase.parties.some((p) => p.consent === "no")) {
    return "有当事人不同意调解，调委会将终止调解并告知您";
  }
  // The party may answer on their phone (src/cases/consent.ts mayAnswerOnline) or to the mediator.
  if (me && me.consent === null) return "请阅读《人民调解告知书》，并告诉调委会您是否同意调解";
  const hasMediator = kase.assignments.some((a) => !a.endedAt && a.role === "lead");
  if (!hasMediator) return "调委会将安排调解员，并告知您调解的时间地点";
  // Out for signing on the phone (src/signing/): the reader's signature first, then the others', then the seal.
  const signing = kase.signing;
  if (signing) {
    if (signing.unsigned.some((u) => u.partyId === partyId)) {
      const voided = signing.voided.some((v) => v.partyId === partyId);
      return voided
        ? "协议内容已修改，此前签名已作废，请重新签署：阅读调解协议全文，手写签名并输入短信验证码"
        : "调解协议已拟好，请阅读协议全文，在手机上手写签名并输入短信验证码";
    }
    return signing.unsigned.length
      ? `您已签署调解协议，正在等待${signing.unsigned.map((u) => u.name).join("、")}签署`
      : "各方当事人均已签署，调解员签名、调委会盖章后协议生效";
  }
  if (next) {
    return next.online
      ? `调解定于${next.timeText}在线上视频进行，开始前30分钟内可在本案页面点击“进入视频调解”`
      : `调解定于${next.timeText}在${next.placeText}进行，请准时参加`;
  }
  return kase.sessions.length > 0
    ? "调解员将继续调解，下一次调解的时间地点会另行告知您"
    : "调解员将和您联系，告知调解的时间地点";
}

/** The earliest unperformed obligation: the reader's own first, then what the other side owes them. */
function obligationStep(kase: CaseView, partyId: number | null, today: string): string | null {
  const open = (kase.agreement?.obligations ?? [])
    .filter((o) => !o.performedOn)
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.index - b.index);
  const mine = open.find((o) => o.obligorPartyId === partyId);
  if (mine) return `请按协议在${chineseDate(mine.dueOn)}前履行：${mine.content}${late(mine, today)}`;
  const owed = open.find((o) => o.obligeePartyId === partyId) ?? open[0];
  if (owed) {
    return `${owed.obligor}应按协议在${chineseDate(owed.dueOn)}前履行：${owed.content}${late(owed, today)}；履行后调委会将登记`;
  }
  return null;
}

function late(o: ObligationView, today: string): string {
  return o.dueOn < today ? "（已过期限）" : "";
}

/** Within the 30 days (RL33), nothing left to perform: agree online to apply, or wait for the other side. */
function confirmationStep(kase: CaseView, today: string, facts: { agreedToApply?: boolean }): string | null {
  const window = confirmationWindow(kase, today);
  if (window.stage !== "open") return null;
  const by = chineseDate(window.endsOn!);
  return facts.agreedToApply
    ? `您已同意共同申请司法确认，等待对方当事人在${by}前同意`
    : `如需申请司法确认，请在${by}前在本页同意共同申请；各方都同意后，申请直接送交法院`;
}

/** The court's stage of the application: sent, filed, material asked for. */
function courtStep(kase: CaseView): string {
  const c = describeApplication(kase);
  if (c?.materialRequest && !c.materialRequest.answeredOn) {
    return `法院要求补充材料：${c.materialRequest.text}；调委会将与您联系`;
  }
  if (c?.status === "filed")
    return `${c.court}已立案审查（案号${c.number}），将作出是否确认调解协议的裁定；请留意短信通知`;
  if (c) return `申请已送交${c.court}，法院将决定是否立案；请留意短信通知`;
  return "法院正在审查调解协议，将作出是否确认的裁定；请留意法院的通知";
}

function afterAgreementStep(kase: CaseView): string {
  return kase.status === "confirmed"
    ? "调解协议已经法院确认；如果对方不履行，您可以向人民法院申请强制执行"
    : "调委会将回访，了解协议的履行情况";
}

function withAdvice(text: string, advice: string | null): string {
  return advice ? `${text}。调委会的建议：${advice}` : text;
}
