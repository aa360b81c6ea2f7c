/**
 * Consent online (issue 17 item 2): the invitation SMS on acceptance, the 告知书 on the party's
 * phone (`GET /portal/cases/{id}/notice`), the party's answer (`POST /portal/cases/{id}/consent`)
 * recorded as staff's record-consent records it but marked online, a "no" stopping mediation as
 * the staff's does, and the /my pages that ask for it.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CaseApi,
  expectProblem,
  intakeBody,
  LONG_TOKENS,
  loadRefs,
  organisation,
  pdfText,
  person,
  TestClock,
  type Refs,
} from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { csrfFrom, loginAs } from "../support/web.js";

const clock = new TestClock("2026-11-30T10:00:00+08:00");
let ctx: TestContext;
let clerk: CaseApi;
let refs: Refs;
let serial = 0;
/** A fresh mobile for each party of this file (distinct from test/support's 1397331…). */
const mobile = () => `1385552${String(++serial).padStart(4, "0")}`;

async function lastCode(phone: string): Promise<string> {
  const row = (await ctx
    .knex("message_outbox")
    .where({ to_phone: phone, template: "sign_in_code" })
    .orderBy("id", "desc")
    .first()) as { params_json: string };
  return (JSON.parse(row.params_json) as { code: string }).code;
}

async function tokenFor(phone: string): Promise<string> {
  await request(ctx.app).post("/api/v1/portal/auth/code").send({ phone }).expect(202);
  const res = await request(ctx.app)
    .post("/api/v1/portal/auth/token")
    .send({ phone, code: await lastCode(phone) })
    .expect(201);
  return (res.body as { token: string }).token;
}

async function webAgent(phone: string) {
  const agent = request.agent(ctx.app);
  const login = await agent.get("/my/login").expect(200);
  const step2 = await agent
    .post("/my/login/code")
    .type("form")
    .send({ _csrf: csrfFrom(login.text), phone });
  expect(step2.status, step2.text).toBe(200);
  await agent
    .post("/my/login")
    .type("form")
    .send({ _csrf: csrfFrom(step2.text), phone, code: await lastCode(phone) })
    .expect(303);
  return agent;
}

const portal = (token: string) => ({
  notice: (id: number) =>
    request(ctx.app).get(`/api/v1/portal/cases/${id}/notice`).set("Authorization", `Bearer ${token}`),
  consent: (id: number, body: unknown) =>
    request(ctx.app)
      .post(`/api/v1/portal/cases/${id}/consent`)
      .set("Authorization", `Bearer ${token}`)
      .send(body as object),
  detail: (id: number) =>
    request(ctx.app).get(`/api/v1/portal/cases/${id}`).set("Authorization", `Bearer ${token}`),
});

/** An accepted case between an applicant and a respondent, each with a fresh mobile. */
async function acceptedCase() {
  const phones = { applicant: mobile(), respondent: mobile() };
  const { id } = await clerk.create(
    intakeBody({
      parties: [
        person("applicant", "张建国", { phone: phones.applicant }),
        person("respondent", "王桂香", { phone: phones.respondent }),
      ],
    }),
  );
  await clerk.do(id, "accept");
  return { id, phones };
}

const partyRow = (caseId: number, name: string) =>
  ctx.knex("parties").where({ case_id: caseId, name }).first() as Promise<Record<string, unknown>>;

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  refs = await loadRefs(ctx.knex);
  clerk = await CaseApi.as(ctx.app, "clerk");
});
afterAll(() => ctx?.close());

describe("the invitation on acceptance", () => {
  it("queues one invitation per party with a mobile, none for a landline or a phone that opted out", async () => {
    const [a, r, out] = [mobile(), mobile(), mobile()];
    await ctx.services.messages.optOut(out);
    const { id } = await clerk.create(
      intakeBody({
        parties: [
          person("applicant", "张建国", { phone: a }),
          person("respondent", "王桂香", { phone: r }),
          person("respondent", "李春生", { phone: out }),
          organisation("respondent", "株洲市宏达建材有限公司"),
        ],
      }),
    );
    expect(await ctx.knex("message_outbox").where({ case_id: id, template: "invitation" })).toHaveLength(0);
    await clerk.do(id, "accept");
    const sent = (await ctx
      .knex("message_outbox")
      .where({ case_id: id, template: "invitation" })
      .orderBy("to_phone")) as { to_phone: string; text: string }[];
    expect(sent.map((m) => m.to_phone)).toEqual([a, r].sort());
    expect(sent[0]!.text).toMatch(/^.+受理了一起与您有关的.+纠纷，请在 /);
    expect(sent[0]!.text).toContain("/my 查看并表示是否同意调解");
    expect(sent[0]!.text).toMatch(/回复TD退订$/);
  });
});

