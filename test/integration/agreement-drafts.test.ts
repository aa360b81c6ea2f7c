import type request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CaseApi,
  CONFIRMATION_MATERIALS,
  countRows,
  expectProblem,
  intakeBody,
  LONG_TOKENS,
  loadRefs,
  pdfText,
  person,
  prepareForMediation,
  sessionBody,
  TestClock,
  writtenAgreement,
  type Refs,
} from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { csrfOf, loginAs, type Agent } from "../support/web.js";

/**
 * Issue 16: the particulars intake left blank are completed on the agreement's own form, in the
 * agreement's transaction; a written agreement can be saved unsigned as a draft (待签署) and
 * printed, and the 告知书 printed before it is given (待送达). Neither paper is an issued document.
 */

const clock = new TestClock("2026-09-01");
let ctx: TestContext;
let refs: Refs;
let clerk: CaseApi;
let mediator: CaseApi;
let web: Agent;

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  refs = await loadRefs(ctx.knex);
  clerk = await CaseApi.as(ctx.app, "clerk");
  mediator = await CaseApi.as(ctx.app, "mediator");
  web = await loginAs(ctx.app, "mediator");
});
afterAll(() => ctx.close());

/** 刘某 registered with a name, a phone and an address only: no ID, sex, birth date, ethnicity or occupation. */
async function caseWithBareParty(): Promise<{ id: number; liu: number; wang: number }> {
  const bare = person("applicant", "刘某", { ethnicity: undefined, occupation: undefined });
  delete bare.idNumber;
  const { id } = await clerk.create(intakeBody({ parties: [bare, person("respondent", "王桂香")] }));
  await prepareForMediation(clerk, id, refs.mediator("王德明"), "2026-09-01");
  await mediator.do(
    id,
    "record-session",
    sessionBody("2026-09-01T09:30:00+08:00", "agreement", "达成协议。"),
  );
  const detail = await mediator.detail(id);
  return {
    id,
    liu: detail.parties.find((p) => p.name === "刘某")!.id,
    wang: detail.parties.find((p) => p.name === "王桂香")!.id,
  };
}

/** The record-agreement form as a browser posts it: complete, both parties signing today. */
async function agreementForm(id: number, liu: number, wang: number, over: Record<string, string> = {}) {
  const { version } = await mediator.detail(id);
  return {
    _csrf: await csrfOf(web, `/cases/${id}`),
    version: String(version),
    form: "written",
    facts: "被申请人堵塞排水沟，雨水倒灌申请人厨房。",
    disputedMatters: "疏通责任及损失赔偿。",
    responsibilities: "被申请人负主要责任。",
    terms: "被申请人疏通排水沟并赔偿 800 元。",
    "obligations[0][obligor]": String(wang),
    "obligations[0][obligee]": String(liu),
    "obligations[0][content]": "赔偿损失",
    "obligations[0][amountYuan]": "800",
    "obligations[0][dueOn]": "2026-09-30",
    "obligations[0][manner]": "现金",
    "obligations[0][place]": "北洲村人民调解室",
    signedOn: "2026-09-01",
    "signatures[0][partyId]": String(liu),
    "signatures[0][signedOn]": "2026-09-01",
    "signatures[0][method]": "sign",
    "signatures[1][partyId]": String(wang),
    "signatures[1][signedOn]": "2026-09-01",
    "signatures[1][method]": "thumbprint",
    mediatorSignedOn: "2026-09-01",
    sealedOn: "2026-09-01",
    copies: "3",
    "particulars[0][partyId]": String(liu),
    "particulars[0][gender]": "male",
    "particulars[0][birthDate]": "1968-05-12",
    "particulars[0][ethnicity]": "汉族",
    "particulars[0][occupation]": "北洲村农民",
    ...over,
  };
}

const post = (id: number, body: Record<string, string>) =>
  web.post(`/cases/${id}/actions/record-agreement`).type("form").send(body);

const partyRow = (id: number) => ctx.knex("parties").where({ id }).first();

