/**
 * Statistics on a hand-made set of fourteen cases (test/support/stats-data.ts) where every
 * number is known: the API's totals and groups, a period that starts and ends mid-month, the
 * scopes of each role, and the aggregates against a recount from scratch.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATS_NOW, seedStatsDataset } from "../support/stats-data.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { apiToken } from "../support/web.js";
import { LONG_TOKENS } from "../support/cases.js";
import { checkAggregates } from "../../src/reports/check.js";
import { rebuildStats } from "../../src/reports/refresh.js";
import { scopeFor } from "../../src/people/scope.js";

let ctx: TestContext;
const tokens = new Map<string, string>();

beforeAll(async () => {
  ctx = await createTestContext({ clock: { now: () => new Date(STATS_NOW) }, config: LONG_TOKENS });
  await seedStatsDataset(ctx.knex);
});
afterAll(() => ctx.close());

async function api(username: string, query: string) {
  if (!tokens.has(username)) tokens.set(username, await apiToken(ctx.app, username));
  return request(ctx.app)
    .get(`/api/v1/stats${query}`)
    .set("Authorization", `Bearer ${tokens.get(username)}`);
}

type Body = {
  totals: Record<string, number | null>;
  groups: (Record<string, number | null> & { key: string; name: string })[];
};

async function stats(username: string, query: string): Promise<Body> {
  const res = await api(username, query);
  expect(res.status, res.text).toBe(200);
  return res.body as Body;
}

/** The year 2026 for the county officer: every case is in the county. */
const YEAR_TOTALS = {
  found: 11,
  prevented: 1,
  accepted: 9,
  concluded: 7,
  successful: 5,
  successRate: 5 / 7,
  conclusionRate: 7 / 9,
  villageConcluded: 5,
  villageShare: 5 / 7,
  daysToConcludeTotal: 137,
  avgDaysToConclude: 137 / 7,
  medianDaysToConclude: 19,
  // C6 and C12 past their mediation deadline, C10 past an instalment (src/cases/overdue.ts).
  overdue: 3,
  confirmationsApplied: 4,
  confirmed: 2,
  rejected: 1,
  obligationsDue: 5,
  obligationsPerformed: 4,
  performanceRate: 4 / 5,
  followUps: 4,
  satisfiedFollowUps: 3,
  ratings: 0,
  satisfiedRatings: 0,
  satisfactionAnswers: 4,
  satisfiedAnswers: 3,
  satisfactionRate: 3 / 4,
  amountAgreedFen: 2_950_000,
  preventedCriminalCases: 1,
  preventedCriminalPeople: 3,
  preventedPetitionCases: 1,
  preventedPetitionPeople: 40,
};

