import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CaseApi,
  countRows,
  expectProblem,
  fieldsOf,
  intakeBody,
  LONG_TOKENS,
  loadRefs,
  prepareForMediation,
  sessionBody,
  TestClock,
} from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { csrfOf, loginAs, type Agent } from "../support/web.js";

/**
 * 防激化措施 (RL25, GD24): recorded on an open case (API and form), refused once closed, shown on
 * the case page and its timeline; closure proposes the prevented escalation and the statistics count it.
 */

const clock = new TestClock("2026-09-01");
let ctx: TestContext;
let clerk: CaseApi;
let mediator: CaseApi;
let director: CaseApi;
let officer: CaseApi;
let web: Agent;
let wang: number;

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  const refs = await loadRefs(ctx.knex);
  [clerk, mediator, director, officer] = await Promise.all([
    CaseApi.as(ctx.app, "clerk"),
    CaseApi.as(ctx.app, "mediator"),
    CaseApi.as(ctx.app, "director"),
    CaseApi.as(ctx.app, "officer"),
  ]);
  web = await loginAs(ctx.app, "director");
  wang = refs.mediator("王德明");
});
afterAll(() => ctx.close());

const criminalRisk = {
  takenAt: "2026-09-01T09:00:00+08:00",
  measures: "当场将双方分开，劝说申请人放下农具，通知村干部和双方亲属到场稳定情绪。",
  risks: ["criminal", "public_security"],
  riskDetail: "申请人扬言要烧对方的房子",
  people: 3,
  referralBody: "police",
  referralUnit: "南洲镇派出所",
  referralOn: "2026-09-01",
  referralReceipt: "值班民警李强 13900000001",
};

async function stats(): Promise<Record<string, number>> {
  const res = await director.getApi("/stats?from=2026-01-01&to=2026-12-31");
  expect(res.status, res.text).toBe(200);
  return (res.body as { totals: Record<string, number> }).totals;
}

async function postForm(path: string, fields: Record<string, string | string[]>) {
  return web
    .post(path)
    .type("form")
    .send({ _csrf: await csrfOf(web, path), ...fields });
}

describe("record-intervention", () => {
  let id: number;

  it("is what the escalate warning links to, on a dispute the village committee should not keep", async () => {
    ({ id } = await clerk.create(intakeBody({ riskLevel: "major", summary: "宅基地纠纷，一方扬言动手。" })));
    const kase = await clerk.detail(id);
    expect(kase.warnings).toEqual([
      expect.objectContaining({ kind: "escalate", action: "record-intervention" }),
    ]);
    expect(kase.allowedActions).toContain("record-intervention");
    const page = await web.get(`/cases/${id}`).expect(200);
    expect(page.text).toContain(`<a href="/cases/${id}/actions/record-intervention">`);
  });

  it("refuses bad input with 400 naming the fields, and a possible criminal case without a report (RL25)", async () => {
    const before = await countRows(ctx.knex, "case_interventions");
    const empty = expectProblem(await clerk.try(id, "record-intervention", {}), 400);
    expect(fieldsOf(empty).sort()).toEqual(["measures", "people", "risks", "takenAt"]);
    const unreported = expectProblem(
      await clerk.try(id, "record-intervention", {
        ...criminalRisk,
        referralBody: undefined,
        referralUnit: undefined,
        referralOn: undefined,
        referralReceipt: undefined,
      }),
      400,
    );
    expect(unreported.errors).toEqual([
      { field: "referralBody", message: expect.stringContaining("人民调解法第二十五条") as string },
    ]);
    expect(await countRows(ctx.knex, "case_interventions")).toBe(before);
  });

  it("records the measures, the risks and the report through the API, on the case and its timeline", async () => {
    const kase = await clerk.do(id, "record-intervention", criminalRisk);
    expect(kase.status).toBe("intake");
    expect(kase.interventions).toEqual([
      {
        id: expect.any(Number) as number,
        takenAt: "2026-09-01T01:00:00.000Z",
        measures: criminalRisk.measures,
        risks: ["criminal", "public_security"],
        riskDetail: "申请人扬言要烧对方的房子",
        people: 3,
        referral: {
          body: "police",
          unit: "南洲镇派出所",
          on: "2026-09-01",
          receipt: "值班民警李强 13900000001",
        },
        recordedBy: expect.any(String) as string,
      },
    ]);
    const event = kase.events.at(-1)!;
    expect(event.action).toBe("record-intervention");
    expect(event.summary).toContain("防激化措施（可能引发刑事案件、可能引发治安案件，涉及 3 人）");
    expect(event.summary).toContain("向南洲镇派出所（公安机关（派出所））报告");

    const page = await web.get(`/cases/${id}`).expect(200);
    expect(page.text).toContain("防激化措施（1 次）");
    expect(page.text).toContain(
      "向南洲镇派出所（公安机关（派出所））报告，回执或联系人：值班民警李强 13900000001",
    );
    expect(page.text).toContain(event.summary);
  });

  it("is refused to those who do not handle the case", async () => {
    expectProblem(await officer.try(id, "record-intervention", criminalRisk), 403);
  });

  it("takes the form too, with a group-incident risk; resolve-on-spot then proposes both escalations", async () => {
    const form = await web.get(`/cases/${id}/actions/record-intervention`).expect(200);
    expect(form.text).toContain('name="risks" value="mass_incident"');
    const { version } = await clerk.detail(id);
    const res = await postForm(`/cases/${id}/actions/record-intervention`, {
      version: String(version),
      takenAt: "2026-09-01T09:40",
      measures: "劝说聚集的二十余名村民散去，约定次日由镇调委会主持协商。",
      risks: "mass_incident",
      people: "25",
      referralBody: "comprehensive_center",
      referralUnit: "南洲镇综治中心",
      referralOn: "2026-09-01",
      referralReceipt: "",
    });
    expect(res.status, res.text).toBe(303);
    expect((await clerk.detail(id)).interventions.map((i) => i.people)).toEqual([3, 25]);

    const spot = await web.get(`/cases/${id}/actions/resolve-on-spot`).expect(200);
    expect(spot.text).toContain("本案记录了 2 次防激化措施");
    expect(spot.text).toMatch(/name="preventedCriminal" checked/);
    expect(spot.text).toMatch(/name="preventedCriminalPeople" type="number" value="3"/);
    expect(spot.text).toMatch(/name="preventedPetition" checked/);
    expect(spot.text).toMatch(/name="preventedPetitionPeople" type="number" value="25"/);
  });

  it("is refused once the case is closed", async () => {
    const before = await stats();
    const { version } = await director.detail(id);
    const res = await postForm(`/cases/${id}/actions/resolve-on-spot`, {
      version: String(version),
      summary: "经劝解双方平静下来，当场达成谅解。",
      preventedCriminal: "on",
      preventedCriminalPeople: "3",
      preventedPetition: "on",
      preventedPetitionPeople: "25",
    });
    expect(res.status, res.text).toBe(303);
    const after = await stats();
    expect(after.preventedCriminalCases! - before.preventedCriminalCases!).toBe(1);
    expect(after.preventedPetitionPeople! - before.preventedPetitionPeople!).toBe(25);

    expect((await director.detail(id)).allowedActions).not.toContain("record-intervention");
    const refused = expectProblem(await director.try(id, "record-intervention", criminalRisk), 409);
    expect(refused.detail).toContain("已结案");
    await web.get(`/cases/${id}/actions/record-intervention`).expect(409);
  });
});

