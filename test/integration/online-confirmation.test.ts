/**
 * 司法确认网上申请 (issue 19 part 3, RL33): each party agrees on their phone with an SMS code
 * (`POST /portal/cases/{id}/confirmation {code, agree: true}`); when all have, within the 30 days,
 * the joint application reaches the court's queue marked online, with its materials, through the
 * staff action's path; the parties follow the court's steps on /my and by SMS.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CaseApi,
  expectProblem,
  LONG_TOKENS,
  loadRefs,
  pdfText,
  TestClock,
  type Refs,
} from "../support/cases.js";
import { caseWithPaperAgreement, lastCode, partyToken } from "../support/confirmation-case.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { csrfFrom, loginAs } from "../support/web.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;
let refs: Refs;
let clerk: CaseApi;
let mediator: CaseApi;
let judge: CaseApi;
let serial = 0;
const mobile = () => `1357771${String(++serial).padStart(4, "0")}`;
const later = (seconds: number) => clock.set(new Date(clock.now().getTime() + seconds * 1000).toISOString());

interface Party {
  phone: string;
  token: string;
}

/** A case in `agreement` (signed on paper today) and a signed-in token for each party. */
async function agreedCase(signedOn = "2026-12-01") {
  const phones = { applicant: mobile(), respondent: mobile() };
  const kase = await caseWithPaperAgreement({ clerk, mediator }, refs, phones, signedOn);
  const a: Party = { phone: phones.applicant, token: await partyToken(ctx.app, ctx.knex, phones.applicant) };
  const r: Party = {
    phone: phones.respondent,
    token: await partyToken(ctx.app, ctx.knex, phones.respondent),
  };
  return { ...kase, a, r };
}

const as = (p: Party) => ({
  get: (path: string) =>
    request(ctx.app).get(`/api/v1/portal${path}`).set("Authorization", `Bearer ${p.token}`),
  post: (path: string, body: object) =>
    request(ctx.app).post(`/api/v1/portal${path}`).set("Authorization", `Bearer ${p.token}`).send(body),
});

/** Asks for a confirmation code (a minute after the last one) and returns it, as the SMS carries it. */
async function confirmCode(p: Party, caseId: number): Promise<string> {
  later(61);
  const res = await as(p).post(`/cases/${caseId}/codes`, { purpose: "confirm" });
  expect(res.status, res.text).toBe(202);
  return lastCode(ctx.knex, p.phone, "step_code_confirm");
}

const agree = async (p: Party, caseId: number, code?: string) =>
  as(p).post(`/cases/${caseId}/confirmation`, { code: code ?? (await confirmCode(p, caseId)), agree: true });

const confirmations = (caseId: number) => ctx.knex("confirmations").where({ case_id: caseId });
const consents = (caseId: number) =>
  ctx.knex("confirmation_consents").where({ case_id: caseId }).orderBy("id");
const openCodes = (phone: string) => ctx.knex("party_step_codes").where({ phone }).whereNull("used_at");

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  refs = await loadRefs(ctx.knex);
  [clerk, mediator, judge] = (await Promise.all(
    ["clerk", "mediator", "judge"].map((u) => CaseApi.as(ctx.app, u)),
  )) as [CaseApi, CaseApi, CaseApi];
});
afterAll(() => ctx?.close());

