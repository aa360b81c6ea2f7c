import { amountPhrase, beijingDateTime, chineseDate, smallNumber } from "../chinese-format.js";
import { allParties, between, dateOrBlank, partyParticulars, sideLabel } from "../text.js";
import type { Builder } from "./context.js";
import { drawESignatures, drawSigningRecord } from "./e-signed.js";
import { LABELS } from "../../cases/labels.js";
import { attendanceText } from "../../video/attendance.js";

/** 调解笔录 (RL27): one session, signed by those present. */
export const sessionRecord: Builder = (w, { kase, committee, verification }, ref) => {
  const s = kase.sessions.find((x) => String(x.seq) === ref)!;
  // Those who mediated this session, as recorded with it (see src/cases/session-mediators.ts).
  const mediators = s.mediators.filter((m) => m.role !== "invited");
  const invited = s.mediators.filter((m) => m.role === "invited");
  w.title("人民调解笔录", `（第 ${s.seq} 次）`);
  w.right(kase.number);
  w.table(
    [
      ["时间", beijingDateTime(s.heldAt)],
      [
        "地点",
        `${LABELS.place[s.placeKind as keyof typeof LABELS.place] ?? s.placeKind}${s.place ? `（${s.place}）` : ""}`,
      ],
      ["是否公开", s.isPublic ? "公开" : `不公开（${s.closedReason ?? ""}）`],
      ["调解员", mediators.map((m) => (m.role === "lead" ? `${m.name}（主持）` : m.name)).join("、")],
      ...(invited.length ? [["邀请参与人员", invited.map((m) => m.name).join("、")]] : []),
      ["记录人", s.recordedBy],
      ["参加人员", s.attendees.map((a) => `${a.name}（${a.role}）`).join("、")],
      ["案由", `${between(kase.parties)}${kase.typeName}纠纷`],
    ],
    [1, 4],
    { boldFirstColumn: true, size: 11 },
  );
  if (s.online) {
    // 视频调解 (src/video/): said on the paper, with each participant's entry and exit.
    w.para("本次调解通过视频方式在线进行。参加人员进入和离开视频调解的时间（北京时间）：", { size: 11 });
    w.para(s.online.map(attendanceText).join("；") + "。", { size: 11 });
  }
  if (s.applicantStatement) {
    w.heading("申请人陈述：");
    w.para(s.applicantStatement);
  }
  if (s.respondentStatement) {
    w.heading("被申请人陈述：");
    w.para(s.respondentStatement);
  }
  if (s.proposals) {
    w.heading("调解意见和方案：");
    w.para(s.proposals);
  }
  w.heading("调解经过：");
  w.para(s.record);
  w.heading("调解结果：");
  w.para(LABELS.sessionOutcome[s.outcome as keyof typeof LABELS.sessionOutcome] ?? s.outcome);
  w.gap();
  w.para("以上笔录已向参加人员宣读（或经其阅看），确认无误。", { indent: true, size: 11 });
  w.signatures([
    ...s.attendees.map((a) => ({ label: `${a.role} ${a.name}` })),
    ...(mediators.length ? mediators.map((m) => ({ label: `调解员 ${m.name}` })) : [{ label: "调解员" }]),
    { label: "记录人" },
  ]);
  w.para(committee.name, { align: "right", indent: false });
  w.verification(verification);
};

/** 人民调解协议书 (RL29, GD35): particulars, facts, matters, responsibilities, terms, performance, signatures, seal. */
export const agreement: Builder = (w, ctx) => {
  const { kase, committee, verification } = ctx;
  const a = kase.agreement!;
  const all = allParties(kase.parties);
  w.title("人民调解协议书");
  w.right(kase.number);
  for (const p of kase.parties) w.labelled(sideLabel(p), partyParticulars(p));
  w.heading("纠纷主要事实、争议事项：");
  w.para(a.facts ?? "");
  if (a.disputedMatters) w.para(`争议事项：${a.disputedMatters}`);
  w.heading("各方当事人的责任：");
  w.para(a.responsibilities ?? "");
  w.heading(`经本委员会调解，${all}自愿达成如下协议：`);
  w.para(a.terms);
  w.heading("履行方式、地点和期限：");
  a.obligations.forEach((o, i) => {
    const where = o.place ? `在${o.place}` : "";
    const how = o.manner ? `以${o.manner}方式` : "";
    const money = o.amountFen ? `，金额${amountPhrase(o.amountFen)}` : "";
    w.para(
      `${i + 1}. ${o.obligor}于${dateOrBlank(o.dueOn)}前${where}${how}向${o.obligee}${o.content}${money}。`,
    );
  });
  w.gap(0.4);
  // One copy per party plus at least one for the committee (RL29); the action refuses fewer.
  const copies = Math.max(a.copies ?? 0, kase.parties.length + 1);
  w.para(
    `本协议一式${smallNumber(copies)}份，当事人各执一份，人民调解委员会留存${smallNumber(copies - kase.parties.length)}份。`,
  );
  w.para("本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。");
  w.para(
    `经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。${all}可以自本协议生效之日起三十日内共同向人民法院申请司法确认。`,
  );
  w.gap();
  // Signed on the phone (src/signing/): the handwritten images, the seal image, the signature record.
  if (a.eSigned) {
    drawESignatures(w, ctx, a.eSigned);
    w.verification(verification);
    drawSigningRecord(w, ctx, a.eSigned);
    return;
  }
  const signed = new Map(a.signatures.map((s) => [s.partyId, s]));
  w.signatures([
    ...kase.parties.flatMap((p) => {
      const s = signed.get(p.id);
      const date = s ? chineseDate(s.signedOn) : undefined;
      const how = s ? LABELS.signMethod[s.method as keyof typeof LABELS.signMethod] : null;
      // An organisation seals, and its legal representative signs.
      return p.kind === "organisation"
        ? [
            { label: `${sideLabel(p)} ${p.name}（${how ?? "盖章"}）`, date },
            { label: `法定代表人 ${p.legalRepresentative ?? ""}（签名）`, date },
          ]
        : [{ label: `${sideLabel(p)} ${p.name}（${how ?? "签名或按指印"}）`, date }];
    }),
    { label: "人民调解员（签名）", date: a.mediatorSignedOn ? chineseDate(a.mediatorSignedOn) : undefined },
  ]);
  w.seal(committee.sealName, dateOrBlank(a.sealedOn ?? a.effectiveOn));
  w.verification(verification);
};
