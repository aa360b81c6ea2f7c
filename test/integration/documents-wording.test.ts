/**
 * The documents' exact words (issue 20, items 3, 4, 5 and 7), read back from the PDFs' text:
 * the written agreement's required items and wording, the session record's mediators as recorded,
 * the notices, the 司法确认申请书, the case file's 另附 papers, and no control characters.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CaseApi,
  expectProblem,
  fieldsOf,
  intakeBody,
  LONG_TOKENS,
  loadRefs,
  organisation,
  pdfText,
  person,
  prepareForMediation,
  sessionBody,
  TestClock,
  writtenAgreement,
  type ActionBody,
  type CaseJson,
  type Refs,
} from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";

const clock = new TestClock("2026-09-01");
let ctx: TestContext;
let refs: Refs;
let clerk: CaseApi;
let mediator: CaseApi;
/** The committee's director: acts on the case once 王德明 (the mediator user) is off it. */
let director: CaseApi;
/** Three parties: a person applying against a company (no 职务 on file yet) and a person. */
let kase: CaseJson;

const TITLES = [
  "卷宗封面",
  "卷内目录",
  "人民调解申请书",
  "人民调解受理登记表",
  "人民调解告知书",
  "人民调解笔录（第\\d+次）",
  "人民调解协议书",
  "不予受理告知书",
  "司法确认申请书",
  "卷内备考表",
].join("|");

/** A PDF's text without white space, page footers and running headers (which may split a line's text). */
async function read(path: string): Promise<{ text: string; flat: string }> {
  const { text, flat } = await pdfText(await clerk.pdf(path));
  const body = flat
    .replace(/北洲村人民调解委员会第\d+页共\d+页(卷内第\d+页)?--\d+of\d+--/g, "")
    .replace(new RegExp(`(${TITLES})（续）（\\d{4}）北洲调字第\\d+号`, "g"), "");
  return { text, flat: body };
}
const flatOf = async (path: string) => (await read(path)).flat;
// eslint-disable-next-line no-control-regex -- the point: no control characters in the text
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

async function codes(caseId: number): Promise<Map<string, string>> {
  const res = await clerk["auth"](request(ctx.app).get(`/api/v1/cases/${caseId}/documents`)).expect(200);
  const docs = res.body as { kind: string; ref?: string; verifyCode: string }[];
  return new Map(docs.map((d) => [d.ref ? `${d.kind}/${d.ref}` : d.kind, d.verifyCode]));
}

function agreementBody(k: CaseJson): ActionBody {
  const body = writtenAgreement(k, "2026-09-02", ["2026-09-15", "2026-10-15"]);
  const obligations = body.obligations as Record<string, unknown>[];
  obligations[1]!.amountFen = 130000;
  const company = k.parties.find((p) => p.name.endsWith("公司"))!;
  return {
    ...body,
    // Typed in a Windows browser: CR+LF line ends, and a lone CR.
    terms: "一、被申请人疏通排水沟；\r\n二、被申请人赔偿申请人损失。\r三、各方不再就此事发生争执。",
    signatures: k.parties.map((p) => ({
      partyId: p.id,
      signedOn: "2026-09-02",
      method: p.id === company.id ? "seal" : "sign",
    })),
  };
}

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  refs = await loadRefs(ctx.knex);
  clerk = await CaseApi.as(ctx.app, "clerk");
  mediator = await CaseApi.as(ctx.app, "mediator");
  director = await CaseApi.as(ctx.app, "director");
  const created = await clerk.create(
    intakeBody({
      parties: [
        person("applicant", "赵春来"),
        organisation("respondent", "株洲顺达建材有限公司", { legalRepresentativeTitle: undefined }),
        person("respondent", "钱秋生"),
      ],
    }),
  );
  await prepareForMediation(clerk, created.id, refs.mediator("王德明"), "2026-09-01");
  kase = await mediator.do(
    created.id,
    "record-session",
    sessionBody("2026-09-01T09:30:00+08:00", "continue", "第一次调解，双方各自陈述。"),
  );
});
afterAll(() => ctx.close());

