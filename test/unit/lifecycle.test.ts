import { describe, expect, it } from "vitest";
import {
  ACTIONS,
  RULES,
  STATUSES,
  STATUS_LABELS,
  actorsFor,
  allowedActions,
  decide,
  type Action,
  type CaseFacts,
  type Status,
} from "../../src/cases/lifecycle.js";
import { ROLES, type Role } from "../../src/people/roles.js";

type Actors = Parameters<typeof decide>[2];

/** Facts under which no rule beyond status and role stands in the way. */
function facts(status: Status, over: Partial<CaseFacts> = {}): CaseFacts {
  return {
    status,
    consentComplete: true,
    consentRefused: false,
    hasLeadMediator: true,
    hasAgreement: true,
    sessionCount: 1,
    scheduledSessions: 1,
    openObligations: 1,
    ownCommittee: true,
    // An agreement out for signing that every party has signed (seal-agreement, issue 19).
    signing: { unsigned: [] },
    ...over,
  };
}

/** Every role plus "assigned". */
const EVERYONE: Actors = actorsFor([...ROLES], true);

/** A status from which the action may be taken (its first listed from-status). */
function validStatus(action: Action): Status {
  return RULES[action].from[0]!;
}

const clerk = actorsFor(["clerk"], false);
const assignedMediator = actorsFor(["mediator"], true);
const unassignedMediator = actorsFor(["mediator"], false);
const director = actorsFor(["director"], false);

describe("actorsFor", () => {
  it("adds 'assigned' only for a mediator designated on the case", () => {
    expect(actorsFor(["mediator"], true)).toEqual(["mediator", "assigned"]);
    expect(actorsFor(["mediator", "clerk"], false)).toEqual(["mediator", "clerk"]);
  });
});

describe("decide: status table over every action", () => {
  // Issue 19: schedule-session and cancel-session (视频调解), seal-agreement (电子签名).
  it("covers all twenty-one actions and eleven statuses", () => {
    expect(ACTIONS).toHaveLength(21);
    expect(STATUSES).toHaveLength(11);
  });

  describe.each(ACTIONS)("%s", (action) => {
    it.each(STATUSES)("from %s", (status) => {
      const decision = decide(action, facts(status), EVERYONE);
      if ((RULES[action].from as readonly Status[]).includes(status)) {
        expect(decision).toEqual({ allowed: true });
      } else {
        expect(decision.allowed).toBe(false);
        if (decision.allowed) return;
        expect(decision.refusal).toBe("state");
        expect(decision.reason).toContain(`“${STATUS_LABELS[status]}”`);
      }
    });
  });

  it("state is checked before role: a non-member is told about the status first", () => {
    const d = decide("close", facts("intake", { ownCommittee: false }), ["officer"]);
    expect(d).toMatchObject({ allowed: false, refusal: "state" });
  });
});

describe("RULES", () => {
  it.each([
    ["accept", "accepted"],
    ["refer", "intake"],
    ["decline", "declined"],
    ["resolve-on-spot", "closed"],
    ["record-consent", null],
    ["assign", null],
    ["record-objection", null],
    ["record-session", "in_mediation"],
    ["extend-mediation", null],
    ["record-agreement", "agreement"],
    ["apply-confirmation", "awaiting_confirmation"],
    ["record-performance", null],
    ["follow-up", null],
    ["terminate", "terminated"],
    ["close", "closed"],
    ["reopen", "in_mediation"],
    ["record-intervention", null],
  ] as const)("%s leads to %s", (action, to) => {
    expect(RULES[action].to).toBe(to);
  });

  it("lets 防激化措施 be recorded while the case is open, by those who handle it, never once closed or declined", () => {
    expect([...RULES["record-intervention"].from].sort()).toEqual(
      STATUSES.filter((s) => s !== "closed" && s !== "declined").sort(),
    );
    expect(RULES["record-intervention"].by).toEqual(["clerk", "director", "assigned"]);
  });

  it("lets a case be closed only from an end state, never straight from mediation", () => {
    expect([...RULES.close.from].sort()).toEqual([
      "confirmation_rejected",
      "confirmed",
      "performed",
      "terminated",
    ]);
  });
});

describe("decide: roles", () => {
  it.each(["accept", "refer", "decline", "resolve-on-spot", "assign", "record-objection"] as const)(
    "a clerk may %s",
    (action) => {
      expect(decide(action, facts(validStatus(action)), clerk)).toEqual({ allowed: true });
    },
  );

  it.each(["record-session", "terminate", "close"] as const)("a clerk may not %s", (action) => {
    const d = decide(action, facts(validStatus(action)), clerk);
    expect(d).toMatchObject({ allowed: false, refusal: "role" });
    if (!d.allowed) expect(d.reason).toContain("您无权");
  });

  it.each(["record-session", "record-agreement", "terminate"] as const)(
    "an assigned mediator may %s",
    (action) => {
      const status: Status = action === "record-session" ? "accepted" : "in_mediation";
      expect(decide(action, facts(status), assignedMediator)).toEqual({ allowed: true });
    },
  );

  it.each(["accept", "close"] as const)("an assigned mediator may not %s", (action) => {
    expect(decide(action, facts(validStatus(action)), assignedMediator)).toMatchObject({
      allowed: false,
      refusal: "role",
    });
  });

  it.each(ACTIONS)("a mediator not assigned to the case may not %s", (action) => {
    expect(decide(action, facts(validStatus(action)), unassignedMediator)).toMatchObject({
      allowed: false,
      refusal: "role",
    });
  });

  it("a director may close and reopen", () => {
    expect(decide("close", facts("performed"), director)).toEqual({ allowed: true });
    expect(decide("close", facts("terminated"), director)).toEqual({ allowed: true });
    expect(decide("reopen", facts("confirmation_rejected"), director)).toEqual({ allowed: true });
  });

  describe.each(["officer", "judge", "admin"] as const satisfies readonly Role[])("%s", (role) => {
    it.each(ACTIONS)("may not %s", (action) => {
      expect(decide(action, facts(validStatus(action)), actorsFor([role], false))).toMatchObject({
        allowed: false,
        refusal: "role",
      });
    });
  });

  it.each(ACTIONS)("nobody outside the case's committee may %s", (action) => {
    expect(decide(action, facts(validStatus(action), { ownCommittee: false }), EVERYONE)).toMatchObject({
      allowed: false,
      refusal: "role",
    });
  });

  it("names who may act in the refusal", () => {
    const d = decide("close", facts("performed"), clerk);
    expect(d).toEqual({ allowed: false, refusal: "role", reason: "您无权结案：此操作由调委会主任办理" });
  });
});

