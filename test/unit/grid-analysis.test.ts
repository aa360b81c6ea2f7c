/** The 研判 and 管控 rules (src/grid-analysis/): periods compared, rates, repeats, work orders, watch reasons. */
import { describe, expect, it } from "vitest";
import { gridFigures, instantBounds, type ReportFactRow } from "../../src/grid-analysis/figures.js";
import { hotSpots, villageTiles } from "../../src/grid-analysis/hot-spots.js";
import { findRepeats, twelveMonthsTo, type DisputeRecord } from "../../src/grid-analysis/repeats.js";
import {
  checkInOverdue,
  compare,
  figuresLine,
  heatBand,
  percent,
  previousPeriod,
  rate,
  watchReasons,
} from "../../src/grid-analysis/rules.js";
import { overdueByDepartment } from "../../src/grid-analysis/work-orders.js";

describe("period against the one before", () => {
  it("a month, a quarter, a year give the whole one before", () => {
    expect(previousPeriod({ from: "2026-12-01", to: "2026-12-31" })).toEqual({
      from: "2026-11-01",
      to: "2026-11-30",
    });
    expect(previousPeriod({ from: "2026-03-01", to: "2026-03-31" })).toEqual({
      from: "2026-02-01",
      to: "2026-02-28",
    });
    expect(previousPeriod({ from: "2027-01-01", to: "2027-03-31" })).toEqual({
      from: "2026-10-01",
      to: "2026-12-31",
    });
    expect(previousPeriod({ from: "2026-01-01", to: "2026-12-31" })).toEqual({
      from: "2025-01-01",
      to: "2025-12-31",
    });
  });
  it("any other run of days: as many days just before", () => {
    expect(previousPeriod({ from: "2026-12-05", to: "2026-12-14" })).toEqual({
      from: "2026-11-25",
      to: "2026-12-04",
    });
  });
  it("the arrow and words of the change", () => {
    expect(compare(5, 3)).toEqual({ delta: 2, trend: "up", text: "↑ 比上期多 2" });
    expect(compare(1, 4)).toEqual({ delta: -3, trend: "down", text: "↓ 比上期少 3" });
    expect(compare(2, 2).trend).toBe("same");
  });
});

describe("rates keep their numerators", () => {
  it("98.7% as the seeds write it, — without a denominator", () => {
    expect(figuresLine(8912, 8805)).toBe("上报 8912 件，办结 8805 件，办结率 98.7%");
    expect(rate(0, 0)).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(percent(rate(0, 0))).toBe("—");
    expect(percent(rate(1, 3))).toBe("33.3%");
    expect(percent(rate(2, 3))).toBe("66.6%");
    expect(percent(rate(7, 7))).toBe("100.0%");
  });

  const row = (over: Partial<ReportFactRow>): ReportFactRow => ({
    category: "dispute",
    reporterKind: "grid_worker",
    status: "new",
    reportedAt: "2026-12-01T02:00:00.000Z",
    dispatchedAt: null,
    dueOn: null,
    doneOn: null,
    ...over,
  });

  it("the grid's figures over a period's reports and ratings", () => {
    const f = gridFigures(
      [
        row({
          status: "done",
          dispatchedAt: "2026-12-01T20:00:00.000Z",
          dueOn: "2026-12-05",
          doneOn: "2026-12-04",
        }),
        row({
          status: "done",
          category: "hazard",
          dispatchedAt: "2026-12-03T02:00:00.001Z",
          dueOn: "2026-12-05",
          doneOn: "2026-12-07",
        }),
        row({
          status: "dispatched",
          reporterKind: "party",
          dispatchedAt: "2026-12-01T03:00:00.000Z",
          dueOn: "2026-12-06",
        }),
        row({
          status: "dispatched",
          category: "request",
          dispatchedAt: "2026-12-01T03:00:00.000Z",
          dueOn: "2026-12-20",
        }),
        row({ status: "closed" }),
      ],
      [
        { satisfaction: "satisfied" },
        { satisfaction: "basically_satisfied" },
        { satisfaction: "dissatisfied" },
      ],
      "2026-12-10",
    );
    expect(f.reported).toBe(5);
    expect(f.finished).toBe(3);
    expect(f.line).toBe("上报 5 件，办结 3 件，办结率 60.0%");
    expect(f.byCategory.map((c) => c.n)).toEqual([3, 1, 1]);
    expect(f.bySource.map((c) => c.n)).toEqual([4, 1]);
    // Within 24 hours: the first, the third and the fourth (the second is a millisecond late).
    expect(f.dispatchedWithinDay).toEqual({ numerator: 3, denominator: 5, rate: 0.6 });
    // Due and done or past due: the first two and the third (due 12-06, open, today 12-10); on time: one.
    expect(f.closedOnTime).toMatchObject({ numerator: 1, denominator: 3 });
    expect(f.satisfaction).toMatchObject({ numerator: 2, denominator: 3 });
  });

  it("a Beijing day begins at 16:00 UTC the day before", () => {
    expect(instantBounds({ from: "2026-12-01", to: "2026-12-31" })).toEqual({
      start: "2026-11-30T16:00:00.000Z",
      end: "2026-12-31T16:00:00.000Z",
    });
  });
});