describe("the session record's mediators (RL27)", () => {
  it("prints who mediated when the session was recorded, with the same code after a change of mediator", async () => {
    const before = await codes(kase.id);
    expect(await flatOf(`/cases/${kase.id}/documents/session-record/1.pdf`)).toContain(
      "调解员王德明（主持）",
    );

    clock.set("2026-09-02");
    await clerk.do(kase.id, "assign", { mediators: [{ mediatorId: refs.mediator("陈志强"), role: "lead" }] });
    await director.do(
      kase.id,
      "record-session",
      sessionBody("2026-09-02T09:30:00+08:00", "agreement", "第二次调解，达成协议。"),
    );

    const first = await flatOf(`/cases/${kase.id}/documents/session-record/1.pdf`);
    expect(first).toContain("调解员王德明（主持）");
    expect(first).not.toContain("陈志强");
    const second = await flatOf(`/cases/${kase.id}/documents/session-record/2.pdf`);
    expect(second).toContain("调解员陈志强（主持）");
    expect(second).not.toContain("王德明（主持）");
    const after = await codes(kase.id);
    expect(after.get("session-record/1")).toBe(before.get("session-record/1"));
    expect(after.get("session-record/2")).toBeTruthy();
    expect(after.get("session-record/2")).not.toBe(after.get("session-record/1"));
  });

  it("falls back to the assignment history for a session recorded before mediators were stored", async () => {
    const code = (await codes(kase.id)).get("session-record/1");
    await ctx.knex("mediation_sessions").where({ case_id: kase.id, seq: 1 }).update({ mediators_json: null });
    const first = await flatOf(`/cases/${kase.id}/documents/session-record/1.pdf`);
    expect(first).toContain("调解员王德明（主持）");
    expect(first).not.toContain("陈志强");
    expect((await codes(kase.id)).get("session-record/1")).toBe(code);
  });
});

describe("the written agreement (RL29, GD35)", () => {
  it("is refused without the manner and place of performance or the legal representative's 职务", async () => {
    const k = await director.detail(kase.id);
    const body = agreementBody(k);
    const bare = (body.obligations as Record<string, unknown>[]).map(({ manner: _m, place: _p, ...o }) => o);
    const refused = expectProblem(
      await director.try(kase.id, "record-agreement", { ...body, obligations: bare }),
      422,
    );
    expect(fieldsOf(refused)).toEqual(
      expect.arrayContaining([
        "obligations.0.manner",
        "obligations.0.place",
        "obligations.1.manner",
        "obligations.1.place",
        "parties",
      ]),
    );
    expect(refused.errors!.find((e) => e.field === "parties")!.message).toContain("法定代表人职务");
    expect(refused.errors!.find((e) => e.field === "obligations.1.place")!.message).toBe(
      "第 2 项义务须写明履行地点",
    );
  });

  it("is refused with fewer copies than one per party and one for the committee", async () => {
    const company = kase.parties.find((p) => p.name.endsWith("公司"))!;
    await clerk.do(kase.id, "update-party", {
      partyId: company.id,
      party: { ...organisation("respondent", company.name), legalRepresentativeTitle: "执行董事" },
    });
    const k = await director.detail(kase.id);
    const refused = expectProblem(
      await director.try(kase.id, "record-agreement", { ...agreementBody(k), copies: 3 }),
      400,
    );
    expect(refused.errors).toEqual([
      { field: "copies", message: "协议份数至少为 4 份（当事人各执一份，调解委员会留存一份）" },
    ]);
    kase = await director.do(kase.id, "record-agreement", agreementBody(k));
  });

  it("prints 人民币 once, the copies for N parties, 各方当事人, 职务, manner and place, and no control characters", async () => {
    const { text, flat } = await read(`/cases/${kase.id}/documents/agreement.pdf`);
    expect(flat).toContain("人民币1,300.00元（大写：壹仟叁佰元整）");
    expect(flat).not.toContain("元（人民币");
    expect(flat).toContain("本协议一式四份，当事人各执一份，人民调解委员会留存一份。");
    expect(flat).toContain("经本委员会调解，各方当事人自愿达成如下协议");
    expect(flat).toContain("各方当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认");
    expect(flat).not.toContain("双方当事人");
    expect(flat).toContain("法定代表人彭立军，职务执行董事");
    expect(flat).toContain("在北洲村人民调解室以现金支付方式向赵春来赔偿损失第1期");
    expect(flat).toContain("被申请人株洲顺达建材有限公司（盖章）");
    expect(flat).toContain("法定代表人彭立军（签名）");
    // The CR+LF and lone CR of the terms are line ends, not boxes or control characters.
    expect(text).not.toMatch(CONTROL);
    expect(flat).toContain(
      "一、被申请人疏通排水沟；二、被申请人赔偿申请人损失。三、各方不再就此事发生争执。",
    );
    expect(flat).not.toContain("□");
  });

  it("registers an oral agreement without manner or place", async () => {
    const { id } = await clerk.create(intakeBody());
    await prepareForMediation(clerk, id, refs.mediator("王德明"), "2026-09-02");
    await mediator.do(
      id,
      "record-session",
      sessionBody("2026-09-02T09:30:00+08:00", "agreement", "达成口头协议。"),
    );
    const k = await mediator.detail(id);
    const body = writtenAgreement(k, "2026-09-02", ["2026-09-15"]);
    const done = await mediator.do(id, "record-agreement", {
      form: "oral",
      terms: "被申请人当场道歉。",
      signedOn: "2026-09-02",
      obligations: (body.obligations as Record<string, unknown>[]).map(
        ({ manner: _m, place: _p, ...o }) => o,
      ),
    });
    expect(done.agreement).toMatchObject({ form: "oral" });
  });
});

