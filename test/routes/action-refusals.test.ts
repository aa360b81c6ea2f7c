import type { Knex } from "knex";
import { describe, expect, it } from "vitest";
import { ACTION_MODULES } from "../../src/cases/actions/index.js";
import { ACTION_LABELS, RULES, STATUS_LABELS, STATUSES, type Action } from "../../src/cases/lifecycle.js";
import { CaseService } from "../../src/cases/service.js";
import { ROLES } from "../../src/people/roles.js";
import type { SessionUser } from "../../src/people/scope.js";
import { appWithFakes } from "../support/app-setup.js";
import { CLOCK, caseDetail, sessionUser } from "../support/route-fixtures.js";

/**
 * GET /cases/:id/actions/<action> for an action the case does not offer: the page says why, in
 * the lifecycle's words, with the status the API would answer (409 state, 403 role, 422 rule).
 * `explain` and `facts` are the case service's pure methods; its database handle throws if used.
 */
const noDatabase = new Proxy({} as Knex, {
  get: () => {
    throw new Error("the route tests open no database");
  },
});
const lifecycle = new CaseService(noDatabase, CLOCK);

async function refusal(action: string, user: SessionUser, kase = caseDetail()) {
  const t = await appWithFakes({
    user,
    fakes: (f) => {
      f.cases.get.mockResolvedValue(kase);
      f.cases.explain.mockImplementation((u, k, a) => lifecycle.explain(u, k, a));
    },
  });
  const res = await t.get(`/cases/${kase.id}/actions/${action}`);
  const expected = lifecycle.explain(user, kase, action);
  expect(t.fakes.cases.explain).toHaveBeenCalledWith(user, kase, action);
  expect(t.databasesOpened()).toBe(0);
  return { res, expected };
}

const actions = Object.keys(ACTION_MODULES) as Action[];

describe.each(actions)("refusing %s", (action) => {
  const rule = RULES[action];
  const wrongStatus = STATUSES.find((s) => !rule.from.includes(s));
  const otherRole = ROLES.find((r) => !rule.by.includes(r));

  it.runIf(wrongStatus)("from a status it is not taken from: 409 and the status", async () => {
    const kase = caseDetail({ status: wrongStatus! });
    const { res, expected } = await refusal(action, sessionUser(["director"]), kase);
    expect(expected.status).toBe(409);
    expect(res.status).toBe(409);
    expect(res.text).toContain("<h1>不能执行此操作</h1>");
    expect(res.text).toContain(expected.message);
    expect(res.text).toContain(
      `案件当前状态为“${STATUS_LABELS[wrongStatus!]}”，不能${ACTION_LABELS[action]}`,
    );
    expect(res.text).toContain('href="/cases/42">返回案件</a>');
    expect(res.text).not.toContain(`action="/cases/42/actions/${action}"`);
  });

  it.runIf(otherRole)("by a role that may not take it: 403 and who may", async () => {
    const kase = caseDetail({ status: rule.from[0] });
    const { res, expected } = await refusal(action, sessionUser([otherRole!]), kase);
    expect(expected.status).toBe(403);
    expect(res.status).toBe(403);
    expect(res.text).toContain(expected.message);
    expect(res.text).toContain(`您无权${ACTION_LABELS[action]}：此操作由`);
  });
});

describe("refusals beyond state and role", () => {
  it("has the whole list of actions", () => {
    expect(actions.length).toBeGreaterThanOrEqual(17);
    expect(actions).toContain("assign");
  });

  it("refuses by a legal rule with 422: a party refused mediation (人民调解法第十七条)", async () => {
    const kase = caseDetail();
    kase.parties[1] = { ...kase.parties[1]!, consent: "no" };
    const { res } = await refusal("assign", sessionUser(["director"]), kase);
    expect(res.status).toBe(422);
    expect(res.text).toContain("有当事人拒绝调解，调解不得继续（人民调解法第十七条），请终止调解");
  });

  it("answers 404 for an action that does not exist", async () => {
    const { res } = await refusal("demolish", sessionUser(["director"]));
    expect(res.status).toBe(404);
    expect(res.text).toContain("没有这项操作");
  });

  it("shows the message as text", async () => {
    const t = await appWithFakes({
      fakes: (f) => f.cases.explain.mockReturnValue({ status: 409, message: "<i>已结案</i>" }),
    });
    const res = await t.get("/cases/42/actions/close").expect(409);
    expect(res.text).toContain("&lt;i&gt;已结案&lt;/i&gt;");
  });
});
