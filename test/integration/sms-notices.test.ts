/**
 * Issue 17's remaining notices: 履行期限提醒 three days before an obligation falls due (once per
 * obligation, however often and wherever the scan runs), 司法确认结果 to each party when the court
 * rules, and the party's own opt-out switch on /my (notices stop, sign-in codes do not).
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { ObligationReminders } from "../../src/messages/obligation-reminders.js";
import {
  CaseApi,
  CONFIRMATION_MATERIALS,
  intakeBody,
  LONG_TOKENS,
  loadRefs,
  person,
  prepareForMediation,
  sessionBody,
  TestClock,
  writtenAgreement,
  type Refs,
} from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { csrfFrom, partyOnWeb } from "../support/web.js";

const clock = new TestClock("2026-09-01T10:00:00+08:00");
let ctx: TestContext;
let refs: Refs;
let clerk: CaseApi;
let mediator: CaseApi;
let judge: CaseApi;
let serial = 0;
/** A fresh mobile for each party of this file. */
const mobile = () => `1386663${String(++serial).padStart(4, "0")}`;

type Case = { id: number; applicant: string; respondent: string };
let performing: Case;
let optedOut: Case;

const outbox = (where: Record<string, unknown>) =>
  ctx.knex("message_outbox").where(where).orderBy("id") as Promise<{ to_phone: string; text: string }[]>;

/** A case whose written agreement (made today) obliges the respondent by `dues`. */
async function agreedCase(dues: string[]): Promise<Case> {
  const phones = { applicant: mobile(), respondent: mobile() };
  const { id } = await clerk.create(
    intakeBody({
      parties: [
        person("applicant", "张建国", { phone: phones.applicant }),
        person("respondent", "王桂香", { phone: phones.respondent }),
      ],
    }),
  );
  await prepareForMediation(clerk, id, refs.mediator("王德明"), "2026-09-01");
  await mediator.do(
    id,
    "record-session",
    sessionBody("2026-09-01T09:30:00+08:00", "agreement", "达成协议。"),
  );
  await mediator.do(id, "record-agreement", writtenAgreement(await mediator.detail(id), "2026-09-01", dues));
  return { id, ...phones };
}

const court = (path: string, body?: object) =>
  body === undefined
    ? judge["auth"](request(ctx.app).get(`/api/v1${path}`))
    : judge["auth"](request(ctx.app).post(`/api/v1${path}`)).send(body);

async function applyFor(c: Case, on: string): Promise<{ id: number; version: number }> {
  const kase = await clerk.detail(c.id);
  await clerk.do(c.id, "apply-confirmation", {
    courtId: refs.courtId,
    appliedOn: on,
    applicantPartyIds: kase.parties.map((p) => p.id),
    materials: CONFIRMATION_MATERIALS,
  });
  const items = (await court("/confirmations?status=pending").expect(200)).body as {
    id: number;
    caseId: number;
    version: number;
  }[];
  return items.find((i) => i.caseId === c.id)!;
}

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  refs = await loadRefs(ctx.knex);
  [clerk, mediator, judge] = (await Promise.all(
    ["clerk", "mediator", "judge"].map((u) => CaseApi.as(ctx.app, u)),
  )) as [CaseApi, CaseApi, CaseApi];
  performing = await agreedCase(["2026-09-10", "2026-09-10", "2026-09-11"]);
  optedOut = await agreedCase(["2026-09-10"]);
  await ctx.services.messages.optOut(optedOut.respondent);
});
afterAll(() => ctx?.close());

describe("履行期限提醒", () => {
  const reminders = () =>
    new ObligationReminders(ctx.knex, ctx.services.messages, clock, createLogger("silent"));

  it("queues nothing four days ahead", async () => {
    clock.set("2026-09-06T10:00:00+08:00");
    expect(await reminders().run()).toBe(0);
  });

  it("queues one SMS per unperformed obligation due in 3 days (Beijing date), once whoever runs it", async () => {
    // The second obligation is performed already: no reminder for it.
    const [, second] = (await ctx
      .knex("obligations")
      .where({ case_id: performing.id })
      .orderBy("idx")
      .select("id")) as { id: number }[];
    await ctx.knex("obligations").where({ id: second!.id }).update({ performed_on: "2026-09-05" });
    // 2026-09-06 17:00 UTC is already 09-07 in Beijing: 09-10 is three days away.
    clock.set("2026-09-06T17:00:00Z");
    const [a, b] = [reminders(), reminders()];
    const counts = await Promise.all([a.run(), b.run()]);
    expect(counts[0]! + counts[1]!).toBe(1);
    expect(await a.run()).toBe(0);
    const rows = await outbox({ template: "obligation_due" });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ to_phone: performing.respondent });
    expect(rows[0]!.text).toContain("2026年9月10日前履行：疏通宅旁排水沟");
    // The opted-out obligor of the other case got none.
    expect(await outbox({ template: "obligation_due", to_phone: optedOut.respondent })).toHaveLength(0);
  });

  it("reminds the next day's obligation on the next day, not twice", async () => {
    clock.set("2026-09-08T09:00:00+08:00");
    expect(await reminders().run()).toBe(1);
    expect(await reminders().run()).toBe(0);
    expect(await outbox({ template: "obligation_due" })).toHaveLength(2);
  });
});

