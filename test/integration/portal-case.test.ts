/**
 * One case as a party sees it (api.md `GET /portal/cases/{id}`, /my/cases/{id}): only the cases in
 * which a party or agent has the phone (404 otherwise), only what is meant for parties, and the
 * party's own documents as PDFs.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CaseApi,
  intakeBody,
  LONG_TOKENS,
  loadRefs,
  person,
  prepareForMediation,
  sessionBody,
  TestClock,
  writtenAgreement,
} from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { csrfFrom, loginAs, partyOnWeb } from "../support/web.js";

const clock = new TestClock("2026-09-01T08:00:00+08:00");
let ctx: TestContext;
let clerk: CaseApi;
let mediator: CaseApi;
const APPLICANT = "13955501001";
const AGENT = "13955501002";
const STRANGER = "13955501003";
let mine: number;
let notMine: number;
let respondentId: string;
let applicantId: string;
const SECRET_MEASURES = "当场将双方分开，通知派出所民警到场";
const SESSION_RECORD = "双方在调解室内激烈争吵，内部笔录";

/** The code as the SMS carries it (the outbox keeps it until sent). */
async function lastCode(phone: string): Promise<string> {
  const row = (await ctx
    .knex("message_outbox")
    .where({ to_phone: phone, template: "sign_in_code" })
    .orderBy("id", "desc")
    .first()) as { params_json: string };
  return (JSON.parse(row.params_json) as { code: string }).code;
}

/** A new code for a phone may be asked for once a minute: each sign-in steps the clock on. */
const nextMinute = () => clock.set(new Date(clock.now().getTime() + 61_000).toISOString());
const tokens = new Map<string, Promise<string>>();
const agents = new Map<string, ReturnType<typeof signInOnWeb>>();
const partyToken = (phone: string) => {
  if (!tokens.has(phone)) tokens.set(phone, signInOnApi(phone));
  return tokens.get(phone)!;
};
const partyAgent = (phone: string) => {
  if (!agents.has(phone)) agents.set(phone, signInOnWeb(phone));
  return agents.get(phone)!;
};

async function signInOnApi(phone: string): Promise<string> {
  nextMinute();
  await request(ctx.app).post("/api/v1/portal/auth/code").send({ phone }).expect(202);
  const res = await request(ctx.app)
    .post("/api/v1/portal/auth/token")
    .send({ phone, code: await lastCode(phone) })
    .expect(201);
  return (res.body as { token: string }).token;
}

async function signInOnWeb(phone: string) {
  nextMinute();
  return partyOnWeb(ctx.app, ctx.knex, phone);
}

const api = (token: string, path: string) =>
  request(ctx.app).get(`/api/v1/portal${path}`).set("Authorization", `Bearer ${token}`);

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  const refs = await loadRefs(ctx.knex);
  clerk = await CaseApi.as(ctx.app, "clerk");
  mediator = await CaseApi.as(ctx.app, "mediator");
  const applicant = person("applicant", "张建国", { phone: APPLICANT });
  const respondent = person("respondent", "王桂香", { agent: { name: "王小明", phone: AGENT } });
  [applicantId, respondentId] = [applicant.idNumber!, respondent.idNumber!];
  mine = (await clerk.create(intakeBody({ parties: [applicant, respondent] }))).id;
  // The stranger's phone is on no party of this case (it is only written in the summary).
  notMine = (
    await clerk.create(intakeBody({ summary: `来电人 ${STRANGER} 反映邻里排水沟纠纷，双方争执不下。` }))
  ).id;
  clock.set("2026-09-01T09:00:00+08:00");
  await prepareForMediation(clerk, mine, refs.mediator("王德明"), "2026-09-01");
  clock.set("2026-09-01T10:30:00+08:00");
  await clerk.do(mine, "record-intervention", {
    takenAt: "2026-09-01T10:00:00+08:00",
    measures: SECRET_MEASURES,
    risks: ["other"],
    riskDetail: "双方言语冲突",
    people: 2,
  });
  clock.set("2026-09-01T15:00:00+08:00");
  await mediator.do(mine, "record-session", {
    ...sessionBody("2026-09-01T14:30:00+08:00", "agreement", SESSION_RECORD),
  });
  clock.set("2026-09-01T16:00:00+08:00");
  const detail = await mediator.detail(mine);
  await mediator.do(mine, "record-agreement", writtenAgreement(detail, "2026-09-01", ["2026-12-20"]));
});
afterAll(() => ctx?.close());