describe("repeat disputes", () => {
  const rec = (
    id: number,
    on: string,
    people: DisputeRecord["people"],
    place: [string, string] | null = null,
  ): DisputeRecord => ({
    kind: id > 100 ? "report" : "case",
    id,
    label: `#${id}`,
    href: `/x/${id}`,
    on,
    people,
    village: place?.[0] ?? "430212101201",
    address: place?.[1] ?? null,
  });
  const window = twelveMonthsTo("2026-12-31");

  it("the twelve months end on the day", () => {
    expect(window).toEqual({ from: "2026-01-01", to: "2026-12-31" });
  });

  it("the same name and phone, or the same ID number, twice or more", () => {
    const groups = findRepeats(
      [
        rec(1, "2026-02-01", [{ name: "刘大海", phone: "139-0733-1234" }]),
        rec(101, "2026-11-01", [{ name: "刘大海", phone: "13907331234" }]),
        rec(2, "2026-05-01", [{ name: "刘大海", phone: "13907339999" }]),
        rec(3, "2026-03-01", [{ name: "王五", idNumber: "43021219800101123x" }]),
        rec(4, "2026-04-01", [{ name: "王伍", idNumber: "43021219800101123X" }]),
      ],
      window,
    );
    expect(groups).toHaveLength(2);
    const phone = groups.find((g) => g.label.includes("139****1234"))!;
    expect(phone.label).toBe("刘**（139****1234）");
    expect(phone.items.map((i) => i.id)).toEqual([1, 101]);
    const id = groups.find((g) => g.label.includes("身份证"))!;
    expect(id.items.map((i) => i.id)).toEqual([3, 4]);
    expect(id.label).not.toContain("19800101");
  });

  it("the same village and address; outside the window or only once is no repeat", () => {
    const groups = findRepeats(
      [
        rec(5, "2026-06-01", [], ["430212101201", "北洲村 3 组"]),
        rec(6, "2026-07-01", [], ["430212101201", "北洲村3组"]),
        rec(7, "2026-07-01", [], ["430212101202", "北洲村3组"]),
        rec(8, "2025-12-31", [{ name: "赵六", phone: "13800000001" }]),
        rec(9, "2026-08-01", [{ name: "赵六", phone: "13800000001" }]),
      ],
      window,
    );
    expect(groups).toEqual([
      {
        by: "place",
        label: "北洲村 3 组",
        items: [expect.objectContaining({ id: 5 }), expect.objectContaining({ id: 6 })],
      },
    ]);
  });

  it("one person known by ID number and phone makes one group", () => {
    const p = { name: "钱七", phone: "13800000002", idNumber: "430212198001011234" };
    expect(findRepeats([rec(10, "2026-03-01", [p]), rec(11, "2026-04-01", [p])], window)).toHaveLength(1);
  });
});