describe("decide: facts", () => {
  it("record-session needs every party's consent (rule)", () => {
    const d = decide("record-session", facts("accepted", { consentComplete: false }), director);
    expect(d).toMatchObject({ allowed: false, refusal: "rule" });
    if (!d.allowed) expect(d.reason).toContain("书面告知当事人权利义务");
  });

  it("record-session is refused when a party refused mediation (rule), even with consent otherwise complete", () => {
    const d = decide("record-session", facts("in_mediation", { consentRefused: true }), assignedMediator);
    expect(d).toMatchObject({ allowed: false, refusal: "rule" });
    if (!d.allowed) expect(d.reason).toContain("第十七条");
  });

  it("record-session needs a lead mediator (state)", () => {
    const d = decide("record-session", facts("accepted", { hasLeadMediator: false }), director);
    expect(d).toEqual({ allowed: false, refusal: "state", reason: "请先指派主持调解员" });
  });

  it("record-agreement needs at least one session", () => {
    expect(decide("record-agreement", facts("in_mediation", { sessionCount: 0 }), assignedMediator)).toEqual({
      allowed: false,
      refusal: "state",
      reason: "尚无调解笔录，请先记录调解过程",
    });
  });

  it("record-performance needs an open obligation", () => {
    expect(decide("record-performance", facts("agreement", { openObligations: 0 }), clerk)).toEqual({
      allowed: false,
      refusal: "state",
      reason: "没有待履行的义务",
    });
  });

  it("assign and extend-mediation are refused (rule) once a party refused; record-consent is not", () => {
    const refused = facts("accepted", { consentRefused: true });
    expect(decide("assign", refused, clerk)).toMatchObject({ allowed: false, refusal: "rule" });
    expect(decide("extend-mediation", refused, director)).toMatchObject({ allowed: false, refusal: "rule" });
    expect(decide("record-consent", refused, clerk)).toEqual({ allowed: true });
  });

  it("terminate remains possible after a refusal, so the case can be ended", () => {
    expect(decide("terminate", facts("accepted", { consentRefused: true }), assignedMediator)).toEqual({
      allowed: true,
    });
  });
});

describe("allowedActions", () => {
  it("gives a clerk the four intake actions (and correcting a party) on a fresh case", () => {
    const fresh: CaseFacts = {
      status: "intake",
      consentComplete: false,
      consentRefused: false,
      hasLeadMediator: false,
      hasAgreement: false,
      sessionCount: 0,
      scheduledSessions: 0,
      openObligations: 0,
      ownCommittee: true,
    };
    expect(allowedActions(fresh, clerk)).toEqual([
      "accept",
      "refer",
      "decline",
      "resolve-on-spot",
      "update-party",
      "record-intervention",
    ]);
  });

  it("gives an unassigned mediator nothing and an assigned one the mediation actions", () => {
    const f = facts("in_mediation");
    expect(allowedActions(f, unassignedMediator)).toEqual([]);
    expect(allowedActions(f, assignedMediator)).toEqual([
      "update-party",
      "record-consent",
      "schedule-session",
      "cancel-session",
      "record-session",
      "extend-mediation",
      "record-agreement",
      "terminate",
      "record-intervention",
    ]);
  });

  it("offers cancel-session only while a session is scheduled", () => {
    const none = facts("in_mediation", { scheduledSessions: 0 });
    expect(allowedActions(none, assignedMediator)).not.toContain("cancel-session");
    expect(allowedActions(none, assignedMediator)).toContain("schedule-session");
    expect(decide("cancel-session", none, director)).toEqual({
      allowed: false,
      reason: "没有已安排的调解",
      refusal: "state",
    });
    expect(allowedActions(facts("accepted", { scheduledSessions: 2 }), director)).toContain("cancel-session");
  });
});

describe("party corrections and refused consent", () => {
  const base: CaseFacts = {
    status: "in_mediation",
    consentComplete: false,
    consentRefused: true,
    hasLeadMediator: true,
    hasAgreement: false,
    sessionCount: 1,
    scheduledSessions: 0,
    openObligations: 0,
    ownCommittee: true,
  };

  it("refuses an agreement when a party refused mediation (RL17)", () => {
    const d = decide("record-agreement", base, ["director"]);
    expect(d).toMatchObject({ allowed: false, refusal: "rule" });
  });

  it("lets particulars be corrected only until an agreement states them", () => {
    expect(decide("update-party", { ...base, status: "in_mediation" }, ["clerk"]).allowed).toBe(true);
    expect(decide("update-party", { ...base, status: "agreement" }, ["clerk"])).toMatchObject({
      allowed: false,
      refusal: "state",
    });
  });
});