describe("GET /portal/cases/{id}/notice and POST /portal/cases/{id}/consent", () => {
  it("shows the notice, records a yes online; the staff page and the notice PDF say so", async () => {
    const { id, phones } = await acceptedCase();
    const token = await tokenFor(phones.respondent);
    const notice = await portal(token).notice(id);
    expect(notice.status, notice.text).toBe(200);
    expect(notice.body).toMatchObject({ caseId: id, title: "人民调解告知书", canAnswer: true });
    expect(notice.body.text).toContain("当事人在人民调解活动中享有下列权利");
    expect(notice.body.text).toContain("二、接受调解、拒绝调解或者要求终止调解；");
    expect((await portal(token).detail(id)).body.canDo).toContain("consent");

    clock.set("2026-11-30T15:20:00+08:00");
    const res = await portal(token).consent(id, { noticeRead: true, consented: true });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ consented: true, at: "2026-11-30T07:20:00.000Z" });

    const kase = await clerk.detail(id);
    const respondent = kase.parties.find((p) => p.name === "王桂香")!;
    expect(respondent).toMatchObject({ consent: "yes", consentOnlineAt: "2026-11-30T07:20:00.000Z" });
    expect(kase.parties.find((p) => p.name === "张建国")!.consent).toBeNull();
    // The case's notice date: the day of this first answer (none was recorded before).
    expect(kase.consentNoticeOn).toBe("2026-11-30");
    const event = (await ctx.knex("case_events").where({ case_id: id }).orderBy("id", "desc").first()) as {
      actor_user_id: number | null;
      action: string;
      data_json: string;
      summary: string;
    };
    expect(event.actor_user_id).toBeNull();
    expect(event.action).toBe("party-consent");
    expect(JSON.parse(event.data_json).actor).toEqual({ kind: "party", partyId: respondent.id });
    expect(event.summary).toContain("王桂香在网上阅读了权利义务告知书；同意调解：王桂香");
    expect(kase.events.at(-1)!.actor).toBe("王桂香（网上）");

    const staff = await loginAs(ctx.app, "clerk");
    const page = await staff.get(`/cases/${id}`).expect(200);
    expect(page.text).toContain("同意调解（2026年11月30日 网上确认）");
    expect(page.text).toContain("王桂香（网上）");

    const pdf = await pdfText(await clerk.pdf(`/cases/${id}/documents/notice.pdf`));
    expect(pdf.flat).toContain(
      "被申请人王桂香已于2026年11月30日15:20在网上阅读本告知书，同意调解（网上确认）",
    );
    // The PDF prints the same words the phone showed.
    for (const b of notice.body.blocks as { kind: string; text?: string; items?: string[] }[]) {
      for (const t of b.items ?? [b.text!]) expect(pdf.flat).toContain(t.replace(/\s+/g, ""));
    }

    const detail = (await portal(token).detail(id)).body;
    expect(detail.canDo).not.toContain("consent");
    expect(detail.me.consent).toEqual({ consented: true, at: "2026-11-30T07:20:00.000Z" });

    // Twice: 409, in Chinese, nothing changed.
    const again = expectProblem(await portal(token).consent(id, { noticeRead: true, consented: false }), 409);
    expect(again.detail).toContain("已经表示过");
    expect((await partyRow(id, "王桂香")).consent).toBe("yes");

    // Staff then record every party's answer: the respondent's online answer stays marked online.
    await clerk.do(id, "record-consent", {
      noticeGivenOn: "2026-11-30",
      consents: kase.parties.map((p) => ({ partyId: p.id, consented: true })),
    });
    const after = await clerk.detail(id);
    expect(after.parties.find((p) => p.name === "王桂香")!.consentOnlineAt).toBe("2026-11-30T07:20:00.000Z");
    expect(after.parties.find((p) => p.name === "张建国")!.consentOnlineAt).toBeNull();
    clock.set("2026-11-30T10:00:00+08:00");
  });

  it("stops mediation on a no exactly as the staff's record-consent does (RL17)", async () => {
    const online = await acceptedCase();
    const token = await tokenFor(online.phones.respondent);
    const res = await portal(token).consent(online.id, { noticeRead: true, consented: false });
    expect(res.status, res.text).toBe(200);

    const staffCase = await acceptedCase();
    const s = await clerk.detail(staffCase.id);
    await clerk.do(staffCase.id, "record-consent", {
      noticeGivenOn: "2026-11-30",
      consents: s.parties.map((p) => ({ partyId: p.id, consented: p.name !== "王桂香" })),
    });

    const [a, b] = [await clerk.detail(online.id), await clerk.detail(staffCase.id)];
    expect(a.parties.find((p) => p.name === "王桂香")!.consent).toBe("no");
    expect(a.allowedActions).toEqual(b.allowedActions);
    const refused = await clerk.try(online.id, "assign", {
      mediators: [{ mediatorId: refs.mediator("王德明"), role: "lead" }],
    });
    const staffRefused = await clerk.try(staffCase.id, "assign", {
      mediators: [{ mediatorId: refs.mediator("王德明"), role: "lead" }],
    });
    expect(refused.status).toBe(staffRefused.status);
    expect(expectProblem(refused, refused.status).detail).toBe(
      expectProblem(staffRefused, staffRefused.status).detail,
    );
    expect(a.events.at(-1)!.summary).toContain("拒绝调解：王桂香（调解不得继续，应终止调解）");
    expect((await portal(token).detail(online.id)).body.nextStep).toContain("终止调解");
  });

  it("answers 404 to another phone, 400 without noticeRead, 409 outside mediation or on a changed case", async () => {
    const { id, phones } = await acceptedCase();
    const stranger = await tokenFor(mobile());
    expectProblem(await portal(stranger).notice(id), 404);
    expectProblem(await portal(stranger).consent(id, { noticeRead: true, consented: true }), 404);

    const token = await tokenFor(phones.respondent);
    for (const body of [{ consented: true }, { noticeRead: false, consented: true }]) {
      const p = expectProblem(await portal(token).consent(id, body), 400);
      expect(p.errors![0]).toMatchObject({ field: "noticeRead" });
      expect(p.errors![0]!.message).toContain("已阅读告知书");
    }
    const noAnswer = expectProblem(await portal(token).consent(id, { noticeRead: true }), 400);
    expect(noAnswer.errors![0]).toMatchObject({ field: "consented" });
    expect((await partyRow(id, "王桂香")).consent).toBeNull();

    // A staff change between reading and answering: 409 and nothing stored.
    const { version } = (await portal(token).notice(id)).body as { version: number };
    await clerk.do(id, "assign", { mediators: [{ mediatorId: refs.mediator("王德明"), role: "lead" }] });
    const stale = expectProblem(
      await portal(token).consent(id, { noticeRead: true, consented: true, version }),
      409,
    );
    expect(stale.detail).toMatch(/[\u4e00-\u9fff]/);
    expect((await partyRow(id, "王桂香")).consent).toBeNull();

    // Not yet accepted: no answer to give.
    const r = mobile();
    const { id: pending } = await clerk.create(
      intakeBody({ parties: [person("applicant", "赵大山"), person("respondent", "钱小河", { phone: r })] }),
    );
    const t = await tokenFor(r);
    const early = expectProblem(await portal(t).consent(pending, { noticeRead: true, consented: true }), 409);
    expect(early.detail).toContain("不在调解阶段");
    expect((await portal(t).notice(pending)).body.canAnswer).toBe(false);
  });
});

