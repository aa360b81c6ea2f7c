import { afterEach, describe, expect, it, vi } from "vitest";
import { memoised, PAGE_MEMO_MS } from "../../src/reports/page-memo.js";

describe("the statistics page's memo", () => {
  afterEach(() => vi.useRealTimers());

  it("shares one computation while the aggregates are unchanged, for a few seconds only", async () => {
    vi.useFakeTimers();
    let runs = 0;
    const compute = async () => ++runs;
    const [a, b] = await Promise.all([memoised("k1", "7", compute), memoised("k1", "7", compute)]);
    expect([a, b, runs]).toEqual([1, 1, 1]);
    // Another key, or a refresh of the aggregates (a new version), computes again.
    expect(await memoised("k2", "7", compute)).toBe(2);
    expect(await memoised("k1", "8", compute)).toBe(3);
    expect(await memoised("k1", "8", compute)).toBe(3);
    vi.advanceTimersByTime(PAGE_MEMO_MS);
    expect(await memoised("k1", "8", compute)).toBe(4);
    expect(PAGE_MEMO_MS).toBeLessThanOrEqual(5000);
  });

  it("keeps no failure", async () => {
    await expect(memoised("k3", "1", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await memoised("k3", "1", async () => "ok")).toBe("ok");
  });
});
