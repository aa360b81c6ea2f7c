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

const clock = new TestClock("2026-09-01");
let ctx: TestContext;
let refs: Refs;
let clerk: CaseApi;
let mediator: CaseApi;
let director: CaseApi;
let judge: CaseApi;
let caseId: number;

type Item = {
  id: number;
  caseId: number;
  status: string;
  state: string;
  version: number;
  number: string | null;
  due: string | null;
  dueOn: string | null;
  daysLeft: number | null;
};

const court = (api: CaseApi, path: string, body?: object) =>
  body === undefined
    ? api["auth"](request(ctx.app).get(`/api/v1${path}`))
    : api["auth"](request(ctx.app).post(`/api/v1${path}`)).send(body);

async function apply(appliedOn: string): Promise<void> {
  const kase = await clerk.detail(caseId);
  await clerk.do(caseId, "apply-confirmation", {
    courtId: refs.courtId,
    appliedOn,
    applicantPartyIds: kase.parties.map((p) => p.id),
    materials: CONFIRMATION_MATERIALS,
  });
}

async function agree(on: string): Promise<void> {
  await mediator.do(caseId, "record-session", sessionBody(`${on}T09:30:00+08:00`, "agreement", "达成协议。"));
  await mediator.do(
    caseId,
    "record-agreement",
    writtenAgreement(await mediator.detail(caseId), on, ["2026-12-01"]),
  );
}

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  refs = await loadRefs(ctx.knex);
  [clerk, mediator, director, judge] = (await Promise.all(
    ["clerk", "mediator", "director", "judge"].map((u) => CaseApi.as(ctx.app, u)),
  )) as [CaseApi, CaseApi, CaseApi, CaseApi];
  caseId = (await clerk.create(intakeBody())).id;
  await prepareForMediation(clerk, caseId, refs.mediator("王德明"), "2026-09-01");
  await agree("2026-09-01");
  clock.set("2026-09-02");
  await apply("2026-09-02");
});
afterAll(() => ctx.close());

describe("the court's queue", () => {
  it("is the judge's alone", async () => {
    expectProblem(await court(clerk, "/confirmations"), 403);
    expectProblem(await court(judge, "/confirmations?status=lost"), 400);
  });

  it("shows a new application with the 3-day filing limit", async () => {
    const [item] = (await court(judge, "/confirmations?status=pending").expect(200)).body as Item[];
    expect(item).toMatchObject({ caseId, status: "pending", state: "new", due: "2026-09-07", daysLeft: 5 });
  });
});

describe("filing, extension, ruling, re-mediation and confirmation", () => {
  it("files with the court's number and a 15-day review limit past the National Day holiday", async () => {
    const [item] = (await court(judge, "/confirmations").expect(200)).body as Item[];
    expectProblem(
      await court(judge, `/confirmations/${item!.id}/file`, {
        version: item!.version,
        filedOn: "2026-09-30",
      }),
      400,
    );
    const filed = (
      await court(judge, `/confirmations/${item!.id}/file`, {
        version: item!.version,
        filedOn: "2026-09-02",
      }).expect(200)
    ).body as Item;
    expect(filed.number).toBe("（2026）湘0212民特1号");
    // 2026-09-02 + 15 days = 09-17, a Thursday: a working day.
    expect(filed.dueOn).toBe("2026-09-17");
    expectProblem(
      await court(judge, `/confirmations/${item!.id}/file`, {
        version: item!.version,
        filedOn: "2026-09-02",
      }),
      409,
    );
  });

  it("extends once by 10 days with the president's approval", async () => {
    const [item] = (await court(judge, "/confirmations").expect(200)).body as Item[];
    expectProblem(
      await court(judge, `/confirmations/${item!.id}/extend`, { version: item!.version, reason: "" }),
      400,
    );
    const ext = (
      await court(judge, `/confirmations/${item!.id}/extend`, {
        version: item!.version,
        reason: "需进一步核实财产权属",
        approvedBy: "李院长",
      }).expect(200)
    ).body as Item;
    // 09-17 + 10 days = 09-27, a Sunday: the period ends Monday 09-28.
    expect(ext).toMatchObject({ dueOn: "2026-09-28", state: "extended" });
    expectProblem(
      await court(judge, `/confirmations/${item!.id}/extend`, {
        version: ext.version,
        reason: "再延",
        approvedBy: "李院长",
      }),
      409,
    );
  });

  it("rejects with grounds; the committee re-mediates, re-applies, and the court confirms", async () => {
    let [item] = (await court(judge, "/confirmations").expect(200)).body as Item[];
    const noGround = expectProblem(
      await court(judge, `/confirmations/${item!.id}/decision`, {
        version: item!.version,
        outcome: "rejected",
        decidedOn: "2026-09-10",
      }),
      400,
    ) as unknown as { errors: { field: string }[] };
    expect(noGround.errors.map((e) => e.field).sort()).toEqual(["grounds", "reasons"]);
    clock.set("2026-09-10");
    await court(judge, `/confirmations/${item!.id}/decision`, {
      version: item!.version,
      outcome: "rejected",
      grounds: ["unclear"],
      reasons: "履行方式约定不明。",
      decidedOn: "2026-09-10",
    }).expect(200);
    expect((await clerk.detail(caseId)).status).toBe("confirmation_rejected");
    const docs = (await clerk["auth"](request(ctx.app).get(`/api/v1/cases/${caseId}/documents`))).body as {
      kind: string;
      verifyCode: string;
    }[];
    expect(docs.map((d) => d.kind)).toContain("ruling");

    await director.do(caseId, "reopen", { reason: "法院驳回，双方同意明确履行方式后重新签订协议" });
    await agree("2026-09-10");
    await apply("2026-09-10");
    [item] = (await court(judge, "/confirmations?status=pending").expect(200)).body as Item[];
    const filed = (
      await court(judge, `/confirmations/${item!.id}/file`, {
        version: item!.version,
        filedOn: "2026-09-10",
      }).expect(200)
    ).body as Item;
    expect(filed.number).toBe("（2026）湘0212民特2号");
    await court(judge, `/confirmations/${item!.id}/decision`, {
      version: filed.version,
      outcome: "confirmed",
      decidedOn: "2026-09-10",
    }).expect(200);
    const kase = await clerk.detail(caseId);
    expect(kase.status).toBe("confirmed");
    expect(kase.events.map((e) => e.action)).toEqual(
      expect.arrayContaining(["court-file", "court-extend", "court-decision"]),
    );

    const { text, flat } = await pdfText(await clerk.pdf(`/cases/${caseId}/documents/ruling.pdf`));
    expect(flat).toContain("民事裁定书");
    expect(flat).toContain("（2026）湘0212民特2号");
    expect(flat).toContain("经北洲村人民调解委员会主持调解达成的调解协议有效");
    expect(flat).toContain("株洲市渌口区人民法院");
    const code = text.match(/文书验证码：([0-9A-Z-]+)/)![1]!;
    const page = await request(ctx.app).get(`/verify/${code}`).expect(200);
    expect(page.text).toContain("民事裁定书");
    expect(page.text).toContain("验证通过：当前有效版本");
  });

  it("shows the judge the case filed with the court, and nothing else", async () => {
    await judge.get(caseId).expect(200);
    const other = (await clerk.create(intakeBody())).id;
    expectProblem(await judge.get(other), 404);
  });
});

