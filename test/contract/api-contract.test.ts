/**
 * The published contract (/work/shared/design/api.md, "JSON API v1") kept: every request body the
 * contract documents is sent as documented — exactly the fields it names, nothing the product added —
 * endpoint by endpoint and action by action, in an order a grid platform or a mediator's phone would
 * use, and the documented status and response fields are checked. Runs on SQLite and PostgreSQL
 * (projects contract-sqlite and contract-postgres).
 *
 * Covered sections: Conventions (token, problem+json errors, version conflicts, Idempotency-Key,
 * pagination), Reference data, Cases (intake, list, detail, every action in the table, the court's
 * side of confirmation, matches, documents, verify), Mediators, Statistics.
 *
 * Not yet implemented, so not covered here (api.md sections added 2026-11-30):
 * - "People in the dispute (当事人端)": /portal/applications, /portal/cases … (the sign-in calls,
 *   /portal/auth/code and /portal/auth/token, are covered in portal-auth-contract.test.ts).
 * - "Evidence, signing and messages on the staff side": /cases/{id}/evidence, /evidence/{id},
 *   record-agreement drafts for online signing, seal-agreement, /messages.
 * - "Grid reports and dispatch (网格 / 综治中心)": /reports, dispatch, reply, rating.
 * - Online sessions (joinUrl) and the party rating (satisfactionRate from the portal).
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LONG_TOKENS, loadRefs, residentId, TestClock, unifiedCode, type Refs } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { DEMO_PASSWORD } from "../../src/demo/seed.js";

const clock = new TestClock("2026-09-01");
let ctx: TestContext;
let refs: Refs;
const tokens: Record<string, string> = {};

type Json = Record<string, unknown> & { version: number };
type Party = { id: number; side: string };

async function token(username: string): Promise<string> {
  // POST /auth/token {username, password} → 201 {token, expiresAt}
  const res = await request(ctx.app).post("/api/v1/auth/token").send({ username, password: DEMO_PASSWORD });
  expect(res.status, res.text).toBe(201);
  expect(Object.keys(res.body)).toEqual(expect.arrayContaining(["token", "expiresAt"]));
  return res.body.token as string;
}

const get = (user: string, path: string) =>
  request(ctx.app).get(`/api/v1${path}`).set("Authorization", `Bearer ${tokens[user]}`);
const post = (user: string, path: string, body: object) =>
  request(ctx.app).post(`/api/v1${path}`).set("Authorization", `Bearer ${tokens[user]}`).send(body);

/** POST /cases/{id}/actions/{action} with the documented body; expects 200 and the case. */
async function act(user: string, id: number, action: string, body: object): Promise<Json> {
  const res = await post(user, `/cases/${id}/actions/${action}`, body);
  expect(res.status, `${action}: ${res.text}`).toBe(200);
  return res.body as Json;
}

async function detail(user: string, id: number): Promise<Json> {
  const res = await get(user, `/cases/${id}`);
  expect(res.status, res.text).toBe(200);
  return res.body as Json;
}

/**
 * The documented intake body, every field (optional ones included). The respondent is a company
 * (kind organisation) or, for the case that reaches a written agreement, a person: a written
 * agreement must state a company's legal representative's title (法定代表人职务), which api.md's
 * party has no field for.
 */
function intake(summary: string, n: number, respondent: "organisation" | "person" = "organisation") {
  return {
    source: "grid_report",
    typeCode: "neighbourhood",
    summary,
    occurredOn: "2026-08-28",
    regionCode: "430212101201",
    address: "北洲村第三村民小组",
    amountFen: 130000,
    peopleInvolved: 2,
    riskLevel: "ordinary",
    externalRef: `WG-2026-08-${n}`,
    organisationId: refs.org("北洲村人民调解委员会"),
    parties: [
      {
        side: "applicant",
        kind: "person",
        name: "刘春生",
        idNumber: residentId("19680312", 100 + n),
        gender: "male",
        birthDate: "1968-03-12",
        ethnicity: "汉族",
        occupation: "农民",
        phone: `1397331${String(n).padStart(4, "0")}`,
        address: "湖南省株洲市渌口区南洲镇北洲村",
        agent: { name: "刘小军", phone: "13973319999", idNumber: residentId("19920705", 300 + n) },
      },
      respondent === "person"
        ? {
            side: "respondent",
            kind: "person",
            name: "唐建国",
            idNumber: residentId("19710921", 200 + n),
            gender: "male",
            birthDate: "1971-09-21",
            ethnicity: "汉族",
            occupation: "个体工商户",
            phone: `1397332${String(n).padStart(4, "0")}`,
            address: "湖南省株洲市渌口区南洲镇北洲村",
          }
        : {
            side: "respondent",
            kind: "organisation",
            name: "株洲市渌口区北洲建材有限公司",
            unifiedCode: unifiedCode(`91430212MA4L${String(n).padStart(5, "0")}`),
            legalRepresentative: "唐建国",
            phone: "0731-26880001",
            address: "湖南省株洲市渌口区南洲镇工业园 8 号",
          },
    ],
  };
}