describe("the notices", () => {
  it("the 告知书 states RL3's three principles, (三) in the Law's words", async () => {
    const flat = await flatOf(`/cases/${kase.id}/documents/notice.pdf`);
    expect(flat).toContain("（一）在当事人自愿、平等的基础上进行调解；");
    expect(flat).toContain("（二）不违背法律、法规和国家政策；");
    expect(flat).toContain(
      "（三）尊重当事人的权利，不得因调解而阻止当事人依法通过仲裁、行政、司法等途径维护自己的权利。",
    );
    expect(flat).toContain("各方当事人可以自调解协议生效之日起三十日内");
  });

  it("the 不予受理告知书 is worded by how the case came and cites GD art. 22", async () => {
    const grid = await clerk.create(intakeBody({ source: "grid_report" }));
    await clerk.do(grid.id, "decline", { ground: "in_court", advice: "请等待人民法院审理" });
    const fromGrid = await flatOf(`/cases/${grid.id}/documents/decline-notice.pdf`);
    expect(fromGrid).toContain("纠纷，由网格员于2026年9月2日上报本委员会。经审查，");
    expect(fromGrid).toContain("依照《人民调解工作若干规定》第二十二条的规定，本委员会决定不予受理。");
    expect(fromGrid).toContain("当事人可以通过以下途径解决：请等待人民法院审理");
    expect(fromGrid).not.toContain("申请调解");
    expect(fromGrid).not.toContain("有关规定");

    const applied = await clerk.create(intakeBody());
    await clerk.do(applied.id, "decline", { ground: "in_court", advice: "请等待人民法院审理" });
    const fromParty = await flatOf(`/cases/${applied.id}/documents/decline-notice.pdf`);
    expect(fromParty).toContain("你（们）于2026年9月2日申请调解的与");
    expect(fromParty).toContain("《人民调解工作若干规定》第二十二条");
    expect(fromParty).not.toContain("有关规定");
  });

  it("the 司法确认申请书: the company seals and its representative signs; materials ticked as recorded", async () => {
    await clerk.do(kase.id, "apply-confirmation", {
      courtId: refs.courtId,
      appliedOn: "2026-09-02",
      applicantPartyIds: kase.parties.map((p) => p.id),
      materials: ["application", "agreement", "identity", "service_addresses", "qualification"],
    });
    const { text, flat } = await read(`/cases/${kase.id}/documents/confirmation-application.pdf`);
    expect(flat).toContain("申请人株洲顺达建材有限公司（盖章）");
    expect(flat).toContain("法定代表人彭立军（签名）");
    expect(flat).toContain("申请人赵春来（签名或按指印）");
    expect(flat).not.toContain("有限公司（签名或按指印）");
    expect(flat).toContain("■司法确认申请书");
    expect(flat).toContain("■资格证明");
    expect(flat).toContain("□财产权利证明");
    expect(flat).toContain("□授权委托书");
    expect(flat).toContain("□人民调解委员会主持调解的证明");
    expect(text).not.toMatch(CONTROL);
  });
});

describe("the case file (RL27)", () => {
  it("lists the identity proofs as 另附 with their count in the index and on the back cover", async () => {
    const { text, flat } = await read(`/cases/${kase.id}/file.pdf`);
    expect(flat).toMatch(/\d+当事人身份证明（3份）另附/);
    expect(flat).toContain("另附当事人身份证明3份，未编页号。");
    expect(flat).not.toContain("授权委托书（");
    expect(text).not.toMatch(CONTROL);
  });
});
