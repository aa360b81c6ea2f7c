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

/** The part of the page between two markers. */
const between = (text: string, from: string, to: string) => text.slice(text.indexOf(from), text.indexOf(to));

/** The mediators' labels in the order the form lists them. */
const labelsOf = (html: string) =>
  [...html.matchAll(/<label for="f-mediators\.\d+\.role">([^<]+)<\/label>/g)].map((m) => m[1]!);

describe("the assign form's choices (services.mediators.matching)", () => {
  it("lists the mediators in matching's order, the committee's and others' alike, with matching's reasons", async () => {
    const t = await appWithFakes({ fakes: withChoices });
    const res = await t.get("/cases/42/actions/assign").expect(200);

    expect(res.text).toContain("<h1>指派调解员</h1>");
    expect(res.text).toContain('<form method="post" action="/cases/42/actions/assign"');
    expect(res.text).toMatch(/name="_csrf" value="[^"]+"/);
    expect(res.text).toContain('<input type="hidden" name="version" value="3">');

    const list = between(res.text, 'id="mediator-choices"', 'id="team-assign"');
    // 王秀英 (ranked 1st, from the county pool) before 刘红 (the committee's own, 2nd).
    expect(labelsOf(list)).toEqual(["王秀英（专家调解员 · 县专家库）", "刘红（专职/兼职调解员 · 本委员会）"]);
    expect(list).toContain('name="mediators[0][mediatorId]" value="7"');
    expect(list).toContain("推荐第 1 名（91 分）：擅长邻里纠纷；住在北洲村；在办案件少");
    expect(list).not.toContain("第四条不显示");
    expect(list).toContain('name="mediators[1][mediatorId]" value="3"');
    expect(list).toContain("推荐第 2 名（70 分）：本委员会调解员");
    // Two mediators: nothing to fold. The excluded are not offered as choices from elsewhere.
    expect(list).not.toContain('id="more-mediators"');
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

  it("shows the best few of a long list, folds the rest, and keeps anyone on the case in view", async () => {
    // A committee of eight in directory order, ranked otherwise; one cannot serve; two from elsewhere.
    const names = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"];
    const roster: RosterEntry[] = names.map((name, i) => ({ ...ROSTER[0]!, mediatorId: 100 + i, name }));
    const ranks = [8, 3, 1, 9, undefined, 5, 2, 7]; // 戊 (undefined) is excluded
    const results = [
      ...names.map((name, i) =>
        matchResult({
          mediatorId: 100 + i,
          name,
          rank: ranks[i],
          score: 100 - (ranks[i] ?? 100),
          excluded: ranks[i] === undefined ? "在办案件已满" : undefined,
        }),
      ),
      matchResult({ mediatorId: 200, name: "壬", source: "南洲镇", rank: 4, score: 96 }),
      matchResult({ mediatorId: 201, name: "癸", source: "县专家库", rank: 6, score: 94 }),
    ];
    const t = await appWithFakes({
      fakes: (f) => {
        f.cases.get.mockResolvedValue(
          caseDetail({
            allowedActions: ["assign"],
            // 甲, 8th, leads the case now: shown however far down matching puts them.
            assignments: [{ ...caseDetail().assignments[0]!, mediatorId: 100, role: "lead", endedAt: null }],
          } as never),
        );
        f.mediators.matching.roster.mockResolvedValue(roster);
        f.mediators.matching.matchesFor.mockResolvedValue({ ...REPORT, results, teams: [] });
      },
    });
    const res = await t.get("/cases/42/actions/assign").expect(200);
    const all = between(res.text, 'id="mediator-choices"', '<fieldset class="field" id="f-chosenBy"');
    const more = all.slice(all.indexOf('<details id="more-mediators">'));
    const shown = all.slice(0, all.indexOf('<details id="more-mediators">'));
    const short = (labels: string[]) => labels.map((l) => l.slice(0, 1));
    expect(short(labelsOf(shown))).toEqual(["丙", "庚", "乙", "壬", "己", "甲"]);
    expect(more).toContain("<summary>其他 4 名调解员（排名靠后或不宜指派）</summary>");
    expect(short(labelsOf(more))).toEqual(["癸", "辛", "丁", "戊"]);
    expect(more).toContain("不宜指派：在办案件已满");
    expect(shown).toMatch(/name="mediators\[7\]\[role\]"[\s\S]*?<option value="lead" selected>/);
    // Five shown and one on the case: six drop-downs in view, not ten.
    expect(shown.match(/<select /g)).toHaveLength(6);
  });

  it("preselects the candidate the panel's link names as lead", async () => {
    const t = await appWithFakes({ fakes: withChoices });
    const res = await t.get("/cases/42/actions/assign?lead=7").expect(200);
    const select = res.text.slice(res.text.indexOf('name="mediators[0][role]"'));
    expect(select.slice(0, select.indexOf("</select>"))).toContain(
      '<option value="lead" selected>主持调解员</option>',
    );
    const second = res.text.slice(res.text.indexOf('name="mediators[1][role]"'));
    expect(second.slice(0, second.indexOf("</select>"))).not.toContain("selected");
  });

  it("offers only the roster when matching finds no one else, and no team", async () => {
    const t = await appWithFakes({
      fakes: (f) => {
        withChoices(f);
        f.mediators.matching.matchesFor.mockResolvedValue({ ...REPORT, results: [], teams: [] });
      },
    });
    const res = await t.get("/cases/42/actions/assign").expect(200);
    expect(res.text).toContain("刘红（专职/兼职调解员 · 本委员会）");
    expect(res.text).toContain("不在本案可指派的调解员范围内");
    expect(res.text).not.toContain('id="more-mediators"');
    expect(res.text).not.toContain('id="team-assign"');
  });
});
