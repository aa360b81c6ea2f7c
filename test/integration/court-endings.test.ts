import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CaseApi,
  CONFIRMATION_MATERIALS,
  expectProblem,
  intakeBody,
  LONG_TOKENS,
  loadRefs,
  pdfText,
  prepareForMediation,
  sessionBody,
  TestClock,
  writtenAgreement,
  type Refs,
} from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { csrfOf, loginAs } from "../support/web.js";

// Every way the court ends an application: refused (解释 355), withdrawn (357), confirmed, rejected (358).
const clock = new TestClock("2026-09-01");
let ctx: TestContext;
let refs: Refs;
let clerk: CaseApi;
let mediator: CaseApi;
let judge: CaseApi;

type Item = {
  id: number;
  caseId: number;
  status: string;
  version: number;
  number: string | null;
  outcome: string | null;
  outcomeLabel: string | null;
  decidedOn: string | null;
  nextSteps: string[];
};

const api = (who: CaseApi, path: string, body?: object) =>
  body === undefined
    ? who["auth"](request(ctx.app).get(`/api/v1${path}`))
    : who["auth"](request(ctx.app).post(`/api/v1${path}`)).send(body);

/** A case mediated to a written agreement on `on` and applied for on the same day; returns its application. */
async function applied(on: string): Promise<Item> {
  clock.set(on);
  const caseId = (await clerk.create(intakeBody())).id;
  await prepareForMediation(clerk, caseId, refs.mediator("王德明"), on);
  await mediator.do(caseId, "record-session", sessionBody(`${on}T09:30:00+08:00`, "agreement", "达成协议。"));
  await mediator.do(
    caseId,
    "record-agreement",
    writtenAgreement(await mediator.detail(caseId), on, ["2026-12-01"]),
  );
  const kase = await clerk.detail(caseId);
  await clerk.do(caseId, "apply-confirmation", {
    courtId: refs.courtId,
    appliedOn: on,
    applicantPartyIds: kase.parties.map((p) => p.id),
    materials: CONFIRMATION_MATERIALS,
  });
  return item(caseId);
}

async function item(caseId: number): Promise<Item> {
  const all = (await api(judge, "/confirmations").expect(200)).body as Item[];
  // The latest application of the case (the queue puts ended ones last).
  return all
    .filter((i) => i.caseId === caseId)
    .sort((a, b) => a.id - b.id)
    .at(-1)!;
}

async function filed(on: string): Promise<Item> {
  const it = await applied(on);
  return (await api(judge, `/confirmations/${it.id}/file`, { version: it.version, filedOn: on }).expect(200))
    .body as Item;
}

async function documents(
  caseId: number,
): Promise<{ kind: string; ref: string; url: string; title: string }[]> {
  return (await api(clerk, `/cases/${caseId}/documents`).expect(200)).body as never;
}

async function pdfOf(caseId: number, kind: string): Promise<{ text: string; flat: string }> {
  const doc = (await documents(caseId)).find((d) => d.kind === kind)!;
  expect(doc, kind).toBeDefined();
  return pdfText(await clerk.pdf(doc.url.replace(/^\/api\/v1/, "")));
}

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  refs = await loadRefs(ctx.knex);
  [clerk, mediator, judge] = (await Promise.all(
    ["clerk", "mediator", "judge"].map((u) => CaseApi.as(ctx.app, u)),
  )) as [CaseApi, CaseApi, CaseApi];
});
afterAll(() => ctx.close());

