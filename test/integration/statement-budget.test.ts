/**
 * Issue 21: a statement budget per request. Counts the SQL statements (knex's `query` event,
 * transactions and the session store included) that one request runs, and fails when a request
 * runs more than its stated maximum. Counting, not timing, so it is the same on every machine.
 *
 * Each request is made before it is counted (the session's throttled touch, the calendar and other
 * per-process caches warm), then counted once; the case is the busy case of
 * test/support/busy-case.ts (two sessions, an intervention, an agreement with three obligations).
 * `FQ_STATEMENTS=1` prints the counts by table, `FQ_STATEMENTS=sql` every statement.
 *
 * Counted on 2026-11-30 (SQLite / PostgreSQL), the case rows again on 2026-12-01 after the case
 * load became one statement — the maximum is that count + ~10 %:
 *
 *   request                                   SQLite  PostgreSQL  maximum   (2026-11-30)
 *   GET /cases/{id} (HTML), clerk                  8           8        9   (24)
 *   GET /cases/{id} (HTML), mediator               8           8        9   (24)
 *   GET /cases/{id}, waiting (matching panel)     16          16       18   (30)
 *   GET /cases (the list, first page)              7           7        8   (10)
 *   POST /api/v1/cases (intake)                   14          14       16   (30)
 *   POST …/actions/record-session (API)           10          11       12   (35/36)
 *   GET /my/cases/{id} (the party)                14          14       15   (41)
 *
 * Where they go (bench/results/2026-11-30-case-page-profile.md): 1 for the web session (its user
 * is kept a few seconds per process, src/people/session-user-cache.ts; it was 3), 1 to load the
 * case with the scope check folded in (src/cases/case-load.ts: each child table a JSON array; it
 * was 13 + the check), then the page's own panels (the 推荐调解员 panel 7 more while the case can
 * still be assigned). record-session and intake load the case once more after writing (1 + the
 * related-cases read); intake reads its reference data (type, place, committee) before its
 * transaction, which then writes only (number, case, parties, case number, search entry, event); the party's page shares one read of the case, of the phone's parties and
 * of the scheduled sessions among its parts (src/shared/request-memo.ts).
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  act,
  BUSY_APPLICANT_PHONE,
  buildBusyCase,
  intakeRequest,
  registerCase,
  sessionRequest,
  StatementLog,
  tableOf,
  tokenFor,
} from "../support/busy-case.js";
import { TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { type Agent, loginAs, partyOnWeb } from "../support/web.js";

const BUDGET = {
  casePageClerk: 9,
  casePageMediator: 9,
  casePageMatching: 18,
  caseList: 8,
  intake: 16,
  recordSession: 12,
  partyCasePage: 15,
};

const clock = new TestClock("2026-09-01T09:00:00+08:00");
let ctx: TestContext;
let log: StatementLog;
let tokens: { clerk: string; mediator: string };
let clerk: Agent;
let mediator: Agent;
let party: Agent;
let busy: number;
let serial = 0;

const partyWeb = (phone: string): Promise<Agent> => partyOnWeb(ctx.app, ctx.knex, phone);

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: { apiTokenHours: 24 * 800 } });
  log = new StatementLog(ctx.knex);
  tokens = { clerk: await tokenFor(ctx.app, "clerk"), mediator: await tokenFor(ctx.app, "mediator") };
  busy = await buildBusyCase(ctx.app, ctx.knex, tokens, ++serial, (iso) => clock.set(iso));
  clerk = await loginAs(ctx.app, "clerk");
  mediator = await loginAs(ctx.app, "mediator");
  clock.set("2026-09-01T17:00:00+08:00");
  party = await partyWeb(BUSY_APPLICANT_PHONE);
});
afterAll(() => ctx?.close());

/**
 * Sends the request `warmups` times (caches, the session's throttled touch), then counts the
 * statements of one more and holds them to the budget.
 */
