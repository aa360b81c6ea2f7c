import { describe, expect, it } from "vitest";
import { primaryRole } from "../../src/people/roles.js";
import { inScope, scopeFor, type SessionUser } from "../../src/people/scope.js";
import { childLevel, regionPrefix } from "../../src/places/kinds.js";

function user(roles: SessionUser["roles"], org: Partial<SessionUser["organisation"]> = {}): SessionUser {
  return {
    id: 1,
    username: "u",
    displayName: "用户",
    roles,
    organisation: {
      id: 10,
      name: "北洲村人民调解委员会",
      kind: "village_committee",
      regionCode: "430212101201",
      regionLevel: "village",
      ...org,
    },
  };
}

const beizhouCase = { organisationId: 10, regionCode: "430212101201" };
const zhoupingCase = { organisationId: 11, regionCode: "430212101202" };
const lukouCase = { organisationId: 12, regionCode: "430212100001" };

describe("scope", () => {
  it("limits a clerk to their own committee", () => {
    const scope = scopeFor(user(["clerk"]));
    expect(inScope(scope, beizhouCase)).toBe(true);
    expect(inScope(scope, zhoupingCase)).toBe(false);
  });

  it("gives a township office its township and a bureau its county", () => {
    const office = scopeFor(
      user(["officer"], {
        id: 20,
        kind: "justice_office",
        regionCode: "430212101000",
        regionLevel: "township",
      }),
    );
    expect(inScope(office, beizhouCase)).toBe(true);
    expect(inScope(office, zhoupingCase)).toBe(true);
    expect(inScope(office, lukouCase)).toBe(false);
    const bureau = scopeFor(
      user(["officer"], {
        id: 21,
        kind: "justice_bureau",
        regionCode: "430212000000",
        regionLevel: "county",
      }),
    );
    expect(inScope(bureau, lukouCase)).toBe(true);
    expect(inScope(bureau, { organisationId: 99, regionCode: "430211000000" })).toBe(false);
  });

  it("limits a judge to their court and lets an admin see everything", () => {
    const judge = scopeFor(
      user(["judge"], { id: 30, kind: "court", regionCode: "430212000000", regionLevel: "county" }),
    );
    expect(judge).toEqual({ all: false, organisationIds: [30], regionPrefixes: [] });
    expect(inScope(judge, beizhouCase)).toBe(false);
    expect(inScope(scopeFor(user(["admin"])), zhoupingCase)).toBe(true);
  });

  it("adds up several roles", () => {
    const scope = scopeFor(user(["director", "mediator"]));
    expect(scope.organisationIds).toEqual([10]);
  });
});

describe("roles and regions", () => {
  it("lands a user with several roles on the most specific desk", () => {
    expect(primaryRole(["mediator", "director"])).toBe("director");
    expect(primaryRole(["clerk", "mediator"])).toBe("clerk");
    expect(() => primaryRole([])).toThrow();
  });

  it("computes region prefixes and child levels", () => {
    expect(regionPrefix("430212101201", "township")).toBe("430212101");
    expect(regionPrefix("430212000000", "county")).toBe("430212");
    expect(childLevel("village")).toBe("group");
    expect(childLevel("group")).toBeNull();
  });
});