describe("requests for material, enforcement and agreements the court will not confirm", () => {
  it("lets the judge ask for material and the committee answer on the case", async () => {
    const id = (await clerk.create(intakeBody())).id;
    const previous = caseId;
    caseId = id;
    await prepareForMediation(clerk, id, refs.mediator("王德明"), "2026-09-10");
    await agree("2026-09-10");
    await apply("2026-09-10");
    caseId = previous;
    const [item] = (await court(judge, "/confirmations?status=pending").expect(200)).body as Item[];
    expectProblem(
      await court(judge, `/confirmations/${item!.id}/request-material`, {
        version: item!.version,
        request: "",
      }),
      400,
    );
    const asked = (
      await court(judge, `/confirmations/${item!.id}/request-material`, {
        version: item!.version,
        request: "请补充排水沟的权属证明",
      }).expect(200)
    ).body as Item;
    expectProblem(
      await court(clerk, `/confirmations/${item!.id}/answer`, { version: item!.version, answer: "旧版本" }),
      409,
    );
    const clerk2 = await CaseApi.as(ctx.app, "clerk2");
    expectProblem(
      await court(clerk2, `/confirmations/${item!.id}/answer`, {
        version: asked.version,
        answer: "不是我的案件",
      }),
      404,
    );
    await court(clerk, `/confirmations/${item!.id}/answer`, {
      version: asked.version,
      answer: "已补充村委会出具的权属说明",
    }).expect(204);
    const kase = await clerk.detail(id);
    expect(kase.confirmations.at(-1)).toMatchObject({
      materialRequest: "请补充排水沟的权属证明",
      materialAnswer: "已补充村委会出具的权属说明",
      materialAnsweredOn: "2026-09-10",
    });
    expect(kase.events.map((e) => e.action)).toEqual(
      expect.arrayContaining(["court-request", "court-answer"]),
    );
  });

  it("prepares the enforcement application once a confirmed agreement goes unperformed", async () => {
    const kinds = async () =>
      (
        (await clerk["auth"](request(ctx.app).get(`/api/v1/cases/${caseId}/documents`))).body as {
          kind: string;
        }[]
      ).map((d) => d.kind);
    expect(await kinds()).not.toContain("enforcement-application");
    await clerk.do(caseId, "follow-up", {
      visitedOn: "2026-09-10",
      method: "phone",
      performed: "no",
      satisfaction: "dissatisfied",
      note: "被申请人拒绝履行",
    });
    expect(await kinds()).toContain("enforcement-application");
    const { flat } = await pdfText(await clerk.pdf(`/cases/${caseId}/documents/enforcement-application.pdf`));
    expect(flat).toContain("强制执行申请书");
    expect(flat).toContain("（2026）湘0212民特2号");
    expect(flat).toContain("疏通宅旁排水沟");
  });

  it("warns before anyone files when an agreement concerns marital status or adoption", async () => {
    const id = (await clerk.create(intakeBody({ typeCode: "marriage_family" }))).id;
    await prepareForMediation(clerk, id, refs.mediator("王德明"), "2026-09-10");
    await mediator.do(
      id,
      "record-session",
      sessionBody("2026-09-10T09:30:00+08:00", "agreement", "达成协议。"),
    );
    const body = writtenAgreement(await mediator.detail(id), "2026-09-10", ["2026-12-01"]);
    await mediator.do(id, "record-agreement", { ...body, terms: "双方自愿解除婚姻关系，子女由女方抚养。" });
    const kase = await clerk.detail(id);
    expect(kase.warnings.map((w) => w.kind)).toContain("not_confirmable");
  });
});
