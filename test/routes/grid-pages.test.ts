import { describe, expect, it, vi } from "vitest";
import type { DispatchTargets, ReportDetail, ReportListItem, ReportPage } from "../../src/grid/types.js";
import type { SessionUser } from "../../src/people/scope.js";
import { appWithFakes } from "../support/app-setup.js";

/**
 * The grid pages around a fake grid service (the clock: 10:00 Beijing on 2026-09-10): what each
 * desk puts first, how ages and due dates read, which forms a report's page shows.
 */

const CENTRE: SessionUser["organisation"] = {
  id: 7,
  name: "南洲镇综治中心",
  kind: "governance_center",
  regionCode: "430212101000",
  regionLevel: "township",
};
const CITY: SessionUser["organisation"] = {
  id: 9,
  name: "渌口区城市管理和综合执法局",
  kind: "department",
  regionCode: "430212000000",
  regionLevel: "county",
};

const staff = (roles: SessionUser["roles"], organisation = CENTRE, id = 31): SessionUser => ({
  id,
  username: `u${id}`,
  displayName: "彭海燕",
  roles,
  organisation,
});

function item(id: number, over: Partial<ReportListItem> = {}): ReportListItem {
  return {
    id,
    version: 1,
    category: "dispute",
    summary: `第 ${id} 件：两家因围墙吵架`,
    regionCode: "430212101201",
    status: "new",
    reportedAt: "2026-09-10T01:00:00.000Z",
    dueOn: null,
    caseId: null,
    regionName: "北洲村",
    riskLevel: "ordinary",
    threats: false,
    people: 2,
    centreId: CENTRE.id,
    dispatchedTo: null,
    doneOn: null,
    overdue: false,
    answeredLate: false,
    reopenedComment: null,
    reporterName: "刘小红",
    ...over,
  };
}

function detail(over: Partial<ReportDetail> = {}): ReportDetail {
  return {
    ...item(5),
    occurredOn: "2026-09-09",
    parties: [
      { side: "applicant", name: "刘顺", phone: "13973310401" },
      { side: "respondent", name: "王桂香" },
    ],
    reporterKind: "grid_worker",
    reporterPhone: null,
    centre: { id: CENTRE.id, name: CENTRE.name },
    dispatchedAt: null,
    dispatchNote: null,
    caseNumber: null,
    outcome: null,
    closedReason: null,
    timeline: [
      { at: "2026-09-10T01:00:00.000Z", kind: "reported", text: "网格员 刘小红 上报", actorName: "刘小红" },
    ],
    rating: null,
    photos: [{ id: 3, name: "围墙.jpg", mime: "image/jpeg", size: 1000, hasThumbnail: true }],
    can: { dispatch: false, close: false, reply: false, rate: false },
    ...over,
  };
}

const page = (items: ReportListItem[]): ReportPage => ({
  items,
  page: 1,
  pageSize: 200,
  total: items.length,
});

const TARGETS: DispatchTargets = {
  defaultId: 1,
  reason: "小事不出村：普通纠纷先交发生地的村（社区）人民调解委员会",
  committees: [
    { id: 1, name: "北洲村人民调解委员会", kind: "village_committee", kindLabel: "村（社区）人民调解委员会" },
    {
      id: 2,
      name: "南洲镇人民调解委员会",
      kind: "township_committee",
      kindLabel: "乡镇（街道）人民调解委员会",
    },
  ],
  departments: [{ id: 9, name: CITY.name, kind: "department", kindLabel: "职能部门" }],
};

async function app(user: SessionUser, grid: Record<string, unknown>) {
  return appWithFakes({
    user,
    fakes: (fakes) =>
      Object.assign(fakes, { grid, regions: { find: vi.fn(async () => ({ name: "北洲村" })) } }),
  });
}