async function measure(
  name: keyof typeof BUDGET,
  send: () => Promise<{ status: number; text: string }>,
  { status = 200, warmups = 2 } = {},
): Promise<number> {
  for (let i = 0; i < warmups; i++) {
    const warm = await send();
    expect(warm.status, warm.text.slice(0, 500)).toBe(status);
  }
  let res: { status: number; text: string } | undefined;
  const sql = await log.count(async () => {
    res = await send();
  });
  expect(res!.status, res!.text.slice(0, 500)).toBe(status);
  const byTable = new Map<string, number>();
  for (const s of sql) byTable.set(tableOf(s), (byTable.get(tableOf(s)) ?? 0) + 1);
  if (process.env.FQ_STATEMENTS)
    console.log(
      `${ctx.dialect} ${name}: ${sql.length}  ${[...byTable].map(([t, n]) => `${t}×${n}`).join(" ")}`,
      process.env.FQ_STATEMENTS === "sql" ? `\n  ${sql.join("\n  ")}` : "",
    );
  expect(sql.length, `${name}: ${sql.length} statements\n${sql.join("\n")}`).toBeLessThanOrEqual(
    BUDGET[name],
  );
  return sql.length;
}

describe("statements per request", () => {
  it("the staff case page (clerk and mediator)", async () => {
    const html = await clerk.get(`/cases/${busy}`);
    expect(html.text).toContain("张建国");
    await measure("casePageClerk", () => clerk.get(`/cases/${busy}`));
    await measure("casePageMediator", () => mediator.get(`/cases/${busy}`));
  });

  it("the staff case page of a case waiting for acceptance, with the matching panel", async () => {
    const id = await registerCase(ctx.app, tokens.clerk, ++serial, `1395550${String(7300 + serial)}`);
    const html = await clerk.get(`/cases/${id}`);
    expect(html.text).toContain("推荐调解员");
    await measure("casePageMatching", () => clerk.get(`/cases/${id}`));
  });

  it("the case list", async () => {
    await measure("caseList", () => clerk.get("/cases"));
  });

  it("intake through the API", async () => {
    await measure(
      "intake",
      () =>
        request(ctx.app)
          .post("/api/v1/cases")
          .set("Authorization", `Bearer ${tokens.clerk}`)
          .send(intakeRequest(++serial, `1395550${String(7100 + serial)}`)),
      { status: 201, warmups: 1 },
    );
  });

  it("one action: record-session through the API", async () => {
    // Two cases in mediation, so that the warm-up and the counted request each take one.
    const ready: { id: number; version: number }[] = [];
    for (let i = 0; i < 2; i++) {
      clock.set("2026-09-02T09:00:00+08:00");
      const id = await registerCase(ctx.app, tokens.clerk, ++serial, `1395550${String(7200 + serial)}`);
      const accepted = await act(ctx.app, tokens.clerk, id, "accept");
      await act(ctx.app, tokens.clerk, id, "record-consent", {
        noticeGivenOn: "2026-09-02",
        consents: accepted.parties.map((p) => ({ partyId: p.id, consented: true })),
      });
      const wang = (await ctx.knex("mediators").where({ name: "王德明" }).first("id")) as { id: number };
      const kase = await act(ctx.app, tokens.clerk, id, "assign", {
        mediators: [{ mediatorId: Number(wang.id), role: "lead" }],
      });
      ready.push({ id, version: kase.version });
    }
    clock.set("2026-09-02T15:00:00+08:00");
    await measure(
      "recordSession",
      () => {
        const next = ready.shift()!;
        return request(ctx.app)
          .post(`/api/v1/cases/${next.id}/actions/record-session`)
          .set("Authorization", `Bearer ${tokens.mediator}`)
          .send({ version: next.version, ...sessionRequest("2026-09-02T14:00:00+08:00", "continue") });
      },
      { warmups: 1 },
    );
    expect(ready).toHaveLength(0);
  });

  it("the party's own case page", async () => {
    await measure("partyCasePage", () => party.get(`/my/cases/${busy}`));
  });
});