describe("particulars completed on the agreement's form", () => {
  it("the API still refuses a written agreement while a party lacks them, naming what is missing", async () => {
    const { id } = await caseWithBareParty();
    const res = await mediator.try(
      id,
      "record-agreement",
      writtenAgreement(await mediator.detail(id), "2026-09-01", ["2026-09-30"]),
    );
    const problem = expectProblem(res, 422);
    expect(problem.errors).toContainEqual({
      field: "parties",
      message: "当事人刘某缺少：性别、出生日期、民族、职业或工作单位",
    });
  });

  it("the form asks for the missing particulars only, under their own heading", async () => {
    const { id } = await caseWithBareParty();
    const page = await web.get(`/cases/${id}/actions/record-agreement`).expect(200);
    expect(page.text).toContain("当事人信息（书面协议须写明）");
    for (const f of ["gender", "birthDate", "ethnicity", "occupation"])
      expect(page.text).toContain(`name="particulars[0][${f}]"`);
    expect(page.text).not.toContain('name="particulars[0][address]"');
    expect(page.text).not.toContain('name="particulars[1]');
  });

  it("an error elsewhere stores neither the particulars nor the agreement, and keeps everything typed", async () => {
    const { id, liu, wang } = await caseWithBareParty();
    const before = await partyRow(liu);
    const events = await countRows(ctx.knex, "case_events", { case_id: id });
    const res = await post(
      id,
      await agreementForm(id, liu, wang, { "obligations[0][amountYuan]": "八百" }),
    ).expect(400);
    expect(res.text).toContain("履行金额应为不小于 0 的数字");
    expect(res.text).toContain('value="汉族"');
    expect(res.text).toContain('value="北洲村农民"');
    expect(res.text).toContain('value="1968-05-12"');
    expect(res.text).toMatch(/<option value="male" selected>/);
    expect(res.text).toContain("被申请人堵塞排水沟，雨水倒灌申请人厨房。");
    expect(await partyRow(liu)).toEqual(before);
    expect(await countRows(ctx.knex, "agreements", { case_id: id })).toBe(0);
    expect(await countRows(ctx.knex, "case_events", { case_id: id })).toBe(events);

    // A bad particular is named with its party, and nothing is stored either.
    const bad = await post(
      id,
      await agreementForm(id, liu, wang, { "particulars[0][birthDate]": "2099-01-01" }),
    ).expect(400);
    expect(bad.text).toContain("刘某：出生日期不能晚于今天");
    expect(await partyRow(liu)).toEqual(before);
    expect(await countRows(ctx.knex, "agreements", { case_id: id })).toBe(0);
  });

  it("one post records the particulars (with their own event) and the agreement, in one transaction", async () => {
    const { id, liu, wang } = await caseWithBareParty();
    const res = await post(id, await agreementForm(id, liu, wang)).expect(303);
    expect(res.headers.location).toBe(`/cases/${id}?done=record-agreement`);
    const row = await partyRow(liu);
    expect([row.gender, row.birth_date, row.ethnicity, row.occupation]).toEqual([
      "male",
      "1968-05-12",
      "汉族",
      "北洲村农民",
    ]);
    const detail = await mediator.detail(id);
    expect(detail.status).toBe("agreement");
    expect(detail.agreement?.form).toBe("written");
    const summaries = detail.events.map((e) => [e.action, e.summary]);
    expect(summaries).toContainEqual([
      "update-party",
      "更正当事人刘某的信息：性别、出生日期、民族、职业（记录调解协议时补充）",
    ]);
    const i = detail.events.findIndex((e) => e.action === "update-party");
    expect(detail.events[i + 1]?.action).toBe("record-agreement");
  });

  it("an oral agreement does not ask for them", async () => {
    const { id, liu, wang } = await caseWithBareParty();
    const oral = await agreementForm(id, liu, wang, {
      form: "oral",
      "particulars[0][gender]": "",
      "particulars[0][birthDate]": "",
      "particulars[0][ethnicity]": "",
      "particulars[0][occupation]": "",
    });
    await post(id, oral).expect(303);
    expect((await partyRow(liu)).ethnicity).toBeNull();
    expect((await mediator.detail(id)).agreement?.form).toBe("oral");
  });
});

