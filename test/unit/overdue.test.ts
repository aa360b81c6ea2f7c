import { describe, expect, it } from "vitest";
import { isOverdue, nextDeadline } from "../../src/cases/overdue.js";
import { caseFacts, type CaseSnapshot } from "../../src/reports/figures.js";

describe("nextDeadline (the one definition of 逾期, src/cases/overdue.ts)", () => {
  it("is the mediation deadline while mediating", () => {
    for (const status of ["accepted", "in_mediation"]) {
      expect(nextDeadline({ status, mediationDueOn: "2026-11-03", obligationDue: "2026-10-01" })).toEqual({
        kind: "mediation",
        due: "2026-11-03",
      });
    }
  });

  it("is the earliest unperformed obligation while performing", () => {
    for (const status of ["agreement", "awaiting_confirmation", "confirmed"]) {
      expect(nextDeadline({ status, mediationDueOn: "2026-11-03", obligationDue: "2026-10-01" })).toEqual({
        kind: "obligation",
        due: "2026-10-01",
      });
    }
  });

  it("is none in any other status", () => {
    for (const status of ["intake", "terminated", "performed", "closed", "declined"]) {
      expect(nextDeadline({ status, mediationDueOn: "2026-11-03", obligationDue: "2026-10-01" })).toBeNull();
    }
  });

  it("is overdue from the day after the due day", () => {
    expect(isOverdue("2026-11-23", "2026-11-23")).toBe(false);
    expect(isOverdue("2026-11-23", "2026-11-24")).toBe(true);
    expect(isOverdue(null, "2026-11-24")).toBe(false);
  });
});

describe("caseFacts' open_due (当前逾期) follows the same definition", () => {
  const base: CaseSnapshot = {
    id: 1,
    organisationId: 1,
    regionCode: "430212101201",
    typeCode: "contract",
    source: "application",
    status: "confirmed",
    outcome: null,
    registeredOn: "2026-01-02",
    acceptedOn: "2026-01-03",
    concludedOn: "2026-01-20",
    closedOn: null,
    mediationDueOn: "2026-02-03",
    preventedCriminal: false,
    preventedCriminalPeople: null,
    preventedPetition: false,
    preventedPetitionPeople: null,
    leadMediatorKind: null,
    obligations: [
      { dueOn: "2026-03-01", performedOn: "2026-03-01", amountFen: 100 },
      { dueOn: "2026-05-01", performedOn: null, amountFen: 100 },
      { dueOn: "2026-04-01", performedOn: null, amountFen: 100 },
    ],
    confirmations: [],
    followUps: [],
    ratings: [],
  };
  const openDue = (s: CaseSnapshot) =>
    caseFacts(s)
      .filter((f) => f.m.open_due > 0)
      .map((f) => f.day);

  it("counts a case in performance on its earliest unperformed obligation's day", () => {
    expect(openDue(base)).toEqual(["2026-04-01"]);
  });

  it("counts a mediating case on its mediation deadline, and a performed one never", () => {
    expect(openDue({ ...base, status: "in_mediation", concludedOn: null, obligations: [] })).toEqual([
      "2026-02-03",
    ]);
    expect(openDue({ ...base, status: "performed" })).toEqual([]);
  });
});
