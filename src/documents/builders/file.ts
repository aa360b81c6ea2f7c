import { chineseDate } from "../chinese-format.js";
import type { DocWriter } from "../pdf.js";
import { names } from "../text.js";
import type { Builder, DocContext } from "./context.js";

const OUTCOME: Record<string, string> = {
  success: "调解成功",
  failure: "调解不成",
  prevented: "当场化解",
  declined: "不予受理",
};

const AGREED = ["agreement", "awaiting_confirmation", "confirmed", "confirmation_rejected", "performed"];

function result(kase: DocContext["kase"]): string {
  if (kase.outcome) return OUTCOME[kase.outcome] ?? kase.outcome;
  if (AGREED.includes(kase.status)) return "达成调解协议（尚未结案）";
  if (kase.status === "terminated") return "调解终止（尚未结案）";
  return "办理中";
}

/** 卷宗封面. */
export const fileCover: Builder = (w, { kase, committee, verification }) => {
  w.gap(3);
  w.doc.font("serif-bold").fontSize(30).text("人民调解卷宗", { align: "center", characterSpacing: 8 });
  w.gap(3);
  const lead = kase.assignments.filter((a) => a.role === "lead").map((a) => a.mediatorName);
  w.table(
    [
      ["调解委员会", committee.name],
      ["案号", kase.number],
      ["案由", `${kase.typeName}纠纷`],
      ["申请人", names(kase.parties, "applicant")],
      ["被申请人", names(kase.parties, "respondent")],
      ["受理日期", kase.acceptedOn ? chineseDate(kase.acceptedOn) : ""],
      ["结案日期", kase.closedOn ? chineseDate(kase.closedOn) : ""],
      ["调解结果", result(kase)],
      ["调解员", [...new Set(lead)].join("、")],
      ["保管期限", "长期"],
    ],
    [1, 3],
    { boldFirstColumn: true, size: 14 },
  );
  w.gap(2);
  w.verification(verification);
};

export interface IndexEntry {
  title: string;
  date: string | null;
  firstPage: number;
  lastPage: number;
}

/**
 * The papers a case file holds that the system does not print (RL27; legal.md "Case file"): each
 * party's identity proof and each agent's power of attorney. Until uploaded evidence exists they
 * are bound in by hand and listed in the index as 另附, with their count.
 */
export function attachedPapers(kase: DocContext["kase"]): { title: string; count: number }[] {
  const agents = kase.parties.filter((p) => p.agent).length;
  return [
    { title: "当事人身份证明", count: kase.parties.length },
    { title: "委托代理人身份证明及授权委托书", count: agents },
  ].filter((x) => x.count > 0);
}

/** 卷内目录: every document in the file with its pages, then the papers bound in by hand (另附). */
export function drawFileIndex(w: DocWriter, ctx: DocContext, entries: IndexEntry[]): void {
  w.title("卷内目录");
  w.right(ctx.kase.number);
  w.table(
    [
      ["序号", "文书名称", "日期", "页号"],
      ...entries.map((e, i) => [
        String(i + 1),
        e.title,
        e.date ? chineseDate(e.date) : "",
        e.firstPage === e.lastPage ? String(e.firstPage) : `${e.firstPage}–${e.lastPage}`,
      ]),
      ...attachedPapers(ctx.kase).map((x, i) => [
        String(entries.length + i + 1),
        `${x.title}（${x.count} 份）`,
        "",
        "另附",
      ]),
    ],
    [0.6, 3.4, 1.6, 1],
    { header: true, size: 11 },
  );
  w.verification(ctx.verification);
}

/** 卷内备考表, the back cover: how much the file holds and who put it together. */
export function drawBackCover(w: DocWriter, ctx: DocContext, documents: number, pages: number): void {
  w.title("卷内备考表");
  w.right(ctx.kase.number);
  w.para(`本卷共有文书材料 ${documents} 件，共 ${pages} 页（含封面、目录和本表）。`);
  const attached = attachedPapers(ctx.kase);
  if (attached.length)
    w.para(`另附${attached.map((x) => `${x.title} ${x.count} 份`).join("、")}，未编页号。`);
  w.para("本卷情况说明：", { indent: true });
  w.gap(4);
  w.signatures([{ label: "立卷人" }, { label: "检查人" }]);
}
