import { describe, expect, it } from "vitest";
import { PANEL_SIZE } from "../../src/mediators/matching-service.js";
import type { MatchReport } from "../../src/mediators/matching-service.js";
import type { RosterEntry } from "../../src/mediators/roster.js";
import { appWithFakes, type FakeServices } from "../support/app-setup.js";
import { caseDetail, matchResult } from "../support/route-fixtures.js";

/**
 * The assign form (GET /cases/:id/actions/assign): the committee's own mediators from the
 * roster, then the best candidates from elsewhere, each with matching's hint, and the teams.
 */
const ROSTER: RosterEntry[] = [
  { mediatorId: 3, name: "刘红", kind: "staff", kindLabel: "专职/兼职调解员", userId: 31, phone: null },
];

const REPORT: MatchReport = {
  caseId: 42,
  caseNumber: "（2026）北洲调字第42号",
  dates: ["2026-09-10"],
  languages: [],
  results: [
    matchResult({
      mediatorId: 7,
      name: "王秀英",
      kind: "expert",
      kindLabel: "专家调解员",
      source: "县专家库",
      rank: 1,
      score: 91,
      reasons: ["擅长邻里纠纷", "住在北洲村", "在办案件少", "第四条不显示"],
    }),
    matchResult({ mediatorId: 3, name: "刘红", rank: 2, score: 70, reasons: ["本委员会调解员"] }),
    matchResult({
      mediatorId: 9,
      name: "周建国",
      source: "南塘村“五老”",
      rank: undefined,
      score: 0,
      excluded: "是被申请人李四的亲属",
    }),
  ],
  ranked: 2,
  excluded: 1,
  teams: [
    {
      teamId: 5,
      name: "北洲五老调解队",
      kind: "five_elders",
      kindLabel: "“五老”调解队",
      leadMediatorId: 3,
      leadName: "刘红",
      score: 85,
      reasons: ["团队成员熟悉当地"],
      members: [
        { mediatorId: 3, name: "刘红" },
        { mediatorId: 9, name: "周建国", excluded: "是被申请人李四的亲属" },
      ],
    },
  ],
};

const withChoices = (f: FakeServices) => {
  f.cases.get.mockResolvedValue(caseDetail({ allowedActions: ["assign"] }));
  f.mediators.matching.roster.mockResolvedValue(ROSTER);
  f.mediators.matching.matchesFor.mockResolvedValue(REPORT);
};

describe("the assign form's choices (services.mediators.matching)", () => {
  it("lists the committee's mediators, then the best from elsewhere, with matching's reasons", async () => {
    const t = await appWithFakes({ fakes: withChoices });
    const res = await t.get("/cases/42/actions/assign").expect(200);

    expect(res.text).toContain("<h1>指派调解员</h1>");
    expect(res.text).toContain('<form method="post" action="/cases/42/actions/assign"');
    expect(res.text).toMatch(/name="_csrf" value="[^"]+"/);
    expect(res.text).toContain('<input type="hidden" name="version" value="3">');

    const own = res.text.slice(
      res.text.indexOf('id="committee-mediators"'),
      res.text.indexOf('id="other-mediators"'),
    );
    expect(own).toContain('name="mediators[0][mediatorId]" value="3"');
    expect(own).toContain("刘红（专职/兼职调解员）");
    expect(own).toContain("推荐第 2 名（70 分）：本委员会调解员");

    const others = res.text.slice(
      res.text.indexOf('id="other-mediators"'),
      res.text.indexOf('id="team-assign"'),
    );
    expect(others).toContain('name="mediators[1][mediatorId]" value="7"');
    expect(others).toContain("王秀英（专家调解员 · 县专家库）");
    expect(others).toContain("推荐第 1 名（91 分）：擅长邻里纠纷；住在北洲村；在办案件少");
    expect(others).not.toContain("第四条不显示");
    // The excluded are not offered as choices from elsewhere.
    expect(res.text).not.toContain("周建国（");

    expect(res.text).toContain('<option value="5">北洲五老调解队（负责人刘红，得分 85）</option>');
    expect(res.text).toContain('<option value="3">北洲五老调解队：刘红</option>');
    expect(res.text).not.toContain("北洲五老调解队：周建国");

    const [kase, opts] = t.fakes.mediators.matching.matchesFor.mock.calls[0]!;
    expect(kase.id).toBe(42);
    expect(opts).toMatchObject({ limit: ROSTER.length + PANEL_SIZE, include: [3] });
    expect(t.fakes.mediators.matching.roster).toHaveBeenCalledWith(1);
    expect(t.databasesOpened()).toBe(0);
  });

  it("preselects the candidate the panel's link names as lead", async () => {
    const t = await appWithFakes({ fakes: withChoices });
    const res = await t.get("/cases/42/actions/assign?lead=7").expect(200);
    const select = res.text.slice(res.text.indexOf('name="mediators[1][role]"'));
    expect(select.slice(0, select.indexOf("</select>"))).toContain(
      '<option value="lead" selected>主持调解员</option>',
    );
    const first = res.text.slice(res.text.indexOf('name="mediators[0][role]"'));
    expect(first.slice(0, first.indexOf("</select>"))).not.toContain("selected");
  });

  it("offers only the roster when matching finds no one else, and no team", async () => {
    const t = await appWithFakes({
      fakes: (f) => {
        withChoices(f);
        f.mediators.matching.matchesFor.mockResolvedValue({ ...REPORT, results: [], teams: [] });
      },
    });
    const res = await t.get("/cases/42/actions/assign").expect(200);
    expect(res.text).toContain("刘红（专职/兼职调解员）");
    expect(res.text).toContain("不在本案可指派的调解员范围内");
    expect(res.text).not.toContain('id="other-mediators"');
    expect(res.text).not.toContain('id="team-assign"');
  });
});
