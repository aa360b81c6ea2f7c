import { describe, expect, it } from "vitest";
import { ageText, defaultDueOn, dueState, waitedADay } from "../../src/grid/ages.js";

/** The grid pages' ages and due dates (src/routes/grid/age.ts): Beijing dates, desk-sized units. */
const NOW = new Date("2026-12-03T02:00:00Z"); // 10:00 on 3 Dec in Beijing

describe("ageText", () => {
  it("reads minutes, hours, then days", () => {
    expect(ageText("2026-12-03T01:59:30Z", NOW)).toBe("不到 1 分钟");
    expect(ageText("2026-12-03T01:48:00Z", NOW)).toBe("12 分钟");
    expect(ageText("2026-12-02T23:00:00Z", NOW)).toBe("3 小时");
    expect(ageText("2026-12-01T01:00:00Z", NOW)).toBe("2 天");
    expect(ageText("2026-12-04T00:00:00Z", NOW)).toBe("不到 1 分钟");
  });

  it("marks a whole day waited", () => {
    expect(waitedADay("2026-12-02T02:00:01Z", NOW)).toBe(false);
    expect(waitedADay("2026-12-02T02:00:00Z", NOW)).toBe(true);
  });
});

describe("dueState", () => {
  it("counts days past the due date while open, against the Beijing date", () => {
    expect(dueState({ status: "dispatched", dueOn: "2026-12-01" }, NOW)).toEqual({
      overdue: true,
      late: false,
      daysOver: 2,
    });
    expect(dueState({ status: "dispatched", dueOn: "2026-12-03" }, NOW).overdue).toBe(false);
    // 23:30 UTC on 2 Dec is already 3 Dec in Beijing.
    expect(
      dueState({ status: "dispatched", dueOn: "2026-12-02" }, new Date("2026-12-02T23:30:00Z")).daysOver,
    ).toBe(1);
  });

  it("counts an answer after the due date as late, and nothing without a due date", () => {
    expect(dueState({ status: "done", dueOn: "2026-12-01", doneOn: "2026-12-04" }, NOW)).toEqual({
      overdue: false,
      late: true,
      daysOver: 3,
    });
    expect(dueState({ status: "done", dueOn: "2026-12-05", doneOn: "2026-12-04" }, NOW).late).toBe(false);
    expect(dueState({ status: "dispatched", dueOn: null }, NOW).overdue).toBe(false);
  });
});

describe("defaultDueOn", () => {
  it("gives a department a week and a committee thirty days", () => {
    expect(defaultDueOn("department", NOW)).toBe("2026-12-10");
    expect(defaultDueOn("village_committee", NOW)).toBe("2027-01-02");
  });
});