describe("司法确认结果", () => {
  it("tells each party the ruling when the court confirms", async () => {
    clock.set("2026-09-08T10:00:00+08:00");
    const item = await applyFor(performing, "2026-09-08");
    const filed = (
      await court(`/confirmations/${item.id}/file`, { version: item.version, filedOn: "2026-09-08" })
    ).body as { version: number };
    expect(await outbox({ template: "confirmation_decided" })).toHaveLength(0);
    await court(`/confirmations/${item.id}/decision`, {
      version: filed.version,
      outcome: "confirmed",
      decidedOn: "2026-09-08",
    }).expect(200);
    const rows = await outbox({ template: "confirmation_decided", case_id: performing.id });
    expect(rows.map((r) => r.to_phone).sort()).toEqual([performing.applicant, performing.respondent].sort());
    expect(rows[0]!.text).toContain("株洲市渌口区人民法院已对您的司法确认申请作出裁定：确认调解协议有效");
  });

  it("tells them of a refusal, except a phone that opted out; nothing when the ruling fails", async () => {
    const item = await applyFor(optedOut, "2026-09-08");
    const bad = await court(`/confirmations/${item.id}/refuse`, { version: item.version, grounds: [] });
    expect(bad.status).toBe(400);
    expect(await outbox({ template: "confirmation_decided", case_id: optedOut.id })).toHaveLength(0);
    await court(`/confirmations/${item.id}/refuse`, {
      version: item.version,
      grounds: ["no_jurisdiction"],
      reasons: "经审查，本院对该申请没有管辖权。",
      decidedOn: "2026-09-08",
    }).expect(200);
    const rows = await outbox({ template: "confirmation_decided", case_id: optedOut.id });
    expect(rows.map((r) => r.to_phone)).toEqual([optedOut.applicant]);
    expect(rows[0]!.text).toContain("作出裁定：不予受理");
  });

  it("tells them of a withdrawal allowed", async () => {
    const item = await applyFor(optedOut, "2026-09-08");
    const kase = await clerk.detail(optedOut.id);
    await court(`/confirmations/${item.id}/withdraw`, {
      version: item.version,
      kind: "party",
      partyIds: [kase.parties[0]!.id],
      requestedOn: "2026-09-08",
      decidedOn: "2026-09-08",
    }).expect(200);
    const rows = await outbox({ template: "confirmation_decided", case_id: optedOut.id });
    expect(rows.map((r) => r.text.includes("准许撤回司法确认申请"))).toEqual([false, true]);
  });
});

describe("the opt-out switch on /my", () => {
  const webAgent = (phone: string) => partyOnWeb(ctx.app, ctx.knex, phone);

  it("stops the invitation on acceptance, but a sign-in code still goes", async () => {
    const phones = { applicant: mobile(), respondent: mobile() };
    const { id } = await clerk.create(
      intakeBody({
        parties: [
          person("applicant", "李春生", { phone: phones.applicant }),
          person("respondent", "赵秀英", { phone: phones.respondent }),
        ],
      }),
    );
    const agent = await webAgent(phones.respondent);
    let home = await agent.get("/my").expect(200);
    expect(home.text).toContain("短信通知");
    expect(home.text).toContain("现在：<strong>接收</strong>");
    await agent.post("/my/messages/opt-out").type("form").send({ receive: "no" }).expect(403);
    const bad = await agent
      .post("/my/messages/opt-out")
      .type("form")
      .send({ _csrf: csrfFrom(home.text), receive: "maybe" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("短信通知");
    expect(await ctx.services.messages.isOptedOut(phones.respondent)).toBe(false);
    await agent
      .post("/my/messages/opt-out")
      .type("form")
      .send({ _csrf: csrfFrom(home.text), receive: "no" })
      .expect(303)
      .expect("Location", "/my#sms");
    home = await agent.get("/my").expect(200);
    expect(home.text).toContain("现在：<strong>不再接收</strong>");

    await clerk.do(id, "accept");
    expect(await outbox({ template: "invitation", to_phone: phones.respondent })).toHaveLength(0);
    expect(await outbox({ template: "invitation", to_phone: phones.applicant })).toHaveLength(1);
    clock.set("2026-09-08T10:10:00+08:00"); // past the resend interval
    const codes = (await outbox({ template: "sign_in_code", to_phone: phones.respondent })).length;
    await request(ctx.app).post("/api/v1/portal/auth/code").send({ phone: phones.respondent }).expect(202);
    expect(await outbox({ template: "sign_in_code", to_phone: phones.respondent })).toHaveLength(codes + 1);

    await agent
      .post("/my/messages/opt-out")
      .type("form")
      .send({ _csrf: csrfFrom(home.text), receive: "yes" })
      .expect(303);
    expect(await ctx.services.messages.isOptedOut(phones.respondent)).toBe(false);
    expect((await agent.get("/my").expect(200)).text).toContain("现在：<strong>接收</strong>");
  });
});