async function createCase(
  summary: string,
  n: number,
  respondent: "organisation" | "person" = "organisation",
): Promise<Json & { id: number }> {
  const res = await post("clerk", "/cases", intake(summary, n, respondent));
  expect(res.status, res.text).toBe(201);
  expect(res.body).toMatchObject({ status: "intake", version: expect.any(Number) });
  expect(res.body.url).toBe(`/api/v1/cases/${res.body.id}`);
  expect(res.body.number).toEqual(expect.any(String));
  return res.body as Json & { id: number };
}

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  refs = await loadRefs(ctx.knex);
  for (const u of ["clerk", "mediator", "director", "judge", "officer"]) tokens[u] = await token(u);
});
afterAll(() => ctx.close());

describe("conventions", () => {
  it("answers problem+json listing every bad field, 401 without a token, 404 for an unknown case", async () => {
    const res = await post("clerk", "/cases", { source: "fax", parties: [] });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    const problem = JSON.parse(res.text) as { errors: { field: string; message: string }[] };
    expect(problem).toMatchObject({ type: expect.any(String), title: expect.any(String), status: 400 });
    expect(problem.errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(["source", "typeCode", "summary", "regionCode"]),
    );
    expect((await request(ctx.app).get("/api/v1/me")).status).toBe(401);
    expect((await get("clerk", "/cases/999999")).status).toBe(404);
  });

  it("honours Idempotency-Key: the same body gives the same case, another body 409", async () => {
    const body = intake("同一网格工单重复推送。", 90);
    const first = await post("clerk", "/cases", body).set("Idempotency-Key", "wg-90");
    expect(first.status, first.text).toBe(201);
    const again = await post("clerk", "/cases", body).set("Idempotency-Key", "wg-90");
    expect(again.body.id).toBe(first.body.id);
    const other = await post("clerk", "/cases", { ...body, summary: "另一件事。" }).set(
      "Idempotency-Key",
      "wg-90",
    );
    expect(other.status).toBe(409);
  });
});

describe("reference data", () => {
  it("GET /regions, /organisations, /dispute-types and /me answer in the documented shape", async () => {
    const regions = (await get("clerk", "/regions?parent=430212101000").expect(200)).body as object[];
    expect(regions[0]).toEqual({
      code: expect.any(String),
      name: expect.any(String),
      level: expect.any(String),
      parentCode: "430212101000",
    });
    const orgs = (await get("clerk", "/organisations?kind=village_committee&region=430212101000").expect(200))
      .body as object[];
    expect(orgs.length).toBeGreaterThan(0);
    expect(orgs[0]).toMatchObject({
      id: expect.any(Number),
      name: expect.any(String),
      kind: "village_committee",
    });
    expect(orgs[0]).toHaveProperty("regionCode");
    const types = (await get("clerk", "/dispute-types").expect(200)).body as object[];
    expect(types).toContainEqual(
      expect.objectContaining({ code: "neighbourhood", name: expect.any(String) }),
    );
    expect((await get("clerk", "/me").expect(200)).body).toMatchObject({
      username: "clerk",
      displayName: expect.any(String),
      roles: ["clerk"],
      organisationId: expect.any(Number),
    });
  });
});