describe("/my/cases/{id}/notice", () => {
  it("asks on the case page, refuses an unticked box, confirms a no on a second page, then records it", async () => {
    const { id, phones } = await acceptedCase();
    const agent = await webAgent(phones.respondent);
    const casePage = await agent.get(`/my/cases/${id}`).expect(200);
    expect(casePage.text).toContain("请阅读告知书并表示是否同意调解");
    const page = await agent.get(`/my/cases/${id}/notice`).expect(200);
    expect(page.text).toContain("当事人在人民调解活动中履行下列义务");
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];

    const unticked = await agent
      .post(`/my/cases/${id}/consent`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), version, consented: "yes" });
    expect(unticked.status).toBe(400);
    expect(unticked.text).toContain("已阅读告知书");

    const confirm = await agent
      .post(`/my/cases/${id}/consent`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), version, noticeRead: "on", consented: "no" });
    expect(confirm.status, confirm.text).toBe(200);
    expect(confirm.text).toContain("确定不同意调解吗？");
    expect(confirm.text).toContain("不同意的，调委会将终止调解");
    expect((await partyRow(id, "王桂香")).consent).toBeNull();

    const done = await agent
      .post(`/my/cases/${id}/consent`)
      .type("form")
      .send({
        _csrf: csrfFrom(confirm.text),
        version,
        noticeRead: "true",
        consented: "no",
        confirmed: "yes",
      });
    expect(done.status, done.text).toBe(303);
    expect(done.headers.location).toBe(`/my/cases/${id}#consent`);
    expect(await partyRow(id, "王桂香")).toMatchObject({ consent: "no", consent_channel: "online" });
    const back = await agent.get(`/my/cases/${id}`).expect(200);
    expect(back.text).toContain("您已表示不同意调解");

    // Another phone's session: 404.
    const other = await webAgent(mobile());
    await other.get(`/my/cases/${id}/notice`).expect(404);
  });
});