describe("both parties agree on their phones", () => {
  it("sends the joint application to the court's queue, marked online, with its materials", async () => {
    clock.set("2026-12-01T09:00:00+08:00");
    const { id, a, r } = await agreedCase("2026-12-01");
    const before = await as(a).get(`/cases/${id}`).expect(200);
    expect(before.body.canDo).toContain("apply-confirmation");
    const overview = (await as(a).get(`/cases/${id}/confirmation`).expect(200)).body;
    expect(overview).toMatchObject({
      window: { stage: "open", effectiveOn: "2026-12-01", endsOn: "2026-12-31" },
      court: { id: refs.courtId, name: "株洲市渌口区人民法院" },
      canAgree: true,
      application: null,
    });
    expect(overview.materials.map((m: { label: string }) => m.label)).toEqual([
      "司法确认申请书",
      "调解协议书",
      "当事人身份证明",
      "送达地址及联系电话确认书",
    ]);

    const first = await agree(a, id);
    expect(first.status, first.text).toBe(200);
    expect(first.body).toEqual({ agreedAt: clock.now().toISOString(), applied: false });
    // One party only: nothing goes to the court.
    expect(await confirmations(id)).toHaveLength(0);
    expect((await clerk.detail(id)).status).toBe("agreement");
    const mine = (await as(a).get(`/cases/${id}`).expect(200)).body;
    expect(mine.canDo).not.toContain("apply-confirmation");
    expect((await as(r).get(`/cases/${id}`).expect(200)).body.canDo).toContain("apply-confirmation");
    // Agreeing twice is refused, and spends no code.
    const code = await confirmCode(a, id);
    const twice = expectProblem(await agree(a, id, code), 409);
    expect(twice.detail).toContain("已同意");
    expect(await openCodes(a.phone)).toHaveLength(1);

    later(3600);
    const last = await agree(r, id);
    expect(last.status, last.text).toBe(200);
    expect(last.body).toMatchObject({ applied: true, confirmationId: expect.any(Number) });

    const [row] = await confirmations(id);
    expect(row).toMatchObject({
      court_id: refs.courtId,
      applied_on: "2026-12-01",
      window_ends_on: "2026-12-31",
      status: "pending",
      channel: "online",
    });
    expect(JSON.parse(String(row.materials_json))).toEqual([
      "application",
      "agreement",
      "identity",
      "service_addresses",
    ]);
    const kase = await clerk.detail(id);
    expect(kase.status).toBe("awaiting_confirmation");
    expect(JSON.parse(String(row.applicant_party_ids_json))).toEqual(kase.parties.map((p) => p.id));
    expect((await consents(id)).map((c) => Number(c.confirmation_id))).toEqual([row.id, row.id].map(Number));
    const events = kase.events.map((e) => e.action);
    expect(events.filter((e) => e === "party-apply-confirmation")).toHaveLength(2);
    expect(events.at(-1)).toBe("apply-confirmation");
    expect(kase.events.at(-1)!.summary).toContain("在网上向株洲市渌口区人民法院共同申请司法确认");

    // The judge's queue has it, marked online; the 申请书 is generated for it.
    const queue = (await judge.getApi("/confirmations?status=pending").expect(200)).body as Record<
      string,
      unknown
    >[];
    expect(queue.find((q) => q.caseId === id)).toMatchObject({ status: "pending", channel: "online" });
    const pdf = await judge.pdf(`/cases/${id}/documents/confirmation-application.pdf`);
    expect((await pdfText(pdf)).flat).toContain("司法确认申请书");
    const web = await (await judgeWeb()).get("/court").expect(200);
    expect(web.text).toMatch(
      new RegExp(`${kase.number.replace(/[()（）]/g, ".")}</a> <span class="tag tag-online">线上申请`),
    );
  });

  it("tells the parties the court's steps by SMS and on /my, and gives them the ruling", async () => {
    clock.set("2026-12-03T09:00:00+08:00");
    const { id, number, a, r } = await agreedCase("2026-12-03");
    await agree(a, id);
    await agree(r, id);
    const [row] = await confirmations(id);
    const cid = Number(row.id);
    const court = (path: string, body: object) =>
      judge["auth"](request(ctx.app).post(`/api/v1/confirmations/${cid}/${path}`)).send(body);
    const version = async () => Number((await confirmations(id).first()).version);

    expect((await as(a).get(`/cases/${id}`)).body.nextStep).toBe(
      "申请已送交株洲市渌口区人民法院，法院将决定是否立案；请留意短信通知",
    );
    await court("file", { version: await version(), filedOn: "2026-12-03" }).expect(200);
    const filedNo = String((await confirmations(id).first()).number);
    const sms = async (template: string) =>
      (await ctx.knex("message_outbox").where({ case_id: id, template }).orderBy("id")) as {
        to_phone: string;
        text: string;
      }[];
    const filed = await sms("confirmation_filed");
    expect(filed.map((m) => m.to_phone).sort()).toEqual([a.phone, r.phone].sort());
    expect(filed[0]!.text).toContain(`株洲市渌口区人民法院已受理您的司法确认申请，案号${filedNo}`);
    const detail = (await as(r).get(`/cases/${id}`)).body;
    expect(detail.nextStep).toContain(`已立案审查（案号${filedNo}）`);
    expect(detail.timeline.map((t: { text: string }) => t.text).join("\n")).toContain(`案号 ${filedNo}`);

    await court("request-material", { version: await version(), request: "双方身份证复印件" }).expect(200);
    expect((await sms("confirmation_material_requested"))[0]!.text).toContain(
      "要求补充材料：双方身份证复印件",
    );
    const asked = (await as(a).get(`/cases/${id}/confirmation`)).body;
    expect(asked.application.steps.map((s: { text: string }) => s.text)).toContain(
      "法院要求补充材料：双方身份证复印件（调委会将与您联系）",
    );

    await court("decision", {
      version: await version(),
      outcome: "confirmed",
      decidedOn: "2026-12-03",
    }).expect(200);
    expect((await sms("confirmation_decided")).map((m) => m.to_phone).sort()).toEqual(
      [a.phone, r.phone].sort(),
    );
    const decided = (await as(a).get(`/cases/${id}`)).body;
    const ruling = decided.documents.find((d: { kind: string }) => d.kind === "ruling");
    expect(ruling).toBeTruthy();
    const pdf = await as(a).get(`/cases/${id}/documents/ruling`).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect((await pdfText(pdf.body as Buffer)).flat).toContain(filedNo);
    expect(number).toBeTruthy();
  });
});