describe("GET /api/v1/stats", () => {
  it("counts every figure of 2026 for the county", async () => {
    const body = await stats("officer", "?from=2026-01-01&to=2026-12-31");
    expect(body.totals).toEqual(YEAR_TOTALS);
    expect(body.groups).toEqual([]);
  });

  it("answers unknown rates as null, never NaN or 1", async () => {
    const body = await stats("officer", "?from=2030-01-01&to=2030-12-31");
    for (const key of [
      "successRate",
      "conclusionRate",
      "villageShare",
      "avgDaysToConclude",
      "medianDaysToConclude",
      "performanceRate",
      "satisfactionRate",
    ]) {
      expect(body.totals[key], key).toBeNull();
    }
    expect(body.totals.found).toBe(0);
    // Overdue is "now", whatever the period.
    expect(body.totals.overdue).toBe(3);
  });

  it("counts a period that starts and ends mid-month (whole months and odd days)", async () => {
    const body = await stats("officer", "?from=2026-03-15&to=2026-06-10");
    expect(body.totals).toEqual({
      found: 3,
      prevented: 1,
      accepted: 2,
      concluded: 3,
      successful: 3,
      successRate: 1,
      // Concluding cases accepted before the period: more concluded than accepted.
      conclusionRate: 3 / 2,
      villageConcluded: 3,
      villageShare: 1,
      daysToConcludeTotal: 53,
      avgDaysToConclude: 53 / 3,
      medianDaysToConclude: 17,
      overdue: 3,
      confirmationsApplied: 1,
      confirmed: 1,
      rejected: 1,
      obligationsDue: 4,
      obligationsPerformed: 4,
      performanceRate: 1,
      followUps: 2,
      satisfiedFollowUps: 2,
      ratings: 0,
      satisfiedRatings: 0,
      satisfactionAnswers: 2,
      satisfiedAnswers: 2,
      satisfactionRate: 1,
      amountAgreedFen: 150_000,
      preventedCriminalCases: 1,
      preventedCriminalPeople: 3,
      preventedPetitionCases: 1,
      preventedPetitionPeople: 40,
    });
  });

  it("refuses a bad query with every bad field named", async () => {
    const res = await api("officer", "?groupBy=village&from=2026-13-01&region=12");
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    const fields = (res.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(["from", "groupBy", "region"]);
    expect((await api("officer", "?from=2026-05-01&to=2026-04-01")).status).toBe(400);
    expect((await api("officer", "?region=430212999000")).status).toBe(400);
    expect((await request(ctx.app).get("/api/v1/stats")).status).toBe(401);
  });

  it("answers the roles of the statistics page only, as the page does (issue 14, L9)", async () => {
    for (const username of ["clerk", "clerk2", "mediator", "judge", "admin"]) {
      const res = await api(username, "?from=2026-01-01&to=2026-12-31");
      expect(res.status, username).toBe(403);
      expect(res.headers["content-type"]).toContain("application/problem+json");
    }
  });
});

/** found, accepted, concluded, successful, overdue, amountAgreedFen, followUps of each group. */
const COMPACT = ["found", "accepted", "concluded", "successful", "overdue", "amountAgreedFen", "followUps"];
const compact = (body: Body) => body.groups.map((g) => [g.name, ...COMPACT.map((k) => g[k])]);

describe("groups", () => {
  it("by dispute type, every type in the ministry's order", async () => {
    const body = await stats("officer", "?from=2026-01-01&to=2026-12-31&groupBy=type");
    expect(body.totals).toEqual(YEAR_TOTALS);
    expect(compact(body)).toEqual([
      ["婚姻家庭", 1, 1, 1, 1, 0, 0, 1],
      ["邻里", 4, 4, 1, 1, 2, 130_000, 1],
      ["房屋宅基地", 1, 1, 1, 0, 0, 0, 0],
      ["合同", 1, 0, 0, 0, 0, 0, 0],
      ["生产经营", 0, 0, 0, 0, 0, 0, 0],
      ["损害赔偿", 1, 1, 1, 1, 0, 20_000, 0],
      ["山林土地", 1, 1, 1, 1, 0, 300_000, 0],
      ["征地拆迁", 1, 1, 1, 0, 0, 0, 0],
      ["环境污染", 0, 0, 0, 0, 0, 0, 0],
      ["劳动争议", 0, 0, 0, 0, 0, 0, 0],
      ["消费", 1, 0, 0, 0, 0, 0, 0],
      ["医疗", 0, 0, 0, 0, 0, 0, 0],
      ["道路交通事故", 0, 0, 1, 1, 1, 2_500_000, 2],
      ["物业", 0, 0, 0, 0, 0, 0, 0],
      ["其他", 0, 0, 0, 0, 0, 0, 0],
    ]);
    expect(body.groups[1]).toMatchObject({ key: "neighbourhood", successRate: 1, conclusionRate: 1 / 4 });
    expect(body.groups[2]).toMatchObject({ key: "housing_homestead", successRate: 0 });
    expect(body.groups[3]).toMatchObject({ key: "contract", successRate: null, conclusionRate: null });
  });

  it("by region, drilling down county › township › village", async () => {
    const county = await stats("officer", "?from=2026-01-01&to=2026-12-31&groupBy=region");
    expect(county.totals).toEqual(YEAR_TOTALS);
    expect(compact(county)).toEqual([
      ["渌口镇", 0, 0, 1, 1, 1, 2_500_000, 2],
      ["南洲镇", 11, 9, 6, 4, 2, 450_000, 2],
    ]);
    expect(county.groups.map((g) => g.regionCode)).toEqual(["430212100000", "430212101000"]);

    const township = await stats(
      "officer",
      "?from=2026-01-01&to=2026-12-31&groupBy=region&region=430212101000",
    );
    expect(township.totals).toMatchObject({
      found: 11,
      accepted: 9,
      concluded: 6,
      successful: 4,
      overdue: 2,
    });
    expect(compact(township)).toEqual([
      ["北洲村", 7, 6, 4, 3, 2, 150_000, 2],
      ["洲坪村", 4, 3, 2, 1, 0, 300_000, 0],
    ]);

    const village = await stats(
      "officer",
      "?from=2026-01-01&to=2026-12-31&groupBy=region&region=430212101201",
    );
    expect(village.totals).toMatchObject({ found: 7, accepted: 6, concluded: 4, successful: 3 });
    expect(compact(village)).toEqual([
      ["北洲村第一村民小组", 1, 1, 1, 1, 0, 0, 1],
      ["北洲村第二村民小组", 0, 0, 0, 0, 0, 0, 0],
      ["北洲村（本级）", 6, 5, 3, 2, 2, 150_000, 1],
    ]);
  });

  it("by mediator kind (the active lead), source, committee and month", async () => {
    const kind = await stats("officer", "?from=2026-01-01&to=2026-12-31&groupBy=mediatorKind");
    expect(compact(kind)).toEqual([
      ["专职/兼职调解员", 4, 5, 3, 2, 2, 150_000, 1],
      ["“五老”调解员", 2, 2, 2, 2, 0, 300_000, 1],
      ["乡贤调解员", 1, 1, 1, 0, 0, 0, 0],
      ["专家调解员", 0, 0, 1, 1, 1, 2_500_000, 2],
      ["未指派调解员", 4, 1, 0, 0, 0, 0, 0],
    ]);

    const source = await stats("officer", "?from=2026-01-01&to=2026-12-31&groupBy=source");
    expect(compact(source)).toEqual([
      ["当事人申请", 5, 4, 2, 2, 2, 150_000, 1],
      ["主动调解", 2, 2, 1, 1, 0, 0, 1],
      ["网格员上报", 1, 1, 1, 0, 0, 0, 0],
      ["12345 热线转办", 1, 0, 0, 0, 0, 0, 0],
      ["法院诉前委派", 0, 0, 0, 0, 0, 0, 1],
      ["公安机关移送（警调对接）", 0, 0, 1, 1, 1, 2_500_000, 1],
      ["信访部门转办", 2, 2, 2, 1, 0, 300_000, 0],
    ]);

    const committee = await stats("officer", "?from=2026-01-01&to=2026-12-31&groupBy=committee");
    expect(compact(committee)).toEqual([
      ["北洲村人民调解委员会", 7, 6, 4, 3, 2, 150_000, 2],
      ["洲坪村人民调解委员会", 3, 2, 1, 1, 0, 300_000, 0],
      ["南洲镇人民调解委员会", 1, 1, 1, 0, 0, 0, 0],
      ["渌口区道路交通事故纠纷人民调解委员会", 0, 0, 1, 1, 1, 2_500_000, 2],
    ]);
    expect(committee.groups[0]).toMatchObject({ villageConcluded: 4, villageShare: 1 });
    expect(committee.groups[2]).toMatchObject({ villageConcluded: 0, villageShare: 0 });

    const month = await stats("officer", "?from=2026-01-01&to=2026-12-31&groupBy=month");
    expect(month.totals).toEqual(YEAR_TOTALS);
    expect(compact(month)).toEqual([
      ["2026年1月", 0, 1, 1, 1, 0, 2_500_000, 1],
      ["2026年2月", 1, 1, 0, 0, 2, 0, 1],
      ["2026年3月", 2, 2, 2, 1, 0, 130_000, 0],
      ["2026年4月", 1, 1, 2, 2, 0, 20_000, 0],
      ["2026年5月", 0, 0, 0, 0, 0, 0, 1],
      ["2026年6月", 2, 1, 1, 0, 0, 0, 1],
      ["2026年7月", 1, 0, 0, 0, 0, 0, 0],
      ["2026年8月", 1, 0, 0, 0, 0, 0, 0],
      ["2026年9月", 1, 1, 1, 1, 0, 300_000, 0],
      ["2026年10月", 1, 1, 0, 0, 0, 0, 0],
      ["2026年11月", 1, 1, 0, 0, 1, 0, 0],
      ["2026年12月", 0, 0, 0, 0, 0, 0, 0],
    ]);
  });
});

describe("scope", () => {
  it("covers exactly the cases each role may see", async () => {
    const counts = (b: Body) => [b.totals.found, b.totals.accepted, b.totals.concluded, b.totals.successful];
    const q = "?from=2026-01-01&to=2026-12-31";
    expect(counts(await stats("director", q))).toEqual([7, 6, 4, 3]);
    // Roles without the statistics page are counted by the service alone (the API refuses them).
    const viaService = async (username: string): Promise<Body> => {
      const id = Number((await ctx.knex("users").where({ username }).first()).id);
      const user = await ctx.services.auth.sessionUser(id);
      return (await ctx.services.stats.stats(user!, { from: "2026-01-01", to: "2026-12-31" })) as never;
    };
    expect(counts(await viaService("mediator"))).toEqual([7, 6, 4, 3]);
    expect(counts(await viaService("clerk2"))).toEqual([3, 2, 1, 1]);
    // The judge sees the cases with an application at the court: C2, C7, C9 and C10.
    const judge = await viaService("judge");
    expect(counts(judge)).toEqual([3, 3, 4, 3]);
    expect(judge.totals).toMatchObject({ confirmationsApplied: 4, confirmed: 2, rejected: 1 });
  });

  it("sums the daily facts of visible cases to the same figures as the aggregates", async () => {
    const officer = await ctx.services.auth.sessionUser(
      Number((await ctx.knex("users").where({ username: "officer" }).first()).id),
    );
    const scope = StatsServiceScope(officer!);
    for (const [from, to] of [
      ["2026-01-01", "2026-12-31"],
      ["2026-03-15", "2026-06-10"],
      ["2025-11-01", "2026-11-23"],
      // a whole year (yearly aggregates) between months and odd days at either end
      ["2024-11-15", "2027-02-10"],
    ] as const) {
      for (const groupBy of [
        null,
        "type",
        "region",
        "month",
        "source",
        "mediatorKind",
        "committee",
      ] as const) {
        const viaAggregates = await ctx.services.stats.stats(officer!, { from, to, groupBy });
        const viaFacts = await ctx.services.stats.stats(officer!, { from, to, groupBy }, scope);
        expect(viaFacts, `${from}..${to} by ${groupBy}`).toEqual(viaAggregates);
      }
    }
  });

  it("keeps the aggregates equal to a recount from scratch, and rebuilds them the same", async () => {
    await ctx.services.stats.refresh();
    expect(await checkAggregates(ctx.knex)).toEqual([]);
    const before = await stats("officer", "?from=2026-03-15&to=2026-11-30&groupBy=type");
    expect(await rebuildStats(ctx.knex)).toBe(14);
    expect(await checkAggregates(ctx.knex)).toEqual([]);
    expect(await stats("officer", "?from=2026-03-15&to=2026-11-30&groupBy=type")).toEqual(before);
  });
});

function StatsServiceScope(
  user: NonNullable<Awaited<ReturnType<TestContext["services"]["auth"]["sessionUser"]>>>,
) {
  return { kind: "cases" as const, user, scope: scopeFor(user) };
}
