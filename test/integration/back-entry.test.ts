import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../src/people/scope.js";
import { CaseApi, countRows, expectProblem, intakeBody, TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { csrfFrom, loginAs } from "../support/web.js";

/**
 * 补录 of one past case through the normal API (back-entry): registered with its real date and
 * paper number, each dated step no earlier than the one before and not in the future, counted in
 * the statistics on those dates, and no number taken from the committee's series. "Today" is
 * 1 December 2026.
 */

const clock = new TestClock("2026-12-01");
let ctx: TestContext;
let director: CaseApi;

async function userNamed(username: string): Promise<SessionUser> {
  const row = await ctx.knex("users").where({ username }).first();
  return (await ctx.services.auth.sessionUser(Number(row.id)))!;
}

async function figures2025() {
  const r = await ctx.services.stats.stats(await userNamed("officer"), {
    from: "2025-01-01",
    to: "2025-12-31",
  });
  return r.totals;
}

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  director = await CaseApi.as(ctx.app, "director");
});
afterAll(async () => ctx?.close());

describe("back-entering a past case", () => {
  const past = intakeBody({ occurredOn: "2025-08-28" });

  it("asks for the paper number of a dispute registered before today", async () => {
    const res = await director.intake({ ...past, registeredOn: "2025-09-01" });
    const problem = expectProblem(res, 400);
    expect(problem.errors).toContainEqual({
      field: "paperNumber",
      message: "补录以前登记的纠纷，请填写纸质卷宗编号（登记日期早于今天）",
    });
    const future = expectProblem(
      await director.intake({ ...past, registeredOn: "2026-12-02", paperNumber: "X" }),
      400,
    );
    expect(future.errors).toContainEqual({ field: "registeredOn", message: "登记日期不能晚于今天" });
  });

  it("registers, accepts, terminates and closes on the real dates, counted in 2025", async () => {
    const before = await figures2025();
    const sequences = await ctx.knex("number_sequences").select();
    const created = await director.create({
      ...past,
      registeredOn: "2025-09-01",
      paperNumber: "2025-纸-031",
    } as never);
    expect(created.number).toBe("北洲2025-纸-031（补录）");
    expect(await ctx.knex("number_sequences").select()).toEqual(sequences);
    const dup = expectProblem(
      await director.intake({ ...past, registeredOn: "2025-09-02", paperNumber: "2025-纸-031" }),
      400,
    );
    expect(dup.errors).toContainEqual({
      field: "paperNumber",
      message: "纸质卷宗编号“2025-纸-031”已有案件使用",
    });

    const id = created.id;
    const early = expectProblem(await director.try(id, "accept", { actedOn: "2025-08-30" }), 400);
    expect(early.errors).toContainEqual({
      field: "actedOn",
      message: "实际办理日期不能早于上一步的日期（2025-09-01）",
    });
    const late = expectProblem(await director.try(id, "accept", { actedOn: "2026-12-02" }), 400);
    expect(late.errors).toContainEqual({ field: "actedOn", message: "实际办理日期不能晚于今天" });
    const bad = expectProblem(await director.try(id, "accept", { actedOn: "2025-09-31" }), 400);
    expect(bad.errors?.[0]?.field).toBe("actedOn");

    const accepted = await director.do(id, "accept", { actedOn: "2025-09-03" });
    // One month from the real acceptance, past the 2025 National Day holiday (1–8 October).
    expect(accepted).toMatchObject({ acceptedOn: "2025-09-03", mediationDueOn: "2025-10-09" });
    const refused = expectProblem(
      await director.try(id, "record-consent", { actedOn: "2025-09-04", noticeGivenOn: "2025-09-04" }),
      400,
    );
    expect(refused.errors).toContainEqual({
      field: "actedOn",
      message: "这项操作不填写实际办理日期，请在表单的日期栏填写",
    });
    const terminated = await director.do(id, "terminate", {
      actedOn: "2025-10-01",
      reason: "一方当事人不愿继续调解",
      advice: "可以向人民法院提起诉讼",
    });
    expect(terminated).toMatchObject({ status: "terminated", concludedOn: "2025-10-01" });
    const closed = await director.do(id, "close", { actedOn: "2025-10-08" });
    expect(closed).toMatchObject({ status: "closed", closedOn: "2025-10-08", outcome: "failure" });

    const row = await ctx.knex("cases").where({ id }).first();
    expect(row).toMatchObject({
      registered_on: "2025-09-01",
      paper_number: "2025-纸-031",
      backfilled_at: clock.now().toISOString(),
    });
    const events = await ctx
      .knex("case_events")
      .where({ case_id: id })
      .orderBy("id")
      .select("action", "summary");
    expect(events.map((e) => e.action)).toEqual(["intake", "accept", "terminate", "close"]);
    expect(events[1]!.summary).toContain("（补录，实际办理日期 2025-09-03）");

    const after = await figures2025();
    expect([
      after.found - before.found,
      after.accepted - before.accepted,
      after.concluded - before.concluded,
    ]).toEqual([1, 1, 1]);
    expect(after.successful).toBe(before.successful);

    const web = await loginAs(ctx.app, "director");
    const page = await web.get(`/cases/${id}`).expect(200);
    expect(page.text).toContain("补录：陈志强 于 2026-12-01 录入");
  });

  it("dates a step today when no date is given, and a new case still takes the series", async () => {
    const created = await director.create(intakeBody());
    expect(created.number).toMatch(/^（2026）北洲调字第\d+号$/);
    const accepted = await director.do(created.id, "accept");
    expect(accepted.acceptedOn).toBe("2026-12-01");
    expect(await countRows(ctx.knex, "cases", { id: created.id, paper_number: null })).toBe(1);
  });

  it("offers the dates on the forms; a wrong one comes back in Chinese with what was typed", async () => {
    const web = await loginAs(ctx.app, "director");
    expect((await web.get("/cases/new").expect(200)).text).toContain("补录以前的纠纷");
    const created = await director.create({
      ...past,
      registeredOn: "2025-11-03",
      paperNumber: "2025-纸-040",
    } as never);
    const form = await web.get(`/cases/${created.id}/actions/accept`).expect(200);
    expect(form.text).toContain("实际办理日期");
    const { version } = await director.detail(created.id);
    const bad = await web
      .post(`/cases/${created.id}/actions/accept`)
      .type("form")
      .send({ _csrf: csrfFrom(form.text), version: String(version), actedOn: "2025-11-01" })
      .expect(400);
    expect(bad.text).toContain("实际办理日期不能早于上一步的日期（2025-11-03）");
    expect(bad.text).toContain('value="2025-11-01"');
    expect((await ctx.knex("cases").where({ id: created.id }).first()).status).toBe("intake");
    await web
      .post(`/cases/${created.id}/actions/accept`)
      .type("form")
      .send({ _csrf: csrfFrom(form.text), version: String(version), actedOn: "2025-11-04" })
      .expect(303);
    expect((await ctx.knex("cases").where({ id: created.id }).first()).accepted_on).toBe("2025-11-04");
    // A step that records its own date has no such field.
    const session = await web.get(`/cases/${created.id}/actions/record-consent`);
    expect(session.text).not.toContain("实际办理日期");
  });
});
