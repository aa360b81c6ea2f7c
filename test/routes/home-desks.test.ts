import { describe, expect, it, vi } from "vitest";
import type { CaseListItem, Page } from "../../src/cases/service.js";
import type { QueueItem } from "../../src/confirmations/service.js";
import { appWithFakes, type FakeServices } from "../support/app-setup.js";
import { caseDetail, ORGANISATION, sessionUser } from "../support/route-fixtures.js";

/** Issue 16: each desk puts first what its role must do, the overdue ones in one counted group. */

function item(id: number, over: Partial<CaseListItem> = {}): CaseListItem {
  return {
    id,
    number: `（2026）北洲调字第${id}号`,
    status: "in_mediation",
    statusLabel: "调解中",
    typeName: "邻里",
    summary: "围墙",
    organisationName: ORGANISATION.name,
    regionName: "北洲村",
    registeredOn: "2026-08-01",
    mediationDueOn: "2026-09-05",
    nextDue: "2026-09-05",
    nextDueKind: "mediation",
    nextDueLabel: "调解期限",
    daysLeft: -5,
    overdue: true,
    parties: "张三 与 李四",
    version: 1,
    ...over,
  };
}

const page = (items: CaseListItem[], total = items.length): Page<CaseListItem> => ({
  items,
  page: 1,
  pageSize: 20,
  total,
});

function queueItem(id: number, over: Partial<QueueItem> = {}): QueueItem {
  return {
    id,
    caseId: 100 + id,
    caseNumber: `（2026）北洲调字第${100 + id}号`,
    committee: ORGANISATION.name,
    parties: "王五、赵六",
    status: "pending",
    version: 1,
    appliedOn: "2026-09-08",
    filedOn: null,
    number: null,
    dueOn: null,
    outcome: null,
    outcomeLabel: null,
    withdrawalKind: null,
    decidedOn: null,
    nextSteps: [],
    state: "new",
    due: "2026-09-10",
    daysLeft: 0,
    overdue: false,
    ...over,
  };
}

/** The services the desks read besides the fakes app-setup gives every route test. */
function deskFakes(
  fakes: FakeServices,
  lists: (filter: Record<string, unknown>) => Page<CaseListItem>,
  queue: QueueItem[] = [],
) {
  const org = { ...ORGANISATION, id: ORGANISATION.id };
  Object.assign(fakes, {
    organisations: { get: vi.fn(async () => org), list: vi.fn(async () => []) },
    regions: { pathNames: vi.fn(async () => "北洲村") },
    users: { list: vi.fn(async () => []) },
    confirmations: {
      queue: vi.fn(async () => queue),
      get: vi.fn(async () => ({ item: queue[0], kase: caseDetail() })),
    },
  });
  Object.assign(fakes.cases, {
    list: vi.fn(async (_u: unknown, filter: Record<string, unknown>) => lists(filter)),
    countsByStatus: vi.fn(async () => ({ intake: 2, in_mediation: 22 })),
  });
}

const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/\s+/g, " ");

