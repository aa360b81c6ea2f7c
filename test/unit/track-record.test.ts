import { describe, expect, it } from "vitest";
import { trackRecord, type RecordCase } from "../../src/mediators/track-record.js";

/** A mediator's track record from plain rows: no database. */
const row = (over: Partial<RecordCase>): RecordCase => ({
  id: 1,
  number: "（2026）洲调字第1号",
  typeCode: "neighbour",
  typeName: "邻里",
  status: "closed",
  outcome: null,
  acceptedOn: null,
  concludedOn: null,
  currentRole: null,
  ...over,
});

describe("trackRecord", () => {
  it("counts outcomes by type, days to conclude, and an agreement without an outcome as success", () => {
    const r = trackRecord(
      [
        row({ id: 1, outcome: "success", acceptedOn: "2026-01-01", concludedOn: "2026-01-11" }),
        row({ id: 2, outcome: "failure", acceptedOn: "2026-02-01", concludedOn: "2026-02-21" }),
        row({ id: 3, status: "agreement" }),
        row({ id: 4, typeCode: "land", typeName: "土地", status: "in_mediation", currentRole: "lead" }),
      ],
      new Set([4]),
      { satisfied: 2, basically: 1, dissatisfied: 1 },
    );
    const neighbour = r.byType.find((t) => t.typeCode === "neighbour")!;
    expect(neighbour).toMatchObject({ total: 3, concluded: 3, successful: 2, failed: 1, avgDays: 15 });
    expect(neighbour.successRate).toBeCloseTo(2 / 3);
    expect(r.currentCases.map((c) => c.id)).toEqual([4]);
    expect(r.hiddenCurrent).toBe(0);
    expect(r.satisfaction).toMatchObject({ total: 4, rate: 0.75 });
  });

  it("only counts the open cases the viewer may not see", () => {
    const r = trackRecord([row({ id: 9, status: "in_mediation", currentRole: "co" })], new Set(), {
      satisfied: 0,
      basically: 0,
      dissatisfied: 0,
    });
    expect(r.currentCases).toEqual([]);
    expect(r.hiddenCurrent).toBe(1);
    expect(r.satisfaction.rate).toBeNull();
  });
});