describe("refusal to file (不予受理, 民诉法解释第三百五十五条)", () => {
  it("refuses nothing without a statutory ground and reasons, and writes nothing", async () => {
    const it = await applied("2026-09-01");
    for (const body of [
      { reasons: "理由", decidedOn: "2026-09-01" },
      { grounds: ["criminal"], reasons: "理由", decidedOn: "2026-09-01" },
      { grounds: ["no_jurisdiction"], decidedOn: "2026-09-01" },
      { grounds: ["no_jurisdiction"], reasons: "理由", decidedOn: "2026-08-31" },
    ]) {
      const p = expectProblem(
        await api(judge, `/confirmations/${it.id}/refuse`, { version: it.version, ...body }),
        400,
      );
      expect(p.errors?.length ?? 0).toBeGreaterThan(0);
    }
    expectProblem(await api(clerk, `/confirmations/${it.id}/refuse`, { version: it.version }), 403);
    expect(await item(it.caseId)).toMatchObject({ status: "pending", outcome: null, number: null });
    expect((await clerk.detail(it.caseId)).status).toBe("awaiting_confirmation");
  });

  const GROUNDS: [string, string, string][] = [
    ["not_court_matter", "不属于人民法院受理范围", "第（一）项"],
    ["no_jurisdiction", "不属于收到申请的人民法院管辖", "第（二）项"],
    ["status_relation", "申请确认婚姻关系、亲子关系、收养关系等身份关系无效、有效或者解除", "第（三）项"],
    ["other_procedure", "涉及适用其他特别程序、公示催告程序、破产程序审理", "第（四）项"],
    ["rights_title", "调解协议内容涉及物权、知识产权确权", "第（五）项"],
  ];
  for (const [ground, label, itemNo] of GROUNDS) {
    it(`refuses on ${ground} with a numbered ruling; the case returns to its agreement`, async () => {
      const it = await applied("2026-09-02");
      const done = (
        await api(judge, `/confirmations/${it.id}/refuse`, {
          version: it.version,
          grounds: [ground],
          reasons: "经审查，申请事项依法不属于司法确认范围。",
          decidedOn: "2026-09-02",
        }).expect(200)
      ).body as Item;
      expect(done).toMatchObject({ status: "decided", outcome: "refused", outcomeLabel: "不予受理" });
      expect(done.number).toMatch(/^（2026）湘0212民特\d+号$/);
      expect(done.nextSteps.join("")).toContain("也可以就调解协议的履行或者内容发生的争议向人民法院提起诉讼");
      const kase = await clerk.detail(it.caseId);
      expect(kase.status).toBe("agreement");
      expect(kase.events.at(-1)).toMatchObject({ action: "court-refuse", toStatus: "agreement" });
      const { text, flat } = await pdfOf(it.caseId, "refusal-ruling");
      expect(flat).toContain("民事裁定书");
      expect(flat).toContain(done.number!);
      expect(flat).toContain(label);
      expect(flat).toContain(`第三百五十五条第一款${itemNo}`);
      expect(flat).toContain(`本案存在下列不予受理的情形：${label}。`);
      expect(flat).toContain("本院不予受理");
      expect(flat).toContain("《中华人民共和国民事诉讼法》第二百零五条");
      const code = text.match(/文书验证码：([0-9A-Z-]+)/)![1]!;
      const page = await request(ctx.app).get(`/verify/${code}`).expect(200);
      expect(page.text).toContain("民事裁定书（不予受理）");
      if (ground === "no_jurisdiction") {
        expect(done.nextSteps.join("")).toContain("向有管辖权的人民法院共同申请司法确认");
        // Refused for want of jurisdiction, the parties apply again within the 30 days.
        await clerk.do(it.caseId, "apply-confirmation", {
          courtId: refs.courtId,
          appliedOn: "2026-09-02",
          applicantPartyIds: kase.parties.map((p) => p.id),
          materials: CONFIRMATION_MATERIALS,
        });
        expect(await item(it.caseId)).toMatchObject({ status: "pending" });
      }
    });
  }

  it("still refuses after the 3 days (the period binds the court) and records it as late", async () => {
    const it = await applied("2026-09-02");
    clock.set("2026-09-10"); // the filing period ended 2026-09-07
    await api(judge, `/confirmations/${it.id}/refuse`, {
      version: it.version,
      grounds: ["rights_title"],
      reasons: "协议约定确认宅基地使用权归属。",
      decidedOn: "2026-09-10",
    }).expect(200);
    const event = (await clerk.detail(it.caseId)).events.at(-1)!;
    expect(event.summary).toContain("超过立案审查期限（2026-09-07）作出");
  });

  it("after filing, an art. 355 ground is a rejection (¶2), not a refusal", async () => {
    const it = await filed("2026-09-03");
    const p = expectProblem(
      await api(judge, `/confirmations/${it.id}/refuse`, {
        version: it.version,
        grounds: ["rights_title"],
        reasons: "涉及确权",
        decidedOn: "2026-09-03",
      }),
      409,
    );
    expect(p.detail).toContain("第三百五十五条第二款");
    await api(judge, `/confirmations/${it.id}/decision`, {
      version: it.version,
      outcome: "rejected",
      grounds: ["rights_title"],
      reasons: "协议内容涉及林地承包经营权的确权。",
      decidedOn: "2026-09-03",
    }).expect(200);
    expect((await clerk.detail(it.caseId)).status).toBe("confirmation_rejected");
    const { flat } = await pdfOf(it.caseId, "ruling");
    expect(flat).toContain("调解协议内容涉及物权、知识产权确权");
    expect(flat).toContain("第三百五十五条第一款第（五）项、第二款");
    expect(flat).toContain("驳回申请人的司法确认申请");
  });
});