describe("GET /api/v1/portal/cases/{id}", () => {
  it("shows the party their case: status, next step, mediator, session, documents, timeline", async () => {
    const token = await partyToken(APPLICANT);
    const res = await api(token, `/cases/${mine}`).expect(200);
    const body = res.body as Record<string, unknown> & { me: { partyId: number; side: string } };
    expect(body).toMatchObject({
      id: mine,
      status: "agreement",
      statusText: "已达成调解协议",
      nextStep: "王桂香应按协议在2026年12月20日前履行：疏通宅旁排水沟；履行后调委会将登记",
      mediators: [{ name: "王德明" }],
      sessions: [{ startsAt: "2026-09-01T06:30:00.000Z", placeKind: "office", place: "北洲村人民调解室" }],
      evidence: expect.any(Array) as unknown[],
      me: { side: "applicant", consent: { consented: true, at: "2026-09-01" } },
      agreement: { effective: true, text: "被申请人疏通排水沟并赔偿申请人损失。" },
      canDo: expect.any(Array) as string[],
    });
    const docs = body.documents as { kind: string; title: string; url: string }[];
    expect(docs.map((d) => d.kind)).toEqual(["notice", "agreement"]);
    expect(docs[0]).toEqual({
      kind: "notice",
      title: "人民调解告知书",
      url: `/api/v1/portal/cases/${mine}/documents/notice`,
    });
    const texts = (body.timeline as { text: string }[]).map((t) => t.text);
    expect(texts).toEqual([
      "调委会收到了调解申请",
      "调委会受理了纠纷",
      "调委会告知了当事人的权利和义务，并记下了是否同意调解",
      "调解员王德明负责调解",
      "第1次调解（北洲村人民调解室）",
      "达成了调解协议",
    ]);
    // Nothing internal, and no ID number (the other side's, or even their own).
    for (const secret of [
      SECRET_MEASURES,
      SESSION_RECORD,
      respondentId,
      applicantId,
      "防激化",
      "登记纠纷（",
    ]) {
      expect(res.text).not.toContain(secret);
    }
  });

  it("shows an agent the case of the party they act for, with that party's obligation", async () => {
    const token = await partyToken(AGENT);
    const res = await api(token, `/cases/${mine}`).expect(200);
    expect(res.body).toMatchObject({
      me: { side: "respondent" },
      nextStep: "请按协议在2026年12月20日前履行：疏通宅旁排水沟",
    });
    const list = await api(token, "/cases").expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({ id: mine, nextStep: "请按协议在2026年12月20日前履行：疏通宅旁排水沟" }),
    ]);
  });

  it("answers 404 for another phone's case, a case with the phone on no party, and one that does not exist", async () => {
    const token = await partyToken(STRANGER);
    for (const path of [`/cases/${mine}`, `/cases/${notMine}`, "/cases/999999", "/cases/abc", "/cases/1e1"]) {
      const res = await api(token, path);
      expect(res.status, path).toBe(404);
      expect(res.type).toBe("application/problem+json");
    }
    expect((await api(token, `/cases/${mine}/documents/notice`)).status).toBe(404);
    expect((await api(await partyToken(APPLICANT), `/cases/${notMine}`)).status).toBe(404);
  });

  it("refuses a staff token and no token with 401", async () => {
    expect((await request(ctx.app).get(`/api/v1/portal/cases/${mine}`)).status).toBe(401);
    const staff = await CaseApi.as(ctx.app, "clerk");
    expect((await staff.getApi(`/portal/cases/${mine}`)).status).toBe(401);
  });
});