describe("overdue work orders by department", () => {
  const today = "2026-12-10";
  const order = (id: number, dept: number, status: string, dueOn: string, doneOn: string | null = null) => ({
    id,
    departmentId: dept,
    department: dept === 1 ? "城管局" : "住建局",
    status,
    dueOn,
    doneOn,
  });
  it("count, oldest, average days late, answered late in the period", () => {
    const [a, b] = overdueByDepartment(
      [
        order(1, 1, "dispatched", "2026-12-01"),
        order(2, 1, "dispatched", "2026-12-05"),
        order(3, 1, "dispatched", "2026-12-10"),
        order(4, 1, "done", "2026-12-06", "2026-12-08"),
        order(5, 2, "done", "2026-12-06", "2026-12-06"),
        order(6, 2, "done", "2026-11-06", "2026-11-08"),
      ],
      { from: "2026-12-01", to: "2026-12-31" },
      today,
    );
    expect(a).toMatchObject({
      department: "城管局",
      overdue: 2,
      oldestDaysLate: 9,
      oldestDueOn: "2026-12-01",
      averageDaysLate: 7,
      answered: 1,
      answeredLate: 1,
    });
    expect(b).toMatchObject({
      department: "住建局",
      overdue: 0,
      oldestDaysLate: null,
      averageDaysLate: null,
      answered: 1,
      answeredLate: 0,
    });
  });
});

describe("hot spots and tiles", () => {
  const names = new Map([["neighbour", "邻里纠纷"]]);
  it("village × type this period against the last", () => {
    const spots = hotSpots(
      [
        { village: "430212101201", type: "neighbour", n: 3 },
        { village: "430212101202", type: "grid:hazard", n: 1 },
      ],
      [
        { village: "430212101201", type: "neighbour", n: 5 },
        { village: "430212100001", type: "neighbour", n: 2 },
      ],
      names,
      (v) => ({ "430212101201": "北洲村", "430212101202": "洲坪村", "430212100001": "渌口社区" })[v] ?? v,
    );
    expect(spots.map((s) => [s.place, s.typeName, s.n, s.previous, s.trend])).toEqual([
      ["北洲村", "邻里纠纷", 3, 5, "down"],
      ["洲坪村", "网格上报·安全隐患", 1, 0, "up"],
      ["渌口社区", "邻里纠纷", 0, 2, "down"],
    ]);
  });
  it("every village of a township is a tile, banded by count", () => {
    const [t] = villageTiles(
      [
        { code: "430212101000", name: "南洲镇", level: "township", parent_code: "430212000000" },
        { code: "430212101201", name: "北洲村", level: "village", parent_code: "430212101000" },
        { code: "430212101202", name: "洲坪村", level: "village", parent_code: "430212101000" },
      ],
      [
        { village: "430212101201", type: "x", n: 4 },
        { village: "430212101000", type: "x", n: 1 },
      ],
      [],
    );
    expect(t!.tiles.map((x) => [x.name, x.n, x.band])).toEqual([
      ["南洲镇本级", 1, 1],
      ["北洲村", 4, 4],
      ["洲坪村", 0, 0],
    ]);
    expect(t!.total).toBe(5);
    expect(heatBand(2, 4)).toBe(2);
  });
});

describe("watch list", () => {
  it("why a dispute is proposed", () => {
    expect(watchReasons({ riskLevel: "ordinary", threats: false, people: 4, repeat: false })).toEqual([]);
    expect(watchReasons({ riskLevel: "major", threats: true, people: 5, repeat: true })).toEqual([
      "risk_major",
      "threats",
      "group",
      "repeat",
    ]);
    expect(watchReasons({ riskLevel: "serious", threats: false, people: null, repeat: false })).toEqual([
      "risk_serious",
    ]);
  });
  it("a check-in is overdue after its day, not on it", () => {
    expect(checkInOverdue("2026-12-10", "2026-12-10")).toBe(false);
    expect(checkInOverdue("2026-12-09", "2026-12-10")).toBe(true);
  });
});