describe("withdrawal before the ruling (民诉法解释第三百五十七条)", () => {
  it("allows a party's withdrawal, recording who and when, with a 准许撤回 ruling", async () => {
    const it = await applied("2026-09-04");
    const kase = await clerk.detail(it.caseId);
    const [first] = kase.parties;
    const base = { version: it.version, kind: "party", requestedOn: "2026-09-04", decidedOn: "2026-09-04" };
    expect(fieldsIn(await api(judge, `/confirmations/${it.id}/withdraw`, base))).toContain("partyIds");
    expect(
      fieldsIn(await api(judge, `/confirmations/${it.id}/withdraw`, { ...base, partyIds: [999999] })),
    ).toContain("partyIds");
    expect(
      fieldsIn(await api(judge, `/confirmations/${it.id}/withdraw`, { ...base, kind: "gone" })),
    ).toContain("kind");
    const done = (
      await api(judge, `/confirmations/${it.id}/withdraw`, {
        ...base,
        partyIds: [first!.id],
        reasons: "双方已自行履行完毕，无需确认。",
      }).expect(200)
    ).body as Item;
    expect(done).toMatchObject({ status: "decided", outcome: "withdrawn", outcomeLabel: "准许撤回" });
    expect(done.nextSteps.join("")).toContain("重新共同申请司法确认");
    const after = await clerk.detail(it.caseId);
    expect(after.status).toBe("agreement");
    expect(after.confirmations.at(-1)).toMatchObject({
      withdrawalKind: "party",
      withdrawalRequestedOn: "2026-09-04",
      withdrawalPartyIds: [first!.id],
    });
    expect(after.events.at(-1)!.summary).toContain(`准许${first!.name}撤回`);
    const { flat } = await pdfOf(it.caseId, "withdrawal-ruling");
    expect(flat).toContain(`准许申请人${first!.name}撤回司法确认申请`);
    expect(flat).toContain("第三百五十七条第一款");
    expect(flat).toContain("双方已自行履行完毕，无需确认");
    expect(flat).toMatch(/（2026）湘0212民特\d+号/);
    expectProblem(
      await api(judge, `/confirmations/${it.id}/withdraw`, {
        ...base,
        version: done.version,
        partyIds: [first!.id],
      }),
      409,
    );
  });

  it("treats the application as withdrawn only when material asked for did not come", async () => {
    const it = await filed("2026-09-07");
    const deemed = {
      kind: "deemed",
      deemedGround: "no_material",
      reasons: "申请人逾期未补充。",
      decidedOn: "2026-09-07",
    };
    const refused = expectProblem(
      await api(judge, `/confirmations/${it.id}/withdraw`, { version: it.version, ...deemed }),
      422,
    );
    expect(refused.detail).toContain("未曾要求");
    const asked = (
      await api(judge, `/confirmations/${it.id}/request-material`, {
        version: it.version,
        request: "请于三日内补充排水沟权属证明",
      }).expect(200)
    ).body as Item;
    expect(
      fieldsIn(
        await api(judge, `/confirmations/${it.id}/withdraw`, {
          version: asked.version,
          ...deemed,
          reasons: "",
        }),
      ),
    ).toContain("reasons");
    const done = (
      await api(judge, `/confirmations/${it.id}/withdraw`, { version: asked.version, ...deemed }).expect(200)
    ).body as Item;
    expect(done).toMatchObject({ outcome: "withdrawn", outcomeLabel: "按撤回申请处理", number: it.number });
    expect((await clerk.detail(it.caseId)).status).toBe("agreement");
    const { flat } = await pdfOf(it.caseId, "withdrawal-ruling");
    expect(flat).toContain("本案按申请人撤回司法确认申请处理");
    expect(flat).toContain("第三百五十七条第二款");
    expect(flat).toContain("请于三日内补充排水沟权属证明");
    const docs = await documents(it.caseId);
    expect(docs.find((d) => d.kind === "withdrawal-ruling")!.title).toBe("民事裁定书（按撤回申请处理）");
    expect(docs.map((d) => d.kind)).not.toContain("ruling");
  });
});

