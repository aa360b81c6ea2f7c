import { afterEach, describe, expect, it, vi } from "vitest";
import { shortCache } from "../../src/shared/short-cache.js";

describe("shortCache (the case list's filter options)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("reads once for ttl milliseconds, then again", async () => {
    vi.useFakeTimers();
    const cached = shortCache<object>(30_000);
    const owner = {};
    let reads = 0;
    const load = () => Promise.resolve(++reads);
    expect(await cached(owner, "types", load)).toBe(1);
    expect(await cached(owner, "types", load)).toBe(1);
    vi.advanceTimersByTime(29_999);
    expect(await cached(owner, "types", load)).toBe(1);
    vi.advanceTimersByTime(2);
    expect(await cached(owner, "types", load)).toBe(2);
  });

  it("keeps owners and keys apart", async () => {
    const cached = shortCache<object>(30_000);
    const [a, b] = [{}, {}];
    expect(await cached(a, "types", () => Promise.resolve("a"))).toBe("a");
    expect(await cached(b, "types", () => Promise.resolve("b"))).toBe("b");
    expect(await cached(a, "regions", () => Promise.resolve("r"))).toBe("r");
    expect(await cached(a, "types", () => Promise.resolve("x"))).toBe("a");
  });

  it("forgets a failed read", async () => {
    const cached = shortCache<object>(30_000);
    const owner = {};
    await expect(cached(owner, "types", () => Promise.reject(new Error("busy")))).rejects.toThrow("busy");
    expect(await cached(owner, "types", () => Promise.resolve("ok"))).toBe("ok");
  });
});
