import { describe, expect, it } from "vitest";
import { appWithFakes, type MatchPanel } from "../support/app-setup.js";
import { caseDetail, matchResult } from "../support/route-fixtures.js";

/** The 推荐调解员 panel as matching would hand it to the case page. */
function panel(over: Partial<MatchPanel> = {}): MatchPanel {
  return {
    caseId: 42,
    dates: ["2026-09-10"],
    languages: [],
    values: { dates: "2026-09-10", languages: "" },
    errors: undefined,
    shown: [
      {
        ...matchResult({ mediatorId: 7, name: "王秀英", rank: 1, score: 91 }),
        reasons: ["擅长邻里纠纷", "住在北洲村，熟悉当地情况"],
        linkable: true,
      },
      {
        ...matchResult({ mediatorId: 8, name: "赵<b>老</b>", rank: 2, score: 77, source: "县专家库" }),
        reasons: ["办结同类案件 12 件"],
        linkable: true,
      },
    ],
    total: 14,
    more: true,
    excluded: [
      matchResult({ mediatorId: 9, name: "周建国", rank: undefined, excluded: "是被申请人李四的亲属" }),
    ],
    excludedTotal: 1,
    teams: [],
    currentTeams: [],
    canAssign: true,
    canObject: false,
    ...over,
  };
}

describe("the case page's match panel (services.mediators.matching.panel)", () => {
  it("shows the candidates, their reasons and who is excluded and why, as matching explains them", async () => {
    const t = await appWithFakes({
      fakes: (f) => {
        f.cases.get.mockResolvedValue(caseDetail({ allowedActions: ["assign"] }));
        f.mediators.matching.panel.mockResolvedValue(panel());
      },
    });
    const res = await t.get("/cases/42?dates=2026-09-10").expect(200);

    expect(res.text).toContain("推荐调解员");
    expect(res.text).toContain("<strong>王秀英</strong>");
    expect(res.text).toContain("<li>擅长邻里纠纷</li><li>住在北洲村，熟悉当地情况</li>");
    expect(res.text).toContain("共 14 名候选人，显示前 2 名");
    expect(res.text).toContain('href="/cases/42/actions/assign?lead=7"');
    expect(res.text).toContain("<strong>周建国</strong>（专职/兼职调解员 · 本委员会）：是被申请人李四的亲属");
    // A name is text, never markup.
    expect(res.text).toContain("赵&lt;b&gt;老&lt;/b&gt;");
    expect(res.text).not.toContain("赵<b>");

    const [kase, query] = t.fakes.mediators.matching.panel.mock.calls[0]!;
    expect(kase.id).toBe(42);
    expect(query).toMatchObject({ dates: "2026-09-10" });
    expect(t.databasesOpened()).toBe(0);
  });

  it("offers no assign links when the user may not assign", async () => {
    const t = await appWithFakes({
      fakes: (f) => f.mediators.matching.panel.mockResolvedValue(panel({ canAssign: false })),
    });
    const res = await t.get("/cases/42").expect(200);
    expect(res.text).toContain("<strong>王秀英</strong>");
    expect(res.text).not.toContain("/actions/assign?lead=");
  });

  it("shows the panel's own errors and an empty list", async () => {
    const t = await appWithFakes({
      fakes: (f) =>
        f.mediators.matching.panel.mockResolvedValue(
          panel({
            shown: [],
            excluded: [],
            more: false,
            total: 0,
            errors: [{ field: "dates", message: "拟定调解日期应为日期，如 2026-09-12" }],
          }),
        ),
    });
    const res = await t.get("/cases/42?dates=9月12日").expect(200);
    expect(res.text).toContain("请修改以下 1 处");
    expect(res.text).toContain("拟定调解日期应为日期，如 2026-09-12");
    expect(res.text).toContain("没有可以推荐的调解员。");
  });

  it("has no panel once matching says the case can no longer be assigned", async () => {
    const t = await appWithFakes({
      fakes: (f) => f.cases.get.mockResolvedValue(caseDetail({ status: "closed" })),
    });
    const res = await t.get("/cases/42").expect(200);
    expect(res.text).toContain("（2026）北洲调字第42号");
    expect(res.text).not.toContain('id="match-panel"');
    expect(t.fakes.mediators.matching.panel).toHaveBeenCalledOnce();
  });
});

describe("the case page folded for a phone, and printed", () => {
  const lead = {
    id: 1,
    mediatorId: 7,
    mediatorName: "王秀英",
    mediatorKind: "committee",
    userId: null,
    role: "lead" as const,
    partiesConsented: true,
    assignedAt: "2026-09-03T02:00:00.000Z",
    endedAt: null,
    endReason: null,
  };

  it("folds the 推荐调解员 panel once the case has a lead mediator, unless the panel was just asked", async () => {
    const t = await appWithFakes({
      fakes: (f) => {
        f.cases.get.mockResolvedValue(caseDetail({ status: "in_mediation", assignments: [lead] }));
        f.mediators.matching.panel.mockResolvedValue(panel());
      },
    });
    const folded = (await t.get("/cases/42").expect(200)).text;
    expect(folded).toMatch(
      /<details class="more">\s*<summary class="fold-hint">本案已有主持调解员。展开推荐名单（14 名候选人）/,
    );
    // Folded, not gone: every candidate is still in the page.
    expect(folded).toContain("<strong>王秀英</strong>");
    const asked = (await t.get("/cases/42?dates=2026-09-12").expect(200)).text;
    expect(asked).not.toContain("本案已有主持调解员");
    expect(asked).toContain("<strong>王秀英</strong>");
  });

  it("carries its print date, print-only, in Beijing time", async () => {
    const t = await appWithFakes();
    const res = await t.get("/cases/42").expect(200);
    // CLOCK: 02:00 UTC on 10 September 2026.
    expect(res.text).toContain('<p class="print-only">打印时间：2026年9月10日 10:00</p>');
  });

  it("has no 现在可以 heading when no action button is offered", async () => {
    const only = await appWithFakes({
      fakes: (f) => f.cases.get.mockResolvedValue(caseDetail({ allowedActions: ["update-party"] })),
    });
    const res = await only.get("/cases/42").expect(200);
    expect(res.text).not.toContain("现在可以");
    // The correction stays where it belongs, in the parties table.
    expect(res.text).toContain('href="/cases/42/actions/update-party?party=1"');

    const some = await appWithFakes({
      fakes: (f) => f.cases.get.mockResolvedValue(caseDetail({ allowedActions: ["update-party", "assign"] })),
    });
    const text = (await some.get("/cases/42").expect(200)).text;
    expect(text).toContain("<h2>现在可以</h2>");
    expect(text).toContain('<a class="btn btn-primary" href="/cases/42/actions/assign">');
  });
});