describe("rulings on the agreement (民事诉讼法第二百零五条、第二百零六条)", () => {
  it("confirms, citing the CPL's articles", async () => {
    const it = await filed("2026-09-08");
    const done = (
      await api(judge, `/confirmations/${it.id}/decision`, {
        version: it.version,
        outcome: "confirmed",
        decidedOn: "2026-09-08",
      }).expect(200)
    ).body as Item;
    expect(done).toMatchObject({ outcomeLabel: "确认有效" });
    expect(done.nextSteps.join("")).toContain("申请执行");
    const { flat } = await pdfOf(it.caseId, "ruling");
    expect(flat).toContain("《中华人民共和国民事诉讼法》第二百零五条、第二百零六条");
    expect(flat).not.toContain("关于确认调解协议案件的规定");
    expect(flat).toContain("调解协议有效");
  });

  const GROUNDS: [string, string, string][] = [
    ["mandatory_law", "违反法律强制性规定", "第（一）项"],
    ["public_interest", "损害国家利益、社会公共利益、他人合法权益", "第（二）项"],
    ["public_order", "违背公序良俗", "第（三）项"],
    ["involuntary", "违反自愿原则", "第（四）项"],
    ["unclear", "内容不明确", "第（五）项"],
    ["other", "其他不能进行司法确认的情形", "第（六）项"],
  ];
  for (const [ground, label, itemNo] of GROUNDS) {
    it(`rejects on ${ground}, citing 解释第三百五十八条${itemNo}`, async () => {
      const it = await filed("2026-09-09");
      await api(judge, `/confirmations/${it.id}/decision`, {
        version: it.version,
        outcome: "rejected",
        grounds: [ground],
        reasons: "具体理由见卷。",
        decidedOn: "2026-09-09",
      }).expect(200);
      expect(await item(it.caseId)).toMatchObject({ outcome: "rejected", outcomeLabel: "驳回申请" });
      expect((await clerk.detail(it.caseId)).status).toBe("confirmation_rejected");
      const { flat } = await pdfOf(it.caseId, "ruling");
      expect(flat).toContain(label);
      expect(flat).toContain(
        `第二百零五条、第二百零六条，《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第三百五十八条${itemNo}`,
      );
      expect(flat).not.toContain("关于确认调解协议案件的规定");
    });
  }

  it("still reads rulings stored with the old ground codes", async () => {
    const it = await filed("2026-09-09");
    await api(judge, `/confirmations/${it.id}/decision`, {
      version: it.version,
      outcome: "rejected",
      grounds: ["coerced"], // an older client's code, taken as the art. 358 ground it falls under
      reasons: "旧数据。",
      decidedOn: "2026-09-09",
    }).expect(200);
    expect((await clerk.detail(it.caseId)).confirmations.at(-1)!.grounds).toEqual(["involuntary"]);
    await ctx
      .knex("confirmations")
      .where({ id: it.id })
      .update({ grounds_json: JSON.stringify(["coerced", "criminal"]) });
    const { flat } = await pdfOf(it.caseId, "ruling");
    expect(flat).toContain("违反自愿原则；其他不能进行司法确认的情形");
    expect(flat).toContain("第三百五十八条第（四）项、第（六）项");
    expect(flat).not.toContain("coerced");
  });
});

