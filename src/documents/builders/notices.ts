import { chineseDate } from "../chinese-format.js";
import { between, dateOrBlank, names, partyParticulars, signatureLines } from "../text.js";
import type { Builder } from "./context.js";
import { LABELS } from "../../cases/labels.js";
import { MATERIALS } from "../../cases/labels.js";

/** How a case reached the committee, as a 不予受理告知书 states it (all but an application). */
const ORIGIN: Record<string, (date: string) => string> = {
  initiative: (d) => `本委员会于${d}主动登记`,
  grid_report: (d) => `网格员于${d}上报本委员会`,
  hotline: (d) => `12345 热线于${d}转交本委员会`,
  court_referral: (d) => `人民法院于${d}委派本委员会调解`,
  police_referral: (d) => `公安机关于${d}移送本委员会调解`,
  petition: (d) => `信访部门于${d}转交本委员会`,
};

/** 不予受理告知书: the ground and where the parties can go instead (GD22), worded by how the case came. */
export const declineNotice: Builder = (w, { kase, committee, verification }) => {
  w.title("不予受理告知书");
  w.right(kase.number);
  const on = chineseDate(kase.registeredOn);
  const origin = ORIGIN[kase.source];
  const ground = `经审查，${kase.conclusionNote ?? ""}。依照《人民调解工作若干规定》第二十二条的规定，本委员会决定不予受理。`;
  if (origin) {
    w.para(`${names(kase.parties)}：`, { indent: false });
    w.para(`${between(kase.parties)}之间的${kase.typeName}纠纷，由${origin(on)}。${ground}`);
    w.para(`当事人可以通过以下途径解决：${kase.advice ?? ""}`);
  } else {
    w.para(`${names(kase.parties, "applicant")}：`, { indent: false });
    w.para(
      `你（们）于${on}申请调解的与${names(kase.parties, "respondent")}之间的${kase.typeName}纠纷，${ground}`,
    );
    w.para(`你（们）可以通过以下途径解决：${kase.advice ?? ""}`);
  }
  w.para("特此告知。");
  w.seal(committee.sealName, dateOrBlank(kase.concludedOn));
  w.verification(verification);
};

/** 终止调解告知书 (RL26): why mediation ended and which avenues remain. */
export const terminationNotice: Builder = (w, { kase, committee, verification }) => {
  w.title("终止调解告知书");
  w.right(kase.number);
  w.para(`${names(kase.parties)}：`, { indent: false });
  w.para(
    `${between(kase.parties)}之间的${kase.typeName}纠纷，本委员会于${dateOrBlank(kase.acceptedOn)}受理。经调解，${kase.conclusionNote ?? "未能达成调解协议"}。依照《中华人民共和国人民调解法》第二十六条的规定，本委员会决定终止调解。`,
  );
  w.para(`当事人可以依法通过仲裁、行政、司法等途径维护自己的权利。${kase.advice ?? ""}`);
  w.para("特此告知。");
  w.seal(committee.sealName, dateOrBlank(kase.concludedOn));
  w.verification(verification);
};

/** 司法确认申请书 (SQ3): the parties' joint application to the basic court. */
export const confirmationApplication: Builder = (w, { kase, committee, courtName, verification }) => {
  // Printed before it is filed (a draft, 待签署): no application recorded yet, date and materials by hand.
  const c = verification === null ? undefined : kase.confirmations.at(-1);
  const a = kase.agreement!;
  w.title("司法确认申请书");
  for (const p of kase.parties) w.labelled("申请人", partyParticulars(p));
  w.heading("请求事项：");
  w.para(
    `请求确认申请人于${chineseDate(a.effectiveOn)}经${committee.name}调解达成的人民调解协议（${kase.number}）有效。`,
  );
  w.heading("事实和理由：");
  w.para(
    `申请人之间因${kase.typeName}发生纠纷，经${committee.name}调解，于${chineseDate(a.effectiveOn)}自愿达成如下调解协议：${a.terms}`,
  );
  w.para(
    "申请人出于解决纠纷的目的自愿达成协议，没有恶意串通、规避法律的行为；如果因为该协议内容而给他人造成损害的，愿意承担相应的民事责任和其他法律责任。申请人已知悉司法确认的法律后果，特共同申请司法确认。",
  );
  w.gap();
  w.para("此致", { indent: true });
  w.para(courtName ?? "＿＿＿＿＿＿＿＿人民法院", { indent: false });
  w.gap();
  w.signatures(kase.parties.flatMap((p) => signatureLines(p, "申请人")));
  w.right(c ? chineseDate(c.appliedOn) : "　　年　　月　　日");
  // SQ3, 解释 art. 354: ■ what the application was recorded with, □ the rest, to tick by hand.
  w.heading("附（■ 已附；□ 未附，可手工勾选）：");
  for (const m of MATERIALS) {
    w.para(`${c?.materials.includes(m) ? "■" : "□"} ${LABELS.material[m]}`, { size: 11 });
  }
  w.verification(verification);
};