describe("the clerk's desk", () => {
  const overdue = Array.from({ length: 5 }, (_, i) => item(i + 1));
  overdue[1] = item(2, {
    status: "agreement",
    nextDue: "2026-08-31",
    nextDueKind: "obligation",
    nextDueLabel: "履行期限",
    daysLeft: -10,
  });
  const intake = [
    item(40, {
      status: "intake",
      nextDue: null,
      nextDueKind: null,
      nextDueLabel: null,
      daysLeft: null,
      overdue: false,
    }),
  ];
  const lists = (f: Record<string, unknown>) =>
    f.overdue ? page(overdue, 22) : f.status === "intake" ? page(intake) : page([]);

  it("puts 待受理 first, then one counted 已逾期 group naming each deadline, with a link to all", async () => {
    const t = await appWithFakes({ user: sessionUser(["clerk"]), fakes: (f) => deskFakes(f, lists) });
    const res = await t.get("/");
    expect(res.status, res.text).toBe(200);
    const body = text(res.text);
    expect(body.indexOf("待受理（1 件）")).toBeGreaterThan(-1);
    expect(body.indexOf("待受理（1 件）")).toBeLessThan(body.indexOf("已逾期 22 件"));
    expect(body).toContain("调解期限 2026年9月5日 已逾期 5 天");
    expect(body).toContain("履行期限 2026年8月31日 已逾期 10 天");
    expect(res.text).toContain('<a href="/cases?overdue&#x3D;1">查看全部 22 件</a>'); // "=" escaped
    expect(res.text.match(/已逾期 \d+ 件/g)).toHaveLength(1);
    // Five lines, not 22 cards: the group is a list, the rest one link away.
    expect(res.text.match(/<li><a href="\/cases\/\d+">/g)).toHaveLength(5);
  });

  it("flags a case due today as 今日到期 in the case tables", async () => {
    const today = item(41, { daysLeft: 0, overdue: false, nextDue: "2026-09-10" });
    const t = await appWithFakes({
      user: sessionUser(["clerk"]),
      fakes: (f) => deskFakes(f, (q) => (q.overdue || q.status ? page([]) : page([today]))),
    });
    const res = await t.get("/");
    expect(res.text).toContain('<strong class="due-today">今日到期</strong>');
    expect(res.text).not.toContain("已逾期 0");
    expect(res.text).not.toContain("还有 0 天");
  });
});

describe("the judge's desk", () => {
  const queue = [
    queueItem(1),
    queueItem(2, { state: "review", daysLeft: 3, due: "2026-09-13" }),
    queueItem(3, {
      state: "decided",
      status: "decided",
      due: null,
      daysLeft: null,
      outcomeLabel: "确认有效",
    }),
    queueItem(4, {
      state: "decided",
      status: "decided",
      due: null,
      daysLeft: null,
      outcomeLabel: "驳回申请",
    }),
    queueItem(5, {
      state: "decided",
      status: "decided",
      due: null,
      daysLeft: null,
      outcomeLabel: "确认有效",
    }),
  ];
  const judge = () =>
    appWithFakes({ user: sessionUser(["judge"]), fakes: (f) => deskFakes(f, () => page([]), queue) });

  it("shows the pending applications, with counts of both, and 今日到期 flagged", async () => {
    const res = await (await judge()).get("/");
    expect(res.status, res.text).toBe(200);
    const body = text(res.text);
    expect(body).toContain("司法确认申请：待处理（2 件）");
    expect(body).toContain("待处理 2 件");
    expect(body).toContain("已办结 3 件");
    expect(res.text).toContain('href="/?queue=decided"');
    expect(res.text).toContain('<strong class="due-today">今日到期</strong>');
    expect(res.text).toContain('class="row-due-today"');
    expect(body).toContain("（还有 3 天）");
    expect(body).not.toContain("还有 0 天");
    expect(body).not.toContain("确认有效");
  });

  it("shows the decided ones behind the filter", async () => {
    const res = await (await judge()).get("/?queue=decided");
    const body = text(res.text);
    expect(body).toContain("司法确认申请：已办结（3 件）");
    expect(body).toContain("确认有效");
    expect(body).not.toContain("待立案");
  });

  it("says 今日到期 on the application's own page", async () => {
    const res = await (await judge()).get("/court/confirmations/1");
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain('<strong class="due-today">今日到期</strong>');
    expect(res.text).not.toContain("还有 0 天");
  });
});

describe("the case page's deadlines", () => {
  it("says 今日到期, flagged, for a deadline due today", async () => {
    const kase = caseDetail({
      deadlines: [{ kind: "mediation", label: "调解期限", due: "2026-09-10", overdue: false, daysLeft: 0 }],
    });
    const t = await appWithFakes({ fakes: (f) => f.cases.get.mockResolvedValue(kase) });
    const res = await t.get("/cases/42");
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain('<strong class="due-today">今日到期</strong>');
    expect(res.text).not.toContain("今天到期");
  });
});