describe("the queue and the case page", () => {
  it("shows each ended application with its outcome and the parties' next steps", async () => {
    const decided = (await api(judge, "/confirmations?status=decided").expect(200)).body as Item[];
    const labels = new Set(decided.map((d) => d.outcomeLabel));
    for (const l of ["不予受理", "准许撤回", "按撤回申请处理", "确认有效", "驳回申请"])
      expect(labels).toContain(l);
    const web = await loginAs(ctx.app, "judge");
    const queue = await web.get("/court").expect(200);
    expect(queue.text).toContain("已办结（不予受理）");
    expect(queue.text).toContain("已办结（按撤回申请处理）");
    const refused = decided.find((d) => d.outcome === "refused")!;
    const desk = await web.get(`/court/confirmations/${refused.id}`).expect(200);
    expect(desk.text).toContain("民事裁定书（不予受理）PDF");
    expect(desk.text).toContain("已裁定不予受理");
    expect(desk.text).not.toContain("撤回申请</h2>");
    const deemed = decided.find((d) => d.outcomeLabel === "按撤回申请处理")!;
    const deemedPage = await (await loginAs(ctx.app, "clerk")).get(`/cases/${deemed.caseId}`).expect(200);
    expect(deemedPage.text).toContain("已裁定按撤回申请处理");
    expect(deemedPage.text).toContain("重新共同申请司法确认");
    const page = await (await loginAs(ctx.app, "clerk")).get(`/cases/${refused.caseId}`).expect(200);
    expect(page.text).toContain("已裁定不予受理");
    expect(page.text).toContain("人民调解法第三十二条");
  });

  it("refuses on the desk with typed values kept when a field is missing", async () => {
    const it = await applied("2026-09-10");
    const web = await loginAs(ctx.app, "judge");
    const path = `/court/confirmations/${it.id}`;
    const res = await web
      .post(`${path}/refuse`)
      .type("form")
      .send({
        _csrf: await csrfOf(web, path),
        version: it.version,
        grounds: "rights_title",
        reasons: "",
        decidedOn: "2026-09-10",
      });
    expect(res.status).toBe(400);
    expect(res.text).toContain("请填写不予受理的理由");
    expect(res.text).toMatch(/id="f-refuse-rights_title"[^>]*checked/);
    expect((await item(it.caseId)).status).toBe("pending");
    await web
      .post(`${path}/refuse`)
      .type("form")
      .send({
        _csrf: await csrfOf(web, path),
        version: it.version,
        grounds: "rights_title",
        reasons: "涉及确权。",
        decidedOn: "2026-09-10",
      })
      .expect(303);
    expect((await item(it.caseId)).outcome).toBe("refused");
  });
});

function fieldsIn(res: request.Response): string[] {
  return (expectProblem(res, 400).errors ?? []).map((e) => e.field);
}