describe("closure after a failed mediation", () => {
  it("lets the assigned mediator record an intervention after termination; close proposes 防止民转刑 and the stats count it", async () => {
    const { id } = await clerk.create(intakeBody({ summary: "承包地边界纠纷，调解不成后一方扬言报复。" }));
    await prepareForMediation(clerk, id, wang, "2026-09-01");
    await mediator.do(
      id,
      "record-session",
      sessionBody("2026-09-01T10:00:00+08:00", "failed", "双方分歧较大。"),
    );
    await mediator.do(id, "terminate", { reason: "no_agreement", advice: "可向人民法院提起诉讼" });

    clock.set("2026-09-02");
    const before = await countRows(ctx.knex, "case_interventions", { case_id: id });
    expect(before).toBe(0);
    const noProposal = await web.get(`/cases/${id}/actions/close`).expect(200);
    expect(noProposal.text).not.toContain("防激化措施");
    expect(noProposal.text).toMatch(/name="preventedCriminal">/);

    await mediator.do(id, "record-intervention", {
      ...criminalRisk,
      takenAt: "2026-09-02T09:00:00+08:00",
      risks: ["criminal"],
      people: 2,
    });
    const form = await web.get(`/cases/${id}/actions/close`).expect(200);
    expect(form.text).toContain("本案记录了 1 次防激化措施");
    expect(form.text).toMatch(/name="preventedCriminal" checked/);
    expect(form.text).toMatch(/name="preventedCriminalPeople" type="number" value="2"/);
    expect(form.text).toMatch(/name="preventedPetition">/);

    const totals = await stats();
    const { version } = await director.detail(id);
    const res = await postForm(`/cases/${id}/actions/close`, {
      version: String(version),
      note: "",
      preventedCriminal: "on",
      preventedCriminalPeople: "2",
      preventedPetitionPeople: "",
    });
    expect(res.status, res.text).toBe(303);
    const closed = await director.detail(id);
    expect(closed.status).toBe("closed");
    expect(closed.events.at(-1)!.summary).toContain("防止民转刑 2 人");
    const after = await stats();
    expect(after.preventedCriminalCases! - totals.preventedCriminalCases!).toBe(1);
    expect(after.preventedCriminalPeople! - totals.preventedCriminalPeople!).toBe(2);
    expect(after.preventedPetitionCases).toBe(totals.preventedPetitionCases);
  });
});
