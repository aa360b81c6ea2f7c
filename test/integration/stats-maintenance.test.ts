/**
 * The maintained aggregates follow every change: a case through its life via the API, the
 * escalation flags from the web forms, a mediator's kind changing, a case deleted, and many
 * writers and readers at once. After each step they equal a recount from scratch.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAggregates } from "../../src/reports/check.js";
import {
  CaseApi,
  intakeBody,
  loadRefs,
  LONG_TOKENS,
  prepareForMediation,
  sessionBody,
  TestClock,
  writtenAgreement,
  type Refs,
} from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { apiToken, csrfOf, loginAs } from "../support/web.js";

const clock = new TestClock("2026-09-01");
let ctx: TestContext;
let clerk: CaseApi;
let mediator: CaseApi;
let director: CaseApi;
let refs: Refs;
let officerToken: string;

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  clerk = await CaseApi.as(ctx.app, "clerk");
  mediator = await CaseApi.as(ctx.app, "mediator");
  director = await CaseApi.as(ctx.app, "director");
  refs = await loadRefs(ctx.knex);
  officerToken = await apiToken(ctx.app, "officer");
});
afterAll(() => ctx.close());

type Totals = Record<string, number | null>;

async function totals(query = "?from=2026-01-01&to=2026-12-31"): Promise<Totals> {
  const res = await request(ctx.app)
    .get(`/api/v1/stats${query}`)
    .set("Authorization", `Bearer ${officerToken}`);
  expect(res.status, res.text).toBe(200);
  return res.body.totals as Totals;
}

async function groups(groupBy: string): Promise<Record<string, Totals>> {
  const res = await request(ctx.app)
    .get(`/api/v1/stats?from=2026-01-01&to=2026-12-31&groupBy=${groupBy}`)
    .set("Authorization", `Bearer ${officerToken}`);
  expect(res.status, res.text).toBe(200);
  return Object.fromEntries((res.body.groups as (Totals & { key: string })[]).map((g) => [g.key, g]));
}

async function expectExact() {
  await ctx.services.stats.refresh();
  expect(await checkAggregates(ctx.knex)).toEqual([]);
}

describe("maintained aggregates", () => {
  it("installs the triggers that mark changed cases", async () => {
    const names =
      ctx.dialect === "sqlite"
        ? ((await ctx.knex("sqlite_master").where({ type: "trigger" }).pluck("name")) as string[])
        : (
            (await ctx.knex.raw("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).rows as {
              tgname: string;
            }[]
          ).map((r) => r.tgname);
    for (const t of [
      "cases",
      "case_assignments",
      "agreements",
      "obligations",
      "confirmations",
      "follow_ups",
    ]) {
      for (const op of ["ins", "upd", "del"]) expect(names).toContain(`stats_${t}_${op}`);
    }
    expect(names).toContain("stats_mediators_kind");
  });

  it("follows a case through its life, step by step", async () => {
    clock.set("2026-09-01");
    const { id } = await clerk.create(intakeBody());
    expect(await totals()).toMatchObject({ found: 1, accepted: 0, concluded: 0 });
    await expectExact();

    await prepareForMediation(clerk, id, refs.mediator("王德明"), "2026-09-01");
    expect(await totals()).toMatchObject({ found: 1, accepted: 1, concluded: 0, overdue: 0 });
    expect((await groups("mediatorKind")).staff).toMatchObject({ found: 1, accepted: 1 });

    // The deadline: 1 October falls in the National Day holiday, so 8 October; overdue from the 9th.
    expect((await clerk.detail(id)).mediationDueOn).toBe("2026-10-08");
    clock.set("2026-10-08");
    expect(await totals()).toMatchObject({ overdue: 0 });
    clock.set("2026-10-15");
    expect(await totals()).toMatchObject({ overdue: 1 });

    await mediator.do(
      id,
      "record-session",
      sessionBody("2026-10-15T09:00", "agreement", "双方同意调解方案。"),
    );
    const kase = await mediator.detail(id);
    await mediator.do(
      id,
      "record-agreement",
      writtenAgreement(kase, "2026-10-15", ["2026-10-16", "2026-10-26"]),
    );
    expect(await totals()).toMatchObject({
      accepted: 1,
      concluded: 1,
      successful: 1,
      successRate: 1,
      overdue: 0,
      daysToConcludeTotal: 44,
      medianDaysToConclude: 44,
      amountAgreedFen: 50000,
      obligationsDue: 0,
      performanceRate: null,
    });
    await expectExact();

    clock.set("2026-10-26");
    await clerk.do(id, "record-performance", {
      obligationIndex: 0,
      performedOn: "2026-10-16",
      note: "已疏通",
    });
    expect(await totals()).toMatchObject({
      obligationsDue: 2,
      obligationsPerformed: 1,
      performanceRate: 0.5,
    });
    await clerk.do(id, "follow-up", {
      visitedOn: "2026-10-26",
      method: "phone",
      performed: "partly",
      satisfaction: "dissatisfied",
    });
    expect(await totals()).toMatchObject({ followUps: 1, satisfiedFollowUps: 0, satisfactionRate: 0 });
    await expectExact();

    // A mediator record's kind is corrected: the case moves to the other kind.
    await ctx.knex("mediators").where({ name: "王德明" }).update({ kind: "five_elders" });
    const byKind = await groups("mediatorKind");
    expect(byKind.five_elders).toMatchObject({ found: 1, concluded: 1 });
    expect(byKind.staff).toMatchObject({ found: 0, concluded: 0 });
    await ctx.knex("mediators").where({ name: "王德明" }).update({ kind: "staff" });
    expect((await groups("mediatorKind")).staff).toMatchObject({ found: 1, concluded: 1 });
    await expectExact();
  });

  it("records prevented escalations from the resolve-on-spot and close forms", async () => {
    clock.set("2026-10-27");
    const before = await totals();
    const { id } = await clerk.create(intakeBody());
    const web = await loginAs(ctx.app, "clerk");
    const form = `/cases/${id}/actions/resolve-on-spot`;
    const csrf = await csrfOf(web, form);
    const version = (await clerk.detail(id)).version;
    const refused = await web
      .post(form)
      .type("form")
      .send({ _csrf: csrf, version, summary: "双方当场和解。", preventedCriminal: "on" })
      .expect(400);
    expect(refused.text).toContain("请填写防止民转刑涉及的人数");
    await web
      .post(form)
      .type("form")
      .send({
        _csrf: csrf,
        version,
        summary: "双方当场和解。",
        preventedCriminal: "on",
        preventedCriminalPeople: "5",
        preventedPetition: "on",
        preventedPetitionPeople: "12",
      })
      .expect(303);
    expect(await totals()).toMatchObject({
      found: Number(before.found) + 1,
      prevented: Number(before.prevented) + 1,
      preventedCriminalCases: 1,
      preventedCriminalPeople: 5,
      preventedPetitionCases: 1,
      preventedPetitionPeople: 12,
    });

    // Through the API: a failed mediation closed by the director, having prevented a group petition.
    const second = await clerk.create(intakeBody());
    await prepareForMediation(clerk, second.id, refs.mediator("王德明"), "2026-10-27");
    await mediator.do(second.id, "terminate", { reason: "no_agreement", advice: "可向人民法院起诉。" });
    await director.do(second.id, "close", { preventedPetition: true, preventedPetitionPeople: 30 });
    expect(await totals()).toMatchObject({
      preventedPetitionCases: 2,
      preventedPetitionPeople: 42,
      preventedCriminalCases: 1,
    });
    await expectExact();
  });

  it("forgets a deleted case", async () => {
    const before = await totals();
    const { id } = await clerk.create(intakeBody());
    expect((await totals()).found).toBe(Number(before.found) + 1);
    await ctx.knex("cases").where({ id }).delete();
    expect((await totals()).found).toBe(before.found);
    await expectExact();
  });

  it("stays exactly right with many writers and readers at once", async () => {
    clock.set("2026-11-02");
    const before = await totals();
    const reads: Promise<unknown>[] = [];
    const writes = Array.from({ length: 12 }, async (_x, i) => {
      const { id } = await clerk.create(intakeBody({ summary: `并发登记第 ${i + 1} 件` }));
      reads.push(totals(), ctx.services.stats.refresh());
      const { version } = await clerk.detail(id);
      const res = await clerk.act(id, "accept", { version });
      expect(res.status, res.text).toBe(200);
      reads.push(totals("?from=2026-11-01&to=2026-11-30"));
    });
    await Promise.all([...writes, ...Array.from({ length: 6 }, () => totals())]);
    await Promise.all(reads);
    const after = await totals();
    expect(after.found).toBe(Number(before.found) + 12);
    expect(after.accepted).toBe(Number(before.accepted) + 12);
    await expectExact();
  });
});

describe("web form", () => {
  it("keeps the typed escalation counts when the close form comes back with an error", async () => {
    const { id } = await clerk.create(intakeBody());
    await prepareForMediation(clerk, id, refs.mediator("王德明"), "2026-11-02");
    await mediator.do(id, "terminate", { reason: "party_refused", advice: "可向人民法院起诉。" });
    const web = await loginAs(ctx.app, "director");
    const form = `/cases/${id}/actions/close`;
    const csrf = await csrfOf(web, form);
    const res = await web
      .post(form)
      .type("form")
      .send({
        _csrf: csrf,
        version: (await director.detail(id)).version,
        preventedPetition: "on",
        preventedPetitionPeople: "0",
      })
      .expect(400);
    expect(res.text).toContain("防止群体性上访涉及人数应为正整数");
    expect(res.text).toMatch(/id="f-preventedPetition"[^>]*checked/);
  });
});