describe("a written agreement saved unsigned (待签署)", () => {
  it("is saved without signatures, reloaded, printed unregistered, and deleted when the signed one is recorded", async () => {
    const { id, liu, wang } = await caseWithBareParty();
    const unsigned = {
      ...(await agreementForm(id, liu, wang)),
      "signatures[0][signedOn]": "",
      "signatures[1][signedOn]": "",
      responsibilities: "",
      saveDraft: "1",
      draftVersion: "0",
    };
    // Malformed values are still refused, and nothing is stored.
    const bad = await post(id, { ...unsigned, "obligations[0][dueOn]": "2026-02-30" }).expect(400);
    expect(bad.text).toContain("履行期限不是有效日期");
    expect(bad.text).toContain('value="北洲村农民"');
    expect(await countRows(ctx.knex, "agreement_drafts", { case_id: id })).toBe(0);

    const saved = await post(id, unsigned).expect(303);
    expect(saved.headers.location).toBe(`/cases/${id}?done=agreement-draft`);
    const detail = await mediator.detail(id);
    expect(detail.status).toBe("in_mediation");
    expect(detail.agreement).toBeNull();
    const page = await web.get(`/cases/${id}?done=agreement-draft`).expect(200);
    expect(page.text).toContain("书面调解协议草稿（待签署）");
    expect(page.text).toContain(`href="/cases/${id}/actions/record-agreement">继续填写</a>`);
    expect(page.text).toContain(`href="/cases/${id}/drafts/agreement.pdf"`);

    // Reopened, the form holds the draft as typed.
    const form = await web.get(`/cases/${id}/actions/record-agreement`).expect(200);
    expect(form.text).toContain("被申请人堵塞排水沟，雨水倒灌申请人厨房。");
    expect(form.text).toContain('value="北洲村农民"');
    expect(form.text).toContain('name="draftVersion" value="1"');

    // Someone else's save in between is not overwritten.
    const stale = await post(id, { ...unsigned, facts: "另一版本" }).expect(409);
    expect(stale.text).toContain("协议草稿已被他人修改");
    expect(stale.text).toContain("另一版本");

    const issued = await countRows(ctx.knex, "document_issues", { case_id: id });
    const res = await web.get(`/cases/${id}/drafts/agreement.pdf`).buffer(true).parse(binary).expect(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    const { flat } = await pdfText(res.body as Buffer);
    expect(flat).toContain("人民调解协议书（待签署）");
    expect(flat).toContain("【待签署】本协议尚未经当事人签名");
    expect(flat).toContain("刘某，男，1968年5月12日出生，汉族，北洲村农民");
    expect(flat).toContain("人民币800.00元");
    expect(flat).not.toContain("文书验证码：");
    expect(flat).toContain("未编文书验证码");
    expect(await countRows(ctx.knex, "document_issues", { case_id: id })).toBe(issued);

    await post(id, { ...(await agreementForm(id, liu, wang)), draftVersion: "1" }).expect(303);
    expect(await countRows(ctx.knex, "agreement_drafts", { case_id: id })).toBe(0);
    expect((await mediator.detail(id)).status).toBe("agreement");
    await web.get(`/cases/${id}/drafts/agreement.pdf`).expect(404);
  });
});

describe("the 告知书 before it is given (待送达)", () => {
  it("prints marked, dated by hand and unregistered until the day it was given is recorded", async () => {
    const { id } = await clerk.create(
      intakeBody({ parties: [person("applicant", "赵甲"), person("respondent", "钱乙")] }),
    );
    await clerk.do(id, "accept");
    const page = await web.get(`/cases/${id}`).expect(200);
    expect(page.text).toContain(`href="/cases/${id}/drafts/notice.pdf"`);
    const issued = await countRows(ctx.knex, "document_issues", { case_id: id });
    const res = await web.get(`/cases/${id}/drafts/notice.pdf`).buffer(true).parse(binary).expect(200);
    const { flat } = await pdfText(res.body as Buffer);
    expect(flat).toContain("人民调解告知书（待送达）");
    expect(flat).toContain("【待送达】");
    expect(flat).toContain("年月日");
    expect(flat).not.toContain("文书验证码：");
    expect(await countRows(ctx.knex, "document_issues", { case_id: id })).toBe(issued);

    const kase = await clerk.detail(id);
    await clerk.do(id, "record-consent", {
      noticeGivenOn: "2026-09-01",
      consents: kase.parties.map((p) => ({ partyId: p.id, consented: true })),
    });
    await web.get(`/cases/${id}/drafts/notice.pdf`).expect(404);
  });
});

describe("the joint 司法确认申请书 before it is filed (待签署)", () => {
  it("prints for the parties to sign once the written agreement is in effect, until the application is recorded", async () => {
    const { id } = await caseWithBareParty();
    const pdfUrl = `/cases/${id}/drafts/confirmation-application.pdf`;
    await web.get(pdfUrl).expect(404);
    const withParticulars = await mediator.detail(id);
    for (const p of withParticulars.parties) {
      await ctx.knex("parties").where({ id: p.id }).update({
        gender: "male",
        birth_date: "1960-01-01",
        ethnicity: "汉族",
        occupation: "农民",
        address: "湖南省株洲市渌口区南洲镇北洲村",
      });
    }
    await mediator.do(
      id,
      "record-agreement",
      writtenAgreement(await mediator.detail(id), "2026-09-01", ["2026-09-30"]),
    );

    const page = await web.get(`/cases/${id}`).expect(200);
    expect(page.text).toContain(`href="${pdfUrl}"`);
    const issued = await countRows(ctx.knex, "document_issues", { case_id: id });
    const res = await web.get(pdfUrl).buffer(true).parse(binary).expect(200);
    const { flat } = await pdfText(res.body as Buffer);
    expect(flat).toContain("司法确认申请书（待签署）");
    expect(flat).toContain("【待签署】");
    expect(flat.split("■").length - 1).toBe(1); // only the legend "■ 已附": nothing ticked yet
    expect(flat).not.toContain("文书验证码：");
    expect(await countRows(ctx.knex, "document_issues", { case_id: id })).toBe(issued);

    const kase = await clerk.detail(id);
    await clerk.do(id, "apply-confirmation", {
      courtId: refs.courtId,
      appliedOn: "2026-09-01",
      applicantPartyIds: kase.parties.map((p) => p.id),
      materials: CONFIRMATION_MATERIALS,
    });
    await web.get(pdfUrl).expect(404);
    expect((await web.get(`/cases/${id}`).expect(200)).text).not.toContain(pdfUrl);
  });
});

function binary(r: request.Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  r.on("data", (c: Buffer) => chunks.push(c));
  r.on("end", () => cb(null, Buffer.concat(chunks)));
}
