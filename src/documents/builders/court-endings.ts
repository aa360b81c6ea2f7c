import { nextSteps } from "../../confirmations/next-steps.js";
import { DEEMED_WITHDRAWAL_LABELS, groundLabel, REFUSAL_GROUNDS } from "../../confirmations/periods.js";
import { chineseDate } from "../chinese-format.js";
import type { Builder } from "./context.js";
import { applicationText, CPL, INTERPRETATION, items, rulingFoot, rulingHead } from "./ruling.js";

const one = (kase: Parameters<Builder>[1]["kase"], ref: string) =>
  kase.confirmations.find((c) => String(c.id) === ref)!;

/** 民事裁定书（不予受理）: the court refuses to file the application (CPL art. 205; 民诉法解释 art. 355 ¶1). */
export const refusalRuling: Builder = (w, { kase, committee, verification }, ref) => {
  const c = one(kase, ref);
  rulingHead(w, c, kase);
  w.para(applicationText(c, kase, committee.name));
  w.para(
    `本院经审查认为，本案存在下列不予受理的情形：${c.grounds.map(groundLabel).join("；")}。${c.reasons ?? ""}依照${CPL}第二百零五条，${INTERPRETATION}第三百五十五条第一款${items(c.grounds, REFUSAL_GROUNDS)}的规定，裁定如下：`,
  );
  w.para(`对申请人${kase.parties.map((p) => p.name).join("、")}的司法确认申请，本院不予受理。`);
  for (const step of nextSteps(c, true)) w.para(step);
  w.para("本裁定书自即日起发生法律效力。");
  rulingFoot(w, c, verification);
};

/**
 * 民事裁定书（准许撤回 / 按撤回申请处理）: the parties withdrew before the ruling (民诉法解释 art. 357 ¶1),
 * or did not supply what the court asked for or would not be questioned (¶2).
 */
export const withdrawalRuling: Builder = (w, { kase, committee, verification }, ref) => {
  const c = one(kase, ref);
  rulingHead(w, c, kase);
  const filed = c.filedOn ? `本院于${chineseDate(c.filedOn)}立案后，依法进行了审查。` : "";
  w.para(`${applicationText(c, kase, committee.name)}${filed}`);
  if (c.withdrawalKind === "deemed") {
    const ground = c.grounds[0] as keyof typeof DEEMED_WITHDRAWAL_LABELS;
    const asked =
      ground === "no_material" && c.materialRequest
        ? `本院于${chineseDate(c.materialRequestedOn ?? c.appliedOn)}要求申请人限期补充：${c.materialRequest}。`
        : "";
    w.para(
      `${asked}申请人${DEEMED_WITHDRAWAL_LABELS[ground] ?? ""}。${c.reasons ?? ""}依照${INTERPRETATION}第三百五十七条第二款的规定，裁定如下：`,
    );
    w.para("本案按申请人撤回司法确认申请处理。");
  } else {
    const who = kase.parties.filter((p) => (c.withdrawalPartyIds ?? []).includes(p.id)).map((p) => p.name);
    w.para(
      `在本院作出裁定前，申请人${who.join("、")}于${chineseDate(c.withdrawalRequestedOn ?? c.appliedOn)}向本院申请撤回司法确认申请${c.reasons ? `，理由是：${c.reasons.replace(/[。.]$/, "")}` : ""}。本院经审查认为，申请人撤回申请系其真实意思表示，且不违反法律规定，应予准许。依照${INTERPRETATION}第三百五十七条第一款的规定，裁定如下：`,
    );
    w.para(`准许申请人${who.join("、")}撤回司法确认申请。`);
  }
  for (const step of nextSteps(c, true)) w.para(step);
  w.para("本裁定书自即日起发生法律效力。");
  rulingFoot(w, c, verification);
};
