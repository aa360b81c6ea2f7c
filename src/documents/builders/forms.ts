import { chineseDate, amountInCapitals, amountInFigures, amountPhrase } from "../chinese-format.js";
import { between, dateOrBlank, partyParticulars, sideLabel, signatureLines } from "../text.js";
import { LABELS } from "../../cases/labels.js";
import { noticeBlocks, noticeSalutation, onlineConsentLine } from "../notice-text.js";
import type { Builder } from "./context.js";
import { partyAccess } from "./party-access.js";

/** 人民调解申请书: drawn from the registration, for the applicants to sign. */
export const application: Builder = (w, { kase, committee, verification }) => {
  w.title("人民调解申请书");
  for (const p of kase.parties) w.labelled(sideLabel(p), partyParticulars(p));
  w.gap();
  w.labelled("纠纷类型", `${kase.typeName}纠纷`);
  w.heading("纠纷事实与请求：");
  w.para(kase.summary);
  w.gap();
  w.para(`特向你委员会申请调解。`);
  w.para("此致", { indent: true });
  w.para(committee.name, { indent: false });
  w.gap();
  w.signatures(
    kase.parties.filter((p) => p.side === "applicant").flatMap((p) => signatureLines(p, "申请人")),
  );
  w.right(dateOrBlank(kase.registeredOn));
  w.verification(verification);
};

/** 人民调解受理登记表. */
export const registration: Builder = (w, { kase, committee, regionPath, registeredBy, verification }) => {
  w.title("人民调解受理登记表");
  w.right(kase.number);
  const lead = kase.assignments
    .filter((a) => !a.endedAt)
    .map((a) => `${a.mediatorName}（${LABELS.assignmentRole[a.role]}）`);
  const handling =
    kase.status === "declined"
      ? `不予受理（${chineseDate(kase.concludedOn ?? kase.registeredOn)}）`
      : kase.acceptedOn
        ? `${chineseDate(kase.acceptedOn)}受理`
        : "待受理";
  w.table(
    [
      ["纠纷来源", LABELS.source[kase.source as keyof typeof LABELS.source] ?? kase.source],
      ["纠纷类型", `${kase.typeName}纠纷`],
      ["登记日期", chineseDate(kase.registeredOn)],
      ...kase.parties.map((p) => [sideLabel(p), partyParticulars(p)]),
      ["纠纷发生地", `${regionPath}${kase.address ? ` ${kase.address}` : ""}`],
      ["发生日期", kase.occurredOn ? chineseDate(kase.occurredOn) : ""],
      [
        "涉及金额",
        kase.amountFen ? `${amountInFigures(kase.amountFen)}（${amountInCapitals(kase.amountFen)}）` : "",
      ],
      ["涉及人数", kase.peopleInvolved ? `${kase.peopleInvolved} 人` : ""],
      ["风险等级", LABELS.risk[kase.riskLevel]],
      ["纠纷简要情况", kase.summary],
      ["受理情况", handling],
      ["承办调解员", lead.join("、")],
      ["登记人", registeredBy ?? ""],
    ],
    [1, 4],
    { boldFirstColumn: true, size: 11 },
  );
  w.seal(committee.sealName, dateOrBlank(kase.registeredOn));
  w.verification(verification);
};

/** 人民调解告知书: the nature, principles and effect of mediation and the parties' rights and duties (GD30). */
export const notice: Builder = (w, { kase, committee, verification, portalUrl }) => {
  w.title("人民调解告知书");
  w.right(kase.number);
  w.para(noticeSalutation(kase), { indent: false });
  // The words are shared with the parties' phones (src/documents/notice-text.ts).
  for (const b of noticeBlocks(kase)) {
    if (b.kind === "list") for (const t of b.items) w.para(t);
    else if (b.kind === "heading") w.heading(b.text);
    else w.para(b.text);
  }
  w.gap();
  w.para("以上内容已书面告知，我已知悉。", { indent: true });
  w.signatures(kase.parties.map((p) => ({ label: `${sideLabel(p)} ${p.name}` })));
  for (const line of kase.parties.map(onlineConsentLine)) if (line) w.para(line, { indent: false });
  w.seal(committee.sealName, dateOrBlank(kase.consentNoticeOn));
  // Where the parties follow the case on their phones (not case data: outside the fingerprint).
  partyAccess(w, portalUrl);
  w.verification(verification);
};

/** 口头协议登记表: an oral agreement takes effect the day it is reached; the mediator records it (RL28). */
export const oralAgreement: Builder = (w, { kase, committee, verification }) => {
  const a = kase.agreement!;
  w.title("口头调解协议登记表");
  w.right(kase.number);
  const lead = kase.assignments.find((x) => !x.endedAt && x.role === "lead");
  w.table(
    [
      ["当事人", kase.parties.map((p) => `${sideLabel(p)}：${partyParticulars(p)}`).join("\n")],
      ["纠纷类型", `${kase.typeName}纠纷`],
      ["纠纷简要情况", kase.summary],
      ["协议内容", a.terms],
      [
        "履行义务",
        a.obligations
          .map(
            (o, i) =>
              `${i + 1}. ${o.obligor}于${chineseDate(o.dueOn)}前向${o.obligee}${o.content}${o.amountFen ? `，${amountPhrase(o.amountFen)}` : ""}`,
          )
          .join("\n"),
      ],
      ["达成日期", chineseDate(a.effectiveOn)],
      ["调解员", lead?.mediatorName ?? ""],
    ],
    [1, 4],
    { boldFirstColumn: true, size: 11 },
  );
  w.para("口头调解协议自各方当事人达成协议之日起生效。", { size: 11 });
  w.signatures([{ label: "调解员（签名）" }]);
  w.seal(committee.sealName, chineseDate(a.effectiveOn));
  w.verification(verification);
};

/** 回访记录. */
export const followUp: Builder = (w, { kase, committee, verification }, ref) => {
  const f = kase.followUps.find((x) => String(x.id) === ref)!;
  w.title("人民调解回访记录");
  w.right(kase.number);
  w.table(
    [
      ["当事人", between(kase.parties)],
      ["纠纷类型", `${kase.typeName}纠纷`],
      ["协议内容", kase.agreement?.terms ?? ""],
      ["回访日期", chineseDate(f.visitedOn)],
      ["回访方式", LABELS.followUpMethod[f.method as keyof typeof LABELS.followUpMethod] ?? f.method],
      ["履行情况", LABELS.performed[f.performed as keyof typeof LABELS.performed] ?? f.performed],
      [
        "当事人满意度",
        LABELS.satisfaction[f.satisfaction as keyof typeof LABELS.satisfaction] ?? f.satisfaction,
      ],
      ["回访情况", f.note ?? ""],
      ["回访人", f.recordedBy],
    ],
    [1, 4],
    { boldFirstColumn: true, size: 11 },
  );
  w.seal(committee.sealName, chineseDate(f.visitedOn));
  w.verification(verification);
};