describe("a case through every documented action", () => {
  let id: number;
  let parties: Party[];
  let v: number;

  it("intake → accept → record-consent → assign", async () => {
    const created = await createCase("两家因宅旁排水沟堵塞引发争执，申请人要求疏通并赔偿损失。", 1, "person");
    id = created.id;
    v = (
      await act("clerk", id, "accept", {
        version: created.version,
        organisationId: refs.org("北洲村人民调解委员会"),
      })
    ).version;
    const kase = await detail("clerk", id);
    expect(kase.status).toBe("accepted");
    parties = kase.parties as Party[];
    expect(parties.every((p) => typeof p.id === "number")).toBe(true);
    v = (
      await act("clerk", id, "record-consent", {
        version: v,
        noticeGivenOn: "2026-09-01",
        consents: parties.map((p) => ({ partyId: p.id, consented: true })),
      })
    ).version;
    const assigned = await act("clerk", id, "assign", {
      version: v,
      mediators: [{ mediatorId: refs.mediator("王德明"), role: "lead" }],
    });
    v = assigned.version;
    expect((assigned.assignments as object[]).length).toBe(1);
  });

  it("record-session with the documented body: names as attendees, no placeKind, no isPublic", async () => {
    clock.set("2026-09-03");
    const kase = await act("mediator", id, "record-session", {
      version: v,
      heldAt: "2026-09-03T09:30:00+08:00",
      place: "北洲村人民调解室",
      attendees: ["刘春生", "唐建国", "社区民警"],
      record: "调解员释明相邻关系的法律规定，双方各自陈述，同意下次继续协商。",
      outcome: "continue",
    });
    v = kase.version;
    expect(kase.status).toBe("in_mediation");
    const [session] = kase.sessions as Record<string, unknown>[];
    expect(session).toMatchObject({ placeKind: "office", place: "北洲村人民调解室", isPublic: true });
    expect(session!.attendees).toEqual([
      { name: "刘春生", role: "参加人" },
      { name: "唐建国", role: "参加人" },
      { name: "社区民警", role: "参加人" },
    ]);
    clock.set("2026-09-04T16:00:00+08:00");
    v = (
      await act("mediator", id, "record-session", {
        version: v,
        heldAt: "2026-09-04T15:00:00+08:00",
        place: "刘春生家中",
        attendees: [
          { name: "刘春生", role: "申请人" },
          { name: "唐建国", role: "被申请人" },
        ],
        record: "双方就疏通和赔偿达成一致。",
        outcome: "agreement",
      })
    ).version;
  });

  it("record-agreement with signedOn alone: every party and the mediator signed that day", async () => {
    clock.set("2026-09-05");
    const [applicant, respondent] = [
      parties.find((p) => p.side === "applicant")!,
      parties.find((p) => p.side === "respondent")!,
    ];
    const kase = await act("mediator", id, "record-agreement", {
      version: v,
      form: "written",
      facts: "双方宅旁排水沟因建材堆放堵塞，雨后积水漫入申请人院内。",
      disputedMatters: "排水沟疏通责任及损失赔偿数额。",
      responsibilities: "被申请人堆放建材堵塞水沟，负全部责任。",
      terms: "被申请人于九月十五日前疏通排水沟，并赔偿申请人损失一千三百元。",
      obligations: [
        {
          obligor: respondent.id,
          obligee: applicant.id,
          content: "赔偿损失",
          amountFen: 130000,
          place: "北洲村人民调解委员会",
          manner: "银行转账",
          dueOn: "2026-09-15",
        },
      ],
      signedOn: "2026-09-05",
    });
    v = kase.version;
    expect(kase.status).toBe("agreement");
    const agreement = kase.agreement as { obligations: object[] };
    expect(agreement.obligations).toHaveLength(1);
  });

  it("apply-confirmation, and the court's side: queue, file, extend, decision (rejected)", async () => {
    clock.set("2026-09-07");
    const kase = await act("clerk", id, "apply-confirmation", {
      version: v,
      courtId: refs.courtId,
      appliedOn: "2026-09-07",
      applicantPartyIds: parties.map((p) => p.id),
      // power_of_attorney? is due here: the applicant acts through an agent.
      materials: ["application", "agreement", "identity", "service_addresses", "power_of_attorney"],
    });
    expect(kase.status).toBe("awaiting_confirmation");
    const queue = (await get("judge", "/confirmations?status=pending").expect(200)).body as Json[];
    const item = queue.find((c) => c.caseId === id)!;
    expect(item).toMatchObject({
      id: expect.any(Number),
      caseNumber: kase.number,
      status: "pending",
      version: expect.any(Number),
      appliedOn: "2026-09-07",
    });
    clock.set("2026-09-08");
    const filed = await post("judge", `/confirmations/${item.id}/file`, {
      version: item.version,
      filedOn: "2026-09-08",
    });
    expect(filed.status, filed.text).toBe(200);
    const [afterFiling] = (
      (await get("judge", "/confirmations?status=filed").expect(200)).body as Json[]
    ).filter((c) => c.caseId === id);
    expect(afterFiling).toMatchObject({
      filedOn: "2026-09-08",
      number: expect.any(String),
      dueOn: expect.any(String),
    });
    const extended = await post("judge", `/confirmations/${item.id}/extend`, {
      version: afterFiling!.version,
      reason: "需向村委会核实排水沟权属",
      approvedBy: "院长周立平",
    });
    expect(extended.status, extended.text).toBe(200);
    clock.set("2026-09-20");
    const decided = await post("judge", `/confirmations/${item.id}/decision`, {
      version: (extended.body as Json).version,
      outcome: "rejected",
      grounds: ["unclear"],
      reasons: "协议未写明赔偿款的支付账户，内容不明确，无法执行。",
      decidedOn: "2026-09-20",
    });
    expect(decided.status, decided.text).toBe(200);
    const after = (await get("judge", "/confirmations?status=decided").expect(200)).body as Json[];
    expect(after.some((c) => c.caseId === id)).toBe(true);
    v = (await detail("director", id)).version;
    expect((await detail("director", id)).status).toBe("confirmation_rejected");
  });

  it("reopen → an oral agreement with signatures → record-performance → follow-up → close", async () => {
    clock.set("2026-09-21");
    v = (
      await act("director", id, "reopen", {
        version: v,
        reason: "法院驳回，双方同意写明支付方式后重新达成协议",
      })
    ).version;
    v = (
      await act("mediator", id, "record-session", {
        version: v,
        heldAt: "2026-09-21T10:00:00+08:00",
        place: "线上视频",
        attendees: ["刘春生", "唐建国"],
        record: "双方确认赔偿款以现金当面交付。",
        outcome: "agreement",
      })
    ).version;
    const [applicant, respondent] = [
      parties.find((p) => p.side === "applicant")!,
      parties.find((p) => p.side === "respondent")!,
    ];
    const agreed = await act("mediator", id, "record-agreement", {
      version: v,
      form: "oral",
      facts: "同前。",
      disputedMatters: "赔偿款支付方式。",
      terms: "被申请人于九月二十五日当面交付现金一千三百元。",
      obligations: [
        {
          obligor: respondent.id,
          obligee: applicant.id,
          content: "当面交付赔偿款",
          amountFen: 130000,
          dueOn: "2026-09-25",
        },
      ],
      signedOn: "2026-09-21",
      signatures: parties.map((p) => ({ partyId: p.id, signedOn: "2026-09-21", method: "thumbprint" })),
    });
    expect(agreed.status).toBe("agreement");
    clock.set("2026-09-25");
    const performed = await act("clerk", id, "record-performance", {
      version: agreed.version,
      obligationIndex: 0,
      performedOn: "2026-09-25",
      note: "申请人当面收到现金一千三百元。",
    });
    expect(performed.status).toBe("performed");
    clock.set("2026-10-10");
    const visited = await act("clerk", id, "follow-up", {
      version: performed.version,
      visitedOn: "2026-10-10",
      method: "phone",
      performed: true,
      satisfaction: "satisfied",
      note: "排水沟已疏通，双方关系恢复。",
    });
    expect(visited.followUps as object[]).toHaveLength(1);
    const closed = await act("director", id, "close", { version: visited.version, note: "协议已履行完毕。" });
    expect(closed.status).toBe("closed");
  });

  it("GET /cases/{id} carries every documented part", async () => {
    const kase = await detail("director", id);
    for (const key of [
      "parties",
      "assignments",
      "sessions",
      "agreement",
      "followUps",
      "deadlines",
      "events",
      "allowedActions",
    ]) {
      expect(kase, key).toHaveProperty(key);
    }
    expect(kase).toHaveProperty("confirmation");
    expect((kase.agreement as { obligations: object[] }).obligations.length).toBeGreaterThan(0);
    const events = kase.events as object[];
    expect(events.length).toBeGreaterThan(10);
  });

  it("refuses a stale version with 409 and changes nothing", async () => {
    const other = await createCase("旧版本号的请求。", 2);
    const res = await post("clerk", `/cases/${other.id}/actions/accept`, { version: other.version + 5 });
    expect(res.status).toBe(409);
    expect((await detail("clerk", other.id)).status).toBe("intake");
  });
});

