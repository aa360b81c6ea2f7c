import { REJECTION_GROUND_LABELS, type RejectionGround } from "../../confirmations/periods.js";
import { amountInCapitals, chineseDate } from "../chinese-format.js";
import { partyParticulars } from "../text.js";
import type { Builder } from "./context.js";

/** 民事裁定书: the court's ruling on a joint application for judicial confirmation. */
export const ruling: Builder = (w, { kase, committee, verification }) => {
  const c = kase.confirmations.filter((x) => x.status === "decided").at(-1)!;
  w.doc.font("serif-bold").fontSize(16).text(w.fix(c.courtName), { align: "center", characterSpacing: 2 });
  w.gap(0.3);
  w.title("民事裁定书");
  w.right(c.number ?? "");
  for (const p of kase.parties) w.labelled("申请人", partyParticulars(p));
  w.gap(0.4);
  const agreedOn = kase.agreement?.effectiveOn ?? c.appliedOn;
  w.para(
    `申请人${kase.parties.map((p) => p.name).join("、")}于${chineseDate(c.appliedOn)}向本院申请确认其于${chineseDate(agreedOn)}经${committee.name}主持调解达成的调解协议（${kase.number}）的效力。本院于${chineseDate(c.filedOn ?? c.appliedOn)}立案后，依法进行了审查。`,
  );
  if (kase.agreement) w.para(`调解协议的主要内容为：${kase.agreement.terms}`);
  if (c.outcome === "confirmed") {
    w.para(
      "本院经审查认为，申请人达成的调解协议系双方真实意思表示，内容不违反法律、行政法规的强制性规定，不损害国家利益、社会公共利益和他人合法权益，符合司法确认的条件。依照《中华人民共和国人民调解法》第三十三条、《中华人民共和国民事诉讼法》关于确认调解协议案件的规定，裁定如下：",
    );
    w.para(`申请人于${chineseDate(agreedOn)}经${committee.name}主持调解达成的调解协议有效。`);
    w.para(
      "当事人应当按照调解协议的约定自觉履行义务。一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院申请执行。",
    );
  } else {
    const grounds = c.grounds.map((g) => REJECTION_GROUND_LABELS[g as RejectionGround] ?? g).join("；");
    w.para(
      `本院经审查认为，该调解协议存在下列情形：${grounds}。${c.reasons ?? ""}依照《中华人民共和国人民调解法》第三十三条、《中华人民共和国民事诉讼法》关于确认调解协议案件的规定，裁定如下：`,
    );
    w.para("驳回申请人的司法确认申请。");
    w.para("申请人可以通过调解方式变更原调解协议或者达成新的调解协议，也可以向人民法院提起诉讼。");
  }
  w.para("本裁定书自即日起发生法律效力。");
  w.gap();
  w.right(`审判员　${c.judgeName ?? ""}`);
  w.right(chineseDate(c.decidedOn ?? c.appliedOn));
  w.right("（院印）");
  w.right("书记员　　　　　　");
  w.verification(verification);
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
      `${i + 1}. 责令被执行人${o.obligor}履行：${o.content}${o.amountFen ? `，金额人民币${(o.amountFen / 100).toFixed(2)}元（${amountInCapitals(o.amountFen)}）` : ""}（约定期限：${chineseDate(o.dueOn)}）。`,
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
