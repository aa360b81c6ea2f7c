import { describe, expect, it } from "vitest";
import { SessionUserCache, TTL_MS } from "../../src/people/session-user-cache.js";
import type { SessionUser } from "../../src/people/scope.js";

const user = (id: number): SessionUser =>
  ({
    id,
    username: `u${id}`,
    displayName: `用户${id}`,
    roles: ["clerk"],
    organisation: {
      id: 1,
      name: "调委会",
      kind: "village_committee",
      regionCode: "430212",
      regionLevel: "county",
    },
  }) as SessionUser;

describe("the session user cache (issue 21)", () => {
  it("answers from memory within the TTL and not after", () => {
    const cache = new SessionUserCache();
    cache.set(1, user(1), 1_000);
    expect(cache.get(1, 1_000 + TTL_MS - 1)?.id).toBe(1);
    expect(cache.get(1, 1_000 + TTL_MS)).toBeUndefined();
  });

  it("keeps a 'no such active user' answer too, and forgets an entry at once", () => {
    const cache = new SessionUserCache();
    cache.set(2, null, 0);
    expect(cache.get(2, 1)).toBeNull();
    cache.set(3, user(3), 0);
    cache.forget(3);
    expect(cache.get(3, 1)).toBeUndefined();
  });

  it("stays bounded, dropping the oldest entries first", () => {
    const cache = new SessionUserCache();
    for (let id = 1; id <= 2_500; id++) cache.set(id, user(id), 0);
    expect(cache.get(1, 1)).toBeUndefined();
    expect(cache.get(2_500, 1)?.id).toBe(2_500);
  });
});