describe("the other ways out of intake and mediation", () => {
  it("refer {version, organisationId, reason}", async () => {
    const c = await createCase("跨村宅基地界址纠纷。", 3);
    const res = await post("clerk", `/cases/${c.id}/actions/refer`, {
      version: c.version,
      organisationId: refs.org("洲坪村人民调解委员会"),
      reason: "纠纷发生地在洲坪村，由该村调委会调解更便于查明事实",
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: c.id, status: "intake" });
  });

  it("decline {version, ground, advice}", async () => {
    const c = await createCase("已起诉至法院的借款纠纷。", 4);
    const kase = await act("clerk", c.id, "decline", {
      version: c.version,
      ground: "该纠纷已由人民法院受理",
      advice: "该纠纷已由人民法院受理，请等待法院处理。",
    });
    expect(kase.status).toBe("declined");
    expect(kase.conclusionNote).toContain("已由人民法院受理或处理");
  });

  it("resolve-on-spot {version, summary}", async () => {
    const c = await createCase("邻里噪音争执，当场劝解。", 5);
    const kase = await act("clerk", c.id, "resolve-on-spot", {
      version: c.version,
      summary: "网格员到场劝解，双方当场握手言和。",
    });
    expect(kase.status).toBe("closed");
  });

  it("terminate {version, reason, advice}, then close {version}", async () => {
    const c = await createCase("申请人后来撤回的相邻纠纷。", 6);
    const accepted = await act("clerk", c.id, "accept", { version: c.version });
    const kase = await act("director", c.id, "terminate", {
      version: accepted.version,
      reason: "申请人撤回调解申请",
      advice: "可向人民法院提起诉讼。",
    });
    expect(kase.status).toBe("terminated");
    const closed = await act("director", c.id, "close", { version: kase.version });
    expect(closed.status).toBe("closed");
  });
});

