import type { CaseView, ConfirmationView } from "../../cases/views.js";
import {
  currentGround,
  groundLabel,
  REFUSAL_GROUNDS,
  REJECTION_GROUNDS,
} from "../../confirmations/periods.js";
import { amountPhrase, chineseDate } from "../chinese-format.js";
import type { DocWriter, Verification } from "../pdf.js";
import { partyParticulars } from "../text.js";
import type { Builder } from "./context.js";

export const CPL = "《中华人民共和国民事诉讼法》";
export const INTERPRETATION = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》";
const ITEMS = ["一", "二", "三", "四", "五", "六"];

/** 第三百五十八条第（一）项、第（三）项: the items of an article the grounds fall under, in order. */
export function items(grounds: string[], list: readonly string[]): string {
  const idx = [...new Set(grounds.map((g) => list.indexOf(currentGround(g) ?? g)).filter((i) => i >= 0))];
  return idx
    .sort((x, y) => x - y)
    .map((i) => `第（${ITEMS[i]}）项`)
    .join("、");
}

/** The court's heading, the title, the number and the applicants: as every 民事裁定书 opens. */
export function rulingHead(w: DocWriter, c: ConfirmationView, kase: CaseView): void {
  w.doc.font("serif-bold").fontSize(16).text(w.fix(c.courtName), { align: "center", characterSpacing: 2 });
  w.gap(0.3);
  w.title("民事裁定书");
  w.right(c.number ?? "");
  for (const p of kase.parties) w.labelled("申请人", partyParticulars(p));
  w.gap(0.4);
}

/** What the application asked for, with the agreement's date and committee. */
export function applicationText(c: ConfirmationView, kase: CaseView, committee: string): string {
  const agreedOn = kase.agreement?.effectiveOn ?? c.appliedOn;
  return `申请人${kase.parties.map((p) => p.name).join("、")}于${chineseDate(c.appliedOn)}向本院申请确认其于${chineseDate(agreedOn)}经${committee}主持调解达成的调解协议（${kase.number}）的效力。`;
}

/** The judge, the date, the seal and the clerk, then the verification code. */
export function rulingFoot(w: DocWriter, c: ConfirmationView, verification: Verification | null): void {
  w.gap();
  w.right(`审判员　${c.judgeName ?? ""}`);
  w.right(chineseDate(c.decidedOn ?? c.appliedOn));
  w.right("（院印）");
  w.right("书记员　　　　　　");
  w.verification(verification);
}

/** The legal basis of a rejection: art. 358 for the agreement's defects, art. 355 ¶2 for a bar found after filing. */
export function rejectionBasis(grounds: string[]): string {
  const r358 = items(grounds, REJECTION_GROUNDS);
  const r355 = items(grounds, REFUSAL_GROUNDS);
  const parts = [r355 && `第三百五十五条第一款${r355}、第二款`, r358 && `第三百五十八条${r358}`].filter(
    Boolean,
  );
  return `${CPL}第二百零五条、第二百零六条，${INTERPRETATION}${parts.join("、")}`;
}

/** 民事裁定书 on an agreement: confirmed valid, or the application rejected (CPL arts. 205–206). */
export const ruling: Builder = (w, { kase, committee, verification }) => {
  const c = kase.confirmations
    .filter((x) => x.status === "decided" && (x.outcome === "confirmed" || x.outcome === "rejected"))
    .at(-1)!;
  rulingHead(w, c, kase);
  const agreedOn = kase.agreement?.effectiveOn ?? c.appliedOn;
  w.para(
    `${applicationText(c, kase, committee.name)}本院于${chineseDate(c.filedOn ?? c.appliedOn)}立案后，依法进行了审查。`,
  );
  if (kase.agreement) w.para(`调解协议的主要内容为：${kase.agreement.terms}`);
  if (c.outcome === "confirmed") {
    w.para(
      `本院经审查认为，申请人达成的调解协议系双方真实意思表示，内容不违反法律、行政法规的强制性规定，不损害国家利益、社会公共利益和他人合法权益，不违背公序良俗，符合司法确认的条件。依照《中华人民共和国人民调解法》第三十三条、${CPL}第二百零五条、第二百零六条的规定，裁定如下：`,
    );
    w.para(`申请人于${chineseDate(agreedOn)}经${committee.name}主持调解达成的调解协议有效。`);
    w.para(
      "当事人应当按照调解协议的约定自觉履行义务。一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院申请执行。",
    );
  } else {
    const grounds = c.grounds.map(groundLabel).join("；");
    w.para(
      `本院经审查认为，本案存在下列情形：${grounds}。${c.reasons ?? ""}依照${rejectionBasis(c.grounds)}的规定，裁定如下：`,
    );
    w.para("驳回申请人的司法确认申请。");
    w.para("申请人可以通过调解方式变更原调解协议或者达成新的调解协议，也可以向人民法院提起诉讼。");
  }
  w.para("本裁定书自即日起发生法律效力。");
  rulingFoot(w, c, verification);
};

/** 强制执行申请书: after a confirmed agreement is not performed, the obligee applies to the court. */
export const enforcementApplication: Builder = (w, { kase, committee, verification }) => {
  const c = kase.confirmations.filter((x) => x.status === "decided" && x.outcome === "confirmed").at(-1)!;
  const open = (kase.agreement?.obligations ?? []).filter((o) => !o.performedOn);
  const obligees = kase.parties.filter((p) => open.some((o) => o.obligeePartyId === p.id));
  const obligors = kase.parties.filter((p) => open.some((o) => o.obligorPartyId === p.id));
  w.title("强制执行申请书");
  for (const p of obligees) w.labelled("申请执行人", partyParticulars(p));
  for (const p of obligors) w.labelled("被执行人", partyParticulars(p));
  w.heading("执行依据：");
  w.para(`${c.courtName}${c.number ?? ""}民事裁定书（确认${committee.name}${kase.number}调解协议有效）。`);
  w.heading("执行请求：");
  open.forEach((o, i) =>
    w.para(
      `${i + 1}. 责令被执行人${o.obligor}履行：${o.content}${o.amountFen ? `，金额${amountPhrase(o.amountFen)}` : ""}（约定期限：${chineseDate(o.dueOn)}）。`,
    ),
  );
  w.heading("事实和理由：");
  w.para(
    `申请执行人与被执行人之间的${kase.typeName}纠纷，经${committee.name}调解达成调解协议，${c.courtName}于${chineseDate(c.decidedOn ?? c.appliedOn)}裁定确认该协议有效。被执行人至今未按协议履行上述义务，依照《中华人民共和国人民调解法》第三十三条的规定，特申请强制执行。`,
  );
  w.gap();
  w.para("此致", { indent: true });
  w.para(c.courtName, { indent: false });
  w.gap();
  w.signatures(obligees.map((p) => ({ label: `申请执行人 ${p.name}（签名或按指印）` })));
  w.verification(verification);
};