describe("refusals", () => {
  it("is 422 with the reason after the 30 days, and the code stays unspent", async () => {
    clock.set("2026-10-01T09:00:00+08:00");
    const { id, a } = await agreedCase("2026-10-01");
    clock.set("2026-11-03T09:00:00+08:00");
    const code = await confirmCode(a, id);
    const late = expectProblem(await agree(a, id, code), 422);
    expect(late.detail).toBe(
      "申请司法确认的期限已于 2026年11月2日 届满（调解协议生效之日起 30 日内，人民调解法第三十三条）",
    );
    expect(await consents(id)).toHaveLength(0);
    expect(await openCodes(a.phone)).toHaveLength(1);
    expect((await as(a).get(`/cases/${id}`)).body.canDo).not.toContain("apply-confirmation");
    expect((await as(a).get(`/cases/${id}/confirmation`)).body.window.stage).toBe("closed");
  });

  it("is 400 naming code for a wrong or used code, and agree for a missing yes", async () => {
    clock.set("2026-12-04T09:00:00+08:00");
    const { id, a } = await agreedCase("2026-12-04");
    const code = await confirmCode(a, id);
    const noYes = expectProblem(await as(a).post(`/cases/${id}/confirmation`, { code }), 400);
    expect(noYes.errors?.map((e) => e.field)).toEqual(["agree"]);
    const wrong = expectProblem(await agree(a, id, code === "000000" ? "111111" : "000000"), 400);
    expect(wrong.errors?.[0]).toEqual({ field: "code", message: "验证码不正确，还可以再试 4 次" });
    // A code used meanwhile (here by the module itself) does not pass again.
    const ticket = await ctx.services.portal.stepCodes.verify(a.phone, id, "confirm", code);
    await ctx.knex.transaction((trx) => ctx.services.portal.stepCodes.consume(trx, ticket));
    const used = expectProblem(await agree(a, id, code), 400);
    expect(used.errors?.[0]).toEqual({ field: "code", message: "验证码已失效，请重新获取" });
    // A sign code is not a confirm code.
    later(61);
    await as(a).post(`/cases/${id}/codes`, { purpose: "sign" }).expect(202);
    const sign = await lastCode(ctx.knex, a.phone, "step_code_sign");
    expectProblem(await agree(a, id, sign), 400);
    expect(await consents(id)).toHaveLength(0);
  });

  it("is 404 for the other case's party and for a stranger", async () => {
    clock.set("2026-12-05T09:00:00+08:00");
    const one = await agreedCase("2026-12-05");
    const two = await agreedCase("2026-12-05");
    const stranger: Party = { phone: mobile(), token: "" };
    stranger.token = await partyToken(ctx.app, ctx.knex, stranger.phone);
    for (const p of [two.a, stranger]) {
      expectProblem(await as(p).post(`/cases/${one.id}/confirmation`, { code: "123456", agree: true }), 404);
      expectProblem(await as(p).get(`/cases/${one.id}/confirmation`), 404);
      expectProblem(await as(p).post(`/cases/${one.id}/codes`, { purpose: "confirm" }), 404);
    }
    expect(await consents(one.id)).toHaveLength(0);
  });

  it("is 409 with nothing half-done when the committee applied on paper meanwhile", async () => {
    clock.set("2026-12-07T09:00:00+08:00");
    const { id, a, r } = await agreedCase("2026-12-07");
    await agree(a, id);
    const code = await confirmCode(r, id);
    const kase = await clerk.detail(id);
    await clerk.do(id, "apply-confirmation", {
      courtId: refs.courtId,
      appliedOn: "2026-12-07",
      applicantPartyIds: kase.parties.map((p) => p.id),
      materials: ["application", "agreement", "identity", "service_addresses"],
    });
    const refused = expectProblem(await agree(r, id, code), 409);
    expect(refused.detail).toContain("已经申请司法确认");
    const rows = await confirmations(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: "paper" });
    expect((await consents(id)).map((c) => Number(c.party_id))).toEqual([kase.parties[0]!.id]);
    expect(await openCodes(r.phone)).toHaveLength(1);
  });

  it("lets one of the last party and the committee win when they apply at the same moment", async () => {
    clock.set("2026-12-08T09:00:00+08:00");
    const { id, a, r } = await agreedCase("2026-12-08");
    await agree(a, id);
    const code = await confirmCode(r, id);
    const kase = await clerk.detail(id);
    const [party, staff] = await Promise.all([
      agree(r, id, code),
      clerk.act(id, "apply-confirmation", {
        version: kase.version,
        courtId: refs.courtId,
        appliedOn: "2026-12-08",
        applicantPartyIds: kase.parties.map((p) => p.id),
        materials: ["application", "agreement", "identity", "service_addresses"],
      }),
    ]);
    expect([party.status, staff.status].sort()).toEqual([200, 409]);
    const rows = await confirmations(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.channel).toBe(party.status === 200 ? "online" : "paper");
    expect((await clerk.detail(id)).status).toBe("awaiting_confirmation");
    const theirs = (await consents(id)).filter((c) => c.party_id === kase.parties[1]!.id);
    expect(theirs).toHaveLength(party.status === 200 ? 1 : 0);
  });
});