describe("the dispatch desk", () => {
  it("lists the waiting oldest first with their age, the reopened with the comment, the overdue flagged", async () => {
    const lists: Record<string, ReportListItem[]> = {
      new: [
        item(2, { reportedAt: "2026-09-09T22:00:00.000Z" }),
        item(1, { reportedAt: "2026-09-07T20:00:00.000Z", reopenedComment: "沟还是堵的" }),
      ],
      dispatched: [
        item(3, {
          status: "dispatched",
          dueOn: "2026-09-08",
          overdue: true,
          dispatchedTo: { id: 9, name: CITY.name, kind: "department" },
        }),
      ],
      done: [item(4, { status: "done", dueOn: "2026-09-01", doneOn: "2026-09-04", answeredLate: true })],
      closed: [],
    };
    const list = vi.fn(async (_actor: unknown, filter: { status?: string }) =>
      page(lists[filter.status!] ?? []),
    );
    const t = await app(staff(["dispatcher"]), { list });
    const res = await t.get("/grid/desk").expect(200);
    const first = res.text.indexOf('href="/grid/reports/1"');
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(res.text.indexOf('href="/grid/reports/2"'));
    expect(res.text).toContain("已等待 2 天");
    expect(res.text).toContain("已等待 4 小时");
    expect(res.text).toContain("群众不满意，已退回：</strong>“沟还是堵的”");
    expect(res.text).toContain("已逾期 2 天");
    expect(res.text).toContain("已逾期 1 件");
    expect(res.text).toContain("超期 3 天办结");
    expect(t.databasesOpened()).toBe(0);
  });

  it("is the dispatcher's: a grid worker gets 403", async () => {
    const t = await app(staff(["grid_worker"]), { list: vi.fn() });
    await t.get("/grid/desk").expect(403);
  });
});

describe("a report's page", () => {
  it("gives the centre the dispatch form with the default checked and its reason, a month proposed for a committee", async () => {
    const t = await app(staff(["dispatcher"]), {
      get: vi.fn(async () => detail({ can: { dispatch: true, close: true, reply: false, rate: false } })),
      dispatchTargets: vi.fn(async () => TARGETS),
    });
    const res = await t.get("/grid/reports/5").expect(200);
    expect(res.text).toMatch(/<input type="radio" name="to" value="1" checked>/);
    expect(res.text).toContain("小事不出村：普通纠纷先交发生地的村（社区）人民调解委员会");
    expect(res.text).toContain('action="/grid/reports/5/close"');
    // The proposed due date: a committee's month.
    expect(res.text).toContain('value="2026-10-10"');
    // Phones masked, the photo as a thumbnail.
    expect(res.text).toContain("139****0401");
    expect(res.text).not.toContain("13973310401");
    expect(res.text).toContain('src="/grid/photos/3/thumbnail"');
    expect(res.text).not.toContain('action="/grid/reports/5/reply"');
  });

  it("gives the department the reply form only, and the reporter the rating form once done", async () => {
    const dept = await app(staff(["department_staff"], CITY, 41), {
      get: vi.fn(async () =>
        detail({
          status: "dispatched",
          dueOn: "2026-09-08",
          overdue: true,
          can: { dispatch: false, close: false, reply: true, rate: false },
        }),
      ),
    });
    const order = await dept.get("/grid/reports/5").expect(200);
    expect(order.text).toContain('action="/grid/reports/5/reply"');
    expect(order.text).toContain('value="2026-09-10"');
    expect(order.text).toContain("已逾期 2 天");
    expect(order.text).not.toContain('action="/grid/reports/5/dispatch"');

    const worker = await app(staff(["grid_worker"]), {
      get: vi.fn(async () =>
        detail({
          status: "done",
          outcome: "经调解，双方同意围墙按原址重砌。",
          can: { dispatch: false, close: false, reply: false, rate: true },
        }),
      ),
    });
    const done = await worker.get("/grid/reports/5").expect(200);
    expect(done.text).toContain("经调解，双方同意围墙按原址重砌。");
    expect(done.text).toContain('action="/grid/reports/5/rating"');
    expect(done.text).toContain('href="/grid"');
  });
});

describe("the grid worker's home", () => {
  it("shows the 上报 button and her reports newest first", async () => {
    const list = vi.fn(async () =>
      page([item(1, { reportedAt: "2026-09-01T01:00:00.000Z" }), item(2, { status: "dispatched" })]),
    );
    const t = await app(staff(["grid_worker"]), { list, gridOf: vi.fn(async () => "430212101201") });
    const res = await t.get("/grid").expect(200);
    expect(res.text).toContain('href="/grid/reports/new"');
    expect(res.text.indexOf('href="/grid/reports/2"')).toBeLessThan(
      res.text.indexOf('href="/grid/reports/1"'),
    );
    expect(res.text).toContain("9 天前上报");
    expect(res.text).toContain("办理中");
  });
});
