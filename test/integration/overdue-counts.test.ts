/**
 * Issue 16, item 6: one 逾期 for every page (src/reports/README.md, "Overdue"). On the statistics
 * data set plus four cases at the edges, the officer's desk, a committee's desks, the case list's
 * overdue filter and 当前逾期 of the statistics give the same count for the same scope.
 * "Today" is the Beijing date: the clock stands at 01:30 on 24 November in Beijing, still the
 * 23rd in UTC, so a deadline of the 23rd is overdue and one of the 24th is due today (今日到期).
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LONG_TOKENS } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { PLACES, seedStatsDataset, STATS_CASES } from "../support/stats-data.js";
import { apiToken, loginAs } from "../support/web.js";

const EDGE_CASES: typeof STATS_CASES = [
  // Due yesterday in Beijing (today in UTC): overdue.
  {
    key: "X1",
    org: "beizhou",
    region: PLACES.beizhou,
    type: "neighbourhood",
    source: "application",
    status: "in_mediation",
    registered: "2026-10-20",
    accepted: "2026-10-23",
    due: "2026-11-23",
    lead: "王德明",
  },
  // Due today: 今日到期, not overdue.
  {
    key: "X2",
    org: "beizhou",
    region: PLACES.beizhou,
    type: "neighbourhood",
    source: "application",
    status: "accepted",
    registered: "2026-10-22",
    accepted: "2026-10-24",
    due: "2026-11-24",
  },
  // Only a superseded agreement's obligation is past due: not overdue.
  {
    key: "X3",
    org: "beizhou",
    region: PLACES.beizhou,
    type: "contract",
    source: "application",
    status: "agreement",
    registered: "2026-09-01",
    accepted: "2026-09-02",
    due: "2026-10-02",
    concluded: "2026-09-20",
    obligations: [{ due: "2026-12-20" }],
    superseded: [{ due: "2026-10-01" }],
  },
  // An effective agreement's instalment unpaid since 1 November: overdue.
  {
    key: "X4",
    org: "zhouping",
    region: PLACES.zhouping,
    type: "contract",
    source: "application",
    status: "agreement",
    registered: "2026-09-01",
    accepted: "2026-09-02",
    due: "2026-10-02",
    concluded: "2026-09-25",
    obligations: [{ due: "2026-11-01" }],
  },
];

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({
    clock: { now: () => new Date("2026-11-23T17:30:00Z") },
    config: LONG_TOKENS,
  });
  STATS_CASES.push(...EDGE_CASES);
  try {
    await seedStatsDataset(ctx.knex);
  } finally {
    STATS_CASES.splice(-EDGE_CASES.length);
  }
});
afterAll(() => ctx.close());

/** "已逾期 N 件" on the user's desk, or 0 when the desk shows no such group. */
async function deskCount(username: string): Promise<number> {
  const res = await (await loginAs(ctx.app, username)).get("/").expect(200);
  const counts = [...res.text.matchAll(/已逾期 (\d+) 件/g)].map((m) => Number(m[1]));
  expect(counts.length, "one counted overdue group").toBeLessThanOrEqual(1);
  return counts[0] ?? 0;
}

async function listCount(username: string, query = "overdue=1"): Promise<number> {
  const token = await apiToken(ctx.app, username);
  const res = await request(ctx.app).get(`/api/v1/cases?${query}`).set("Authorization", `Bearer ${token}`);
  expect(res.status, res.text).toBe(200);
  return (res.body as { total: number }).total;
}

/** 当前逾期 of /stats, read through the API (the page reads the same StatsService.stats). */
async function statsOverdue(username: string): Promise<number> {
  const token = await apiToken(ctx.app, username);
  const res = await request(ctx.app).get("/api/v1/stats").set("Authorization", `Bearer ${token}`);
  expect(res.status, res.text).toBe(200);
  return (res.body as { totals: { overdue: number } }).totals.overdue;
}

describe("one overdue count for every page (issue 16)", () => {
  it("the county: officer's desk = /cases?overdue=1 = 当前逾期 of /stats", async () => {
    // C6, C12 and X1 past the mediation deadline; C10 and X4 past an instalment.
    expect(await deskCount("officer")).toBe(5);
    expect(await listCount("officer")).toBe(5);
    expect(await statsOverdue("officer")).toBe(5);
  });

  it("a committee: clerk's and director's desks = their list = the director's /stats", async () => {
    // 北洲村: C6, C12, X1 (X2 is due today, X3's late obligation was superseded).
    expect(await deskCount("clerk")).toBe(3);
    expect(await deskCount("director")).toBe(3);
    expect(await listCount("clerk")).toBe(3);
    expect(await listCount("director")).toBe(3);
    expect(await statsOverdue("director")).toBe(3);
    // 洲坪村: X4.
    expect(await deskCount("clerk2")).toBe(1);
    expect(await listCount("clerk2")).toBe(1);
  });

  it("a mediator: their own overdue cases, as the list counts them", async () => {
    // 王德明 leads C6, C12 and X1.
    expect(await deskCount("mediator")).toBe(3);
    expect(await listCount("mediator", "overdue=1&mine=1")).toBe(3);
  });

  it("names the deadline of each overdue case, in Beijing dates", async () => {
    const res = await (await loginAs(ctx.app, "officer")).get("/").expect(200);
    expect(res.text).toContain("调解期限 2026年11月23日 已逾期 1 天");
    expect(res.text).toContain("履行期限 2026年11月1日 已逾期 23 天");
    const clerk = await (await loginAs(ctx.app, "clerk")).get("/cases").expect(200);
    expect(clerk.text).toContain("今日到期");
  });
});