describe("the /my page 申请司法确认", () => {
  it("asks for the code and the yes, keeps what was typed on a refusal, then says 已同意，等待对方", async () => {
    clock.set("2026-12-09T09:00:00+08:00");
    const { id, a } = await agreedCase("2026-12-09");
    const agent = request.agent(ctx.app);
    const login = await agent.get("/my/login").expect(200);
    later(61);
    const step2 = await agent
      .post("/my/login/code")
      .type("form")
      .send({ _csrf: csrfFrom(login.text), phone: a.phone });
    await agent
      .post("/my/login")
      .type("form")
      .send({ _csrf: csrfFrom(step2.text), phone: a.phone, code: await lastCode(ctx.knex, a.phone) })
      .expect(303);
    const casePage = await agent.get(`/my/cases/${id}`).expect(200);
    expect(casePage.text).toContain(`href="/my/cases/${id}/confirmation"`);
    const page = await agent.get(`/my/cases/${id}/confirmation`).expect(200);
    expect(page.text).toContain("株洲市渌口区人民法院");
    expect(page.text).toContain("送达地址及联系电话确认书");
    const csrf = csrfFrom(page.text);
    later(61);
    const sent = await agent
      .post(`/my/cases/${id}/codes`)
      .type("form")
      .send({ _csrf: csrf, purpose: "confirm" });
    expect(sent.headers.location).toBe(`/my/cases/${id}/confirmation?code=sent#code`);
    expect((await agent.get(`/my/cases/${id}/confirmation?code=sent`)).text).toContain(
      "验证码已发送到您的手机",
    );
    const code = await lastCode(ctx.knex, a.phone, "step_code_confirm");
    const unticked = await agent
      .post(`/my/cases/${id}/confirmation`)
      .type("form")
      .send({ _csrf: csrf, code });
    expect(unticked.status).toBe(400);
    expect(unticked.text).toContain("请确认同意共同申请司法确认");
    expect(unticked.text).toContain(`value="${code}"`);
    const done = await agent
      .post(`/my/cases/${id}/confirmation`)
      .type("form")
      .send({ _csrf: csrf, code, agree: "on" });
    expect(done.status, done.text).toBe(303);
    const after = await agent.get(`/my/cases/${id}/confirmation`).expect(200);
    expect(after.text).toContain("已同意，等待对方");
    expect((await agent.get(`/my/cases/${id}`)).text).toContain("已同意，等待对方");
  });
});

const judgeWeb = () => loginAs(ctx.app, "judge");

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on("data", (c: Buffer) => chunks.push(c));
  res.on("end", () => cb(null, Buffer.concat(chunks)));
}