describe("lists, matches, documents, mediators and statistics", () => {
  it("GET /cases?… pages the visible cases", async () => {
    const res = await get(
      "clerk",
      "/cases?status=closed&typeCode=neighbourhood&region=430212101201&q=&page=1&pageSize=50",
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ page: 1, pageSize: 50, total: expect.any(Number) });
    expect((res.body.items as object[]).length).toBeGreaterThan(0);
  });

  it("GET /cases/{id}/matches ranks mediators", async () => {
    const c = await createCase("待匹配调解员的纠纷。", 7);
    const res = await get("clerk", `/cases/${c.id}/matches`);
    expect(res.status, res.text).toBe(200);
    const [first] = res.body as object[];
    expect(first).toMatchObject({
      mediatorId: expect.any(Number),
      name: expect.any(String),
      kind: expect.any(String),
      score: expect.any(Number),
      reasons: expect.any(Array),
    });
  });

  it("GET /cases/{id}/documents lists PDFs that print their verification code, checkable at /verify", async () => {
    const list = (await get("clerk", "/cases?status=closed&page=1&pageSize=50").expect(200)).body.items as {
      id: number;
    }[];
    const docs = (await get("clerk", `/cases/${list[0]!.id}/documents`).expect(200)).body as Record<
      string,
      string
    >[];
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs)
      expect(d).toMatchObject({
        kind: expect.any(String),
        title: expect.any(String),
        url: expect.any(String),
        verifyCode: expect.any(String),
      });
    const pdf = await request(ctx.app).get(docs[0]!.url!).set("Authorization", `Bearer ${tokens.clerk}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const verify = await request(ctx.app).get(`/verify/${docs[0]!.verifyCode}`);
    expect(verify.status).toBe(200);
    expect(verify.headers["content-type"]).toContain("text/html");
  });

  it("GET /mediators?kind=&specialty=&region=", async () => {
    const res = await get("clerk", "/mediators?kind=five_elders&region=430212101201");
    expect(res.status, res.text).toBe(200);
    const [m] = res.body as object[];
    expect(m).toMatchObject({
      id: expect.any(Number),
      name: expect.any(String),
      kind: "five_elders",
      specialties: expect.any(Array),
      regionCode: expect.any(String),
      activeCases: expect.any(Number),
      capacity: expect.any(Number),
      available: expect.any(Boolean),
    });
  });

  it("GET /stats?region=&from=&to=&groupBy=…", async () => {
    for (const groupBy of ["type", "region", "month", "source", "mediatorKind"]) {
      const res = await get(
        "officer",
        `/stats?region=430212000000&from=2026-01-01&to=2026-12-31&groupBy=${groupBy}`,
      );
      expect(res.status, `${groupBy}: ${res.text}`).toBe(200);
      const fields = [
        "found",
        "prevented",
        "accepted",
        "concluded",
        "successful",
        "successRate",
        "conclusionRate",
        "villageShare",
        "avgDaysToConclude",
        "overdue",
        "confirmationsApplied",
        "confirmed",
        "rejected",
        "performanceRate",
        "satisfactionRate",
      ];
      for (const f of fields) expect(res.body.totals, f).toHaveProperty(f);
      const groups = res.body.groups as Record<string, unknown>[];
      expect(groups.length).toBeGreaterThan(0);
      for (const f of ["key", "name", ...fields]) expect(groups[0], `${groupBy}.${f}`).toHaveProperty(f);
    }
  });
});
