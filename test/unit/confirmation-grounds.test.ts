import { describe, expect, it } from "vitest";
import { nextSteps, outcomeLabel, rulingPhrase } from "../../src/confirmations/next-steps.js";
import {
  currentGround,
  groundLabel,
  isRefusalGround,
  LEGACY_GROUNDS,
  REJECTION_GROUND_LABELS,
} from "../../src/confirmations/periods.js";
import { items, rejectionBasis } from "../../src/documents/builders/ruling.js";

describe("the grounds of 民诉法解释 arts. 355 and 358", () => {
  it("lists art. 358's six items in its words and order", () => {
    expect(Object.values(REJECTION_GROUND_LABELS)).toEqual([
      "违反法律强制性规定",
      "损害国家利益、社会公共利益、他人合法权益",
      "违背公序良俗",
      "违反自愿原则",
      "内容不明确",
      "其他不能进行司法确认的情形",
    ]);
  });

  it("reads every legacy code as a current ground", () => {
    for (const code of Object.keys(LEGACY_GROUNDS)) expect(currentGround(code), code).not.toBeNull();
    expect(groundLabel("coerced")).toBe("违反自愿原则");
    expect(groundLabel("criminal")).toBe("其他不能进行司法确认的情形");
    expect(groundLabel("identity")).toContain("身份关系");
    expect(isRefusalGround("identity")).toBe(true);
    expect(isRefusalGround("unclear")).toBe(false);
    expect(currentGround("made_up")).toBeNull();
  });

  it("cites the items in the article's order, each once", () => {
    expect(
      items(["other", "violates_law", "mandatory_law"], ["mandatory_law", "x", "y", "z", "q", "other"]),
    ).toBe("第（一）项、第（六）项");
    expect(rejectionBasis(["unclear"])).toBe(
      "《中华人民共和国民事诉讼法》第二百零五条、第二百零六条，《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第三百五十八条第（五）项",
    );
    expect(rejectionBasis(["rights_title", "public_order"])).toContain(
      "第三百五十五条第一款第（五）项、第二款、第三百五十八条第（三）项",
    );
  });
});

describe("how an application ended and what comes next", () => {
  const base = { grounds: [], windowEndsOn: "2026-10-09" };
  it("names each outcome", () => {
    expect(outcomeLabel({ outcome: "withdrawn", withdrawalKind: "deemed" })).toBe("按撤回申请处理");
    expect(outcomeLabel({ outcome: "withdrawn", withdrawalKind: "party" })).toBe("准许撤回");
    expect(rulingPhrase({ outcome: "confirmed" })).toBe("已裁定调解协议有效");
    expect(rulingPhrase({ outcome: "refused" })).toBe("已裁定不予受理");
    expect(outcomeLabel({ outcome: null })).toBeNull();
  });

  it("points a refusal for want of jurisdiction to the competent court within the 30 days", () => {
    const steps = nextSteps({ ...base, outcome: "refused", grounds: ["no_jurisdiction"] }).join("");
    expect(steps).toContain("至2026年10月9日");
    expect(steps).toContain("向有管辖权的人民法院共同申请司法确认");
    expect(nextSteps({ ...base, outcome: "refused", grounds: ["rights_title"] }).join("")).not.toContain(
      "有管辖权",
    );
    expect(nextSteps({ ...base, outcome: "rejected" }).join("")).toContain("民事诉讼法第二百零六条");
    expect(nextSteps({ ...base, outcome: null })).toEqual([]);
    const all = nextSteps({ ...base, outcome: "withdrawn" });
    const court = nextSteps({ ...base, outcome: "withdrawn" }, true);
    expect(all[0]).toContain("人民调解法第三十一条");
    expect(court).toEqual(all.slice(1));
  });
});