describe("the party's documents", () => {
  it("are PDFs for the party's own case, and only those addressed to parties", async () => {
    const token = await partyToken(APPLICANT);
    for (const kind of ["notice", "agreement"]) {
      const res = await api(token, `/cases/${mine}/documents/${kind}`).expect(200);
      expect(res.headers["content-type"]).toBe("application/pdf");
    }
    // Papers for the file, not for parties (the register, the session record, the cover): 404.
    for (const kind of ["registration", "file-cover", "session-record/1", "termination-notice", "nonsense"]) {
      expect((await api(token, `/cases/${mine}/documents/${kind}`)).status, kind).toBe(404);
    }
  });

  it("download on the web for the signed-in party only", async () => {
    const party = await partyAgent(APPLICANT);
    const pdf = await party.get(`/my/cases/${mine}/documents/agreement.pdf`).expect(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect((await party.get(`/my/cases/${mine}/documents/registration.pdf`)).status).toBe(404);
    expect((await party.get(`/my/cases/${notMine}/documents/notice.pdf`)).status).toBe(404);
    const stranger = await partyAgent(STRANGER);
    expect((await stranger.get(`/my/cases/${mine}/documents/notice.pdf`)).status).toBe(404);
    // Not signed in: to the sign-in page.
    const anon = await request(ctx.app).get(`/my/cases/${mine}/documents/notice.pdf`);
    expect(anon.headers.location).toBe("/my/login");
  });
});

describe("/my/cases/{id}", () => {
  it("links each case on /my and shows it in plain words, without ID numbers or internal notes", async () => {
    const party = await partyAgent(APPLICANT);
    const my = await party.get("/my").expect(200);
    expect(my.text).toContain(`href="/my/cases/${mine}"`);
    expect(my.text).toContain("下一步：王桂香应按协议在2026年12月20日前履行");
    const page = await party.get(`/my/cases/${mine}`).expect(200);
    for (const text of [
      "现在的情况",
      "已达成调解协议",
      "调解员：王德明",
      "2026-09-01 14:30 调解",
      "文书",
      "经过",
    ]) {
      expect(page.text).toContain(text);
    }
    expect(page.text).toContain(`href="/my/cases/${mine}/documents/notice.pdf"`);
    expect(page.text).toContain("人民调解协议书（PDF）");
    for (const secret of [SECRET_MEASURES, SESSION_RECORD, respondentId, applicantId, "防激化"]) {
      expect(page.text).not.toContain(secret);
    }
  });

  it("has the 大字 toggle, which works with a staff sign-in in the same browser too", async () => {
    const browser = await loginAs(ctx.app, "clerk");
    nextMinute();
    const login = await browser.get("/my/login").expect(200);
    const step2 = await browser
      .post("/my/login/code")
      .type("form")
      .send({ _csrf: csrfFrom(login.text), phone: APPLICANT })
      .expect(200);
    await browser
      .post("/my/login")
      .type("form")
      .send({ _csrf: csrfFrom(step2.text), phone: APPLICANT, code: await lastCode(APPLICANT) })
      .expect(303);
    const page = await browser.get(`/my/cases/${mine}`).expect(200);
    expect(page.text).toContain('action="/my/preferences/text-size"');
    // The staff's path checks the staff session's token, which a party's page does not carry.
    const staffPath = await browser
      .post("/preferences/text-size")
      .type("form")
      .send({ _csrf: csrfFrom(page.text), returnTo: "/" });
    expect(staffPath.status).toBe(403);
    const toggled = await browser
      .post("/my/preferences/text-size")
      .type("form")
      .send({ _csrf: csrfFrom(page.text), returnTo: `/my/cases/${mine}` });
    expect(toggled.status, toggled.text).toBe(303);
    expect(toggled.headers.location).toBe(`/my/cases/${mine}`);
    expect((await browser.get(`/my/cases/${mine}`).expect(200)).text).toContain('class="text-large"');
  });

  it("answers 404 for a case not the party's, and sends a visitor to sign in", async () => {
    const stranger = await partyAgent(STRANGER);
    expect((await stranger.get(`/my/cases/${mine}`)).status).toBe(404);
    expect((await stranger.get(`/my/cases/${notMine}`)).status).toBe(404);
    expect((await stranger.get("/my/cases/999999")).status).toBe(404);
    const anon = await request(ctx.app).get(`/my/cases/${mine}`);
    expect(anon.status).toBe(303);
    expect(anon.headers.location).toBe("/my/login");
  });
});
