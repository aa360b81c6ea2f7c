import { performance } from "node:perf_hooks";
import { beijingDate } from "../src/shared/dates.js";
import { STALE_MESSAGE } from "../src/errors.js";
import { sleep, type LoadHttp, type Outcome, type ServerState } from "./_load-http.js";

/**
 * The load bench's clients and their ledger. Intake clients register disputes, each with its own
 * Idempotency-Key, and sometimes send the same request again (at once, concurrently, or with a
 * changed body); action clients take actions on a small shared set of cases with the version they
 * last read, so they collide. Every acknowledged write is written down here and checked against
 * the database afterwards (bench/_load-check.ts).
 */

export const USERS = ["clerk", "clerk2", "director", "mediator"] as const;
export type UserName = (typeof USERS)[number];

/** Actions that can repeat for ever on a case in mediation, each carrying a tag the database keeps. */
export const LOOP_ACTIONS = ["record-session", "update-party", "extend-mediation", "assign"] as const;
type LoopAction = (typeof LOOP_ACTIONS)[number];

export interface IntakeEntry {
  key: string;
  user: UserName;
  summary: string;
  /** The case the server acknowledged (201, or 200 to a retry of an unanswered request). */
  acked?: { id: number; number: string; status: number; epoch: number };
  /** Sent and never answered (the server was killed): it may or may not be in the database. */
  unanswered: boolean;
  replays: number;
  conflictingBodies: number;
}

export interface ActionOp {
  /** LT…Z, written into the action's free text; null for the set-up actions without free text. */
  tag: string | null;
  caseId: number;
  action: string;
  user: UserName;
  sentVersion: number;
  outcome: "acked" | "conflict" | "rejected" | "unanswered";
  resultVersion?: number;
  /** The server's kill counter when the answer came: 0 means acknowledged before the kill. */
  epoch?: number;
}

export class Ledger {
  readonly intakes: IntakeEntry[] = [];
  readonly actions: ActionOp[] = [];
  private n = 0;
  constructor(readonly runId: string) {}
  intakeKey(): string {
    return `LK${this.runId}x${++this.n}Z`;
  }
  actionTag(): string {
    return `LT${this.runId}x${++this.n}Z`;
  }
  seq(): number {
    return ++this.n;
  }
}

interface Party {
  id: number;
  side: string;
  kind: string;
  name: string;
  phone: string | null;
  occupation: string | null;
}
interface Assignment {
  mediatorId: number;
  role: string;
  endedAt: string | null;
}
export interface CaseDetail {
  id: number;
  number: string;
  version: number;
  status: string;
  mediationDueOn: string | null;
  parties: Party[];
  assignments: Assignment[];
  allowedActions: string[];
}

export interface WorkerContext {
  http: LoadHttp;
  server: ServerState;
  ledger: Ledger;
  tokens: Record<UserName, string>;
  /** 王德明 (the `mediator` user) leads every shared case; the co-mediator alternates between two. */
  mediators: { lead: number; co: [number, number] };
  shared: number[];
  /** performance.now() after which no new operation starts. */
  deadline: number;
  /** How long after the deadline an unanswered intake is still retried, so the ledger is complete. */
  graceMs: number;
  random: () => number;
}

const REGION: Record<UserName, string> = {
  clerk: "430212101201",
  director: "430212101201",
  mediator: "430212101201",
  clerk2: "430212101202",
};

/** A valid mobile number (1[3-9]…, as intake checks), one per n below 10^8. */
function phoneFor(n: number): string {
  return `139${String(n % 1e8).padStart(8, "0")}`;
}

export function intakeBody(key: string, user: UserName, n: number) {
  return {
    source: "application",
    typeCode: "neighbourhood",
    summary: `负载测试登记 ${key}：两户因共用通道堆放杂物发生争执`,
    regionCode: REGION[user],
    address: "北洲村第一村民小组",
    parties: [
      { side: "applicant", kind: "person", name: `甲${n}`, phone: phoneFor(2 * n), occupation: "农民" },
      { side: "respondent", kind: "person", name: `乙${n}`, phone: phoneFor(2 * n + 1), occupation: "农民" },
    ],
  };
}

const isAnswer = (o: Outcome): o is Extract<Outcome, { kind: "response" }> => o.kind === "response";

/**
 * Sends an intake until the server answers (the same key and body after a connection lost to the
 * kill, as a client should). A fresh key must answer 201; after an unanswered attempt, 200 (the
 * first attempt had committed) or 201 (it had not) are both right.
 */
async function postIntake(
  ctx: WorkerContext,
  entry: IntakeEntry,
  body: unknown,
  first: Outcome | null,
): Promise<void> {
  const token = ctx.tokens[entry.user];
  let outcome = first;
  let attempts = first ? 1 : 0;
  for (;;) {
    if (!outcome) {
      outcome = await ctx.http.call(attempts === 0 ? "intake" : "intake-retry", "POST", "/api/v1/cases", {
        token,
        body,
        headers: { "Idempotency-Key": entry.key },
      });
      attempts++;
    }
    if (isAnswer(outcome)) {
      const { status, body: res } = outcome;
      const retry = attempts > 1 || entry.unanswered;
      if (status === 201 || (status === 200 && retry)) {
        entry.acked = { id: Number(res.id), number: String(res.number), status, epoch: ctx.server.epoch };
      } else if (status < 500) {
        ctx.http.fail("intake", `POST /cases (${entry.key}) → ${status} ${String(res.detail ?? "")}`);
      }
      return;
    }
    entry.unanswered = true;
    if (performance.now() > ctx.deadline + ctx.graceMs) return;
    await sleep(outcome.killWindow ? 100 : 20);
    outcome = null;
  }
}

export async function intakeWorker(ctx: WorkerContext, user: UserName): Promise<void> {
  const token = ctx.tokens[user];
  while (performance.now() < ctx.deadline) {
    const key = ctx.ledger.intakeKey();
    const n = ctx.ledger.seq();
    const body = intakeBody(key, user, n);
    const entry: IntakeEntry = {
      key,
      user,
      summary: body.summary,
      unanswered: false,
      replays: 0,
      conflictingBodies: 0,
    };
    ctx.ledger.intakes.push(entry);
    const send = () =>
      ctx.http.call("intake-duplicate", "POST", "/api/v1/cases", {
        token,
        body,
        headers: { "Idempotency-Key": key },
      });

    if (ctx.random() < 0.05) {
      // The same request twice at once (a double tap, a proxy retrying): one case, one 201.
      const both = await Promise.all([send(), send()]);
      const answered = both.filter(isAnswer);
      const ids = new Set(answered.map((a) => Number(a.body.id)));
      const created = answered.filter((a) => a.status === 201).length;
      const bad = answered.filter((a) => a.status !== 200 && a.status !== 201);
      if (bad.length || ids.size > 1 || created > 1 || (answered.length === 2 && created === 0)) {
        ctx.http.fail(
          "intake-duplicate",
          `concurrent duplicate ${key} → ${answered.map((a) => `${a.status} #${String(a.body.id)}`).join(", ")}`,
        );
      }
      if (answered.length === both.length && !bad.length) {
        const winner = answered.find((a) => a.status === 201) ?? answered[0]!;
        entry.acked = {
          id: Number(winner.body.id),
          number: String(winner.body.number),
          status: winner.status,
          epoch: ctx.server.epoch,
        };
      } else if (answered.length < both.length) {
        entry.unanswered = true;
        await postIntake(ctx, entry, body, answered.find((a) => !bad.includes(a)) ?? null);
      }
    } else {
      await postIntake(ctx, entry, body, null);
    }
    if (!entry.acked) continue;

    if (ctx.random() < 0.15) {
      // A client that did not see the answer sends the same request again: the same case, 200.
      entry.replays++;
      const r = await ctx.http.call("intake-retry", "POST", "/api/v1/cases", {
        token,
        body,
        headers: { "Idempotency-Key": key },
      });
      if (isAnswer(r) && (r.status !== 200 || Number(r.body.id) !== entry.acked.id)) {
        ctx.http.fail(
          "intake-retry",
          `replay ${key} → ${r.status} #${String(r.body.id)} (acknowledged #${entry.acked.id})`,
        );
      }
    }
    if (ctx.random() < 0.05) {
      // The same key with another body is a conflict (409), and registers nothing.
      entry.conflictingBodies++;
      const r = await ctx.http.call("intake-conflicting-body", "POST", "/api/v1/cases", {
        token,
        body: { ...body, summary: `${body.summary}（改）` },
        headers: { "Idempotency-Key": key },
      });
      if (isAnswer(r) && r.status !== 409) {
        ctx.http.fail("intake-conflicting-body", `reused ${key} with another body → ${r.status}, not 409`);
      }
    }
  }
}

/** GET /cases/{id}; null when the server is not answering (killed) or the answer is not 200. */
async function read(ctx: WorkerContext, user: UserName, caseId: number): Promise<CaseDetail | null> {
  const r = await ctx.http.call("read", "GET", `/api/v1/cases/${caseId}`, { token: ctx.tokens[user] });
  if (!isAnswer(r)) {
    await sleep(r.killWindow ? 100 : 20);
    return null;
  }
  if (r.status !== 200) {
    if (r.status < 500)
      ctx.http.fail("read", `GET /cases/${caseId} → ${r.status} ${String(r.body.detail ?? "")}`);
    return null;
  }
  return r.body as unknown as CaseDetail;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** A body that is valid for this action on the case as last read (so if the version holds, it succeeds). */
function actionBody(
  ctx: WorkerContext,
  action: LoopAction,
  d: CaseDetail,
  tag: string,
): Record<string, unknown> {
  const now = new Date();
  switch (action) {
    case "record-session":
      return {
        version: d.version,
        heldAt: new Date(now.getTime() - 1000).toISOString(),
        placeKind: "office",
        place: "北洲村调解室",
        isPublic: true,
        attendees: d.parties.map((p) => ({
          name: p.name,
          role: p.side === "applicant" ? "申请人" : "被申请人",
        })),
        record: `调解员听取双方陈述，释法说理。${tag}`,
        outcome: "continue",
      };
    case "update-party": {
      const p = d.parties[Math.floor(ctx.random() * d.parties.length)]!;
      return {
        version: d.version,
        partyId: p.id,
        party: { side: p.side, kind: p.kind, name: p.name, phone: p.phone ?? undefined, occupation: tag },
      };
    }
    case "extend-mediation":
      return {
        version: d.version,
        newDueOn: nextDay(d.mediationDueOn ?? beijingDate(now)),
        consentedOn: beijingDate(now),
        reason: `双方当事人同意延长 ${tag}`,
      };
    case "assign": {
      const co = d.assignments.find((a) => !a.endedAt && a.role === "co")?.mediatorId;
      const next = co === ctx.mediators.co[0] ? ctx.mediators.co[1] : ctx.mediators.co[0];
      return {
        version: d.version,
        mediators: [
          { mediatorId: ctx.mediators.lead, role: "lead" },
          { mediatorId: next, role: "co" },
        ],
        reason: `更换协助调解员 ${tag}`,
      };
    }
  }
}

/**
 * Takes an action with the given version and books the answer: 200 is acknowledged (and must
 * move the version by exactly one), 409 must be the stale-version refusal, anything else fails.
 */
export async function act(
  ctx: WorkerContext,
  user: UserName,
  caseId: number,
  action: string,
  body: Record<string, unknown>,
  tag: string | null,
): Promise<{ op: ActionOp; detail: CaseDetail | null; killWindow: boolean }> {
  const op: ActionOp = {
    tag,
    caseId,
    action,
    user,
    sentVersion: Number(body.version),
    outcome: "unanswered",
  };
  ctx.ledger.actions.push(op);
  const r = await ctx.http.call("action", "POST", `/api/v1/cases/${caseId}/actions/${action}`, {
    token: ctx.tokens[user],
    body,
  });
  if (!isAnswer(r)) return { op, detail: null, killWindow: r.killWindow };
  if (r.status === 200) {
    op.outcome = "acked";
    op.resultVersion = Number(r.body.version);
    op.epoch = ctx.server.epoch;
    if (op.resultVersion !== op.sentVersion + 1) {
      ctx.http.fail(
        "action",
        `${action} on #${caseId} v${op.sentVersion} answered version ${op.resultVersion}`,
      );
    }
    return { op, detail: r.body as unknown as CaseDetail, killWindow: false };
  }
  if (r.status === 409) {
    op.outcome = "conflict";
    if (r.body.detail !== STALE_MESSAGE) {
      ctx.http.fail(
        "action",
        `${action} on #${caseId} v${op.sentVersion} → 409 but not stale: ${String(r.body.detail)}`,
      );
    }
    return { op, detail: null, killWindow: false };
  }
  op.outcome = "rejected";
  if (r.status < 500) {
    ctx.http.fail(
      "action",
      `${action} on #${caseId} v${op.sentVersion} → ${r.status} ${String(r.body.detail ?? "")} ${JSON.stringify(r.body.errors ?? "")}`,
    );
  }
  return { op, detail: null, killWindow: false };
}

/** Acts on the shared cases with the version it last saw, re-reading (sometimes, or after a 409). */
export async function actionWorker(ctx: WorkerContext, user: UserName): Promise<void> {
  const seen = new Map<number, CaseDetail>();
  while (performance.now() < ctx.deadline) {
    const caseId = ctx.shared[Math.floor(ctx.random() * ctx.shared.length)]!;
    let d = seen.get(caseId) ?? null;
    if (!d || ctx.random() < 0.3) {
      d = await read(ctx, user, caseId);
      if (!d) continue;
      seen.set(caseId, d);
    }
    const options = LOOP_ACTIONS.filter((a) => d.allowedActions.includes(a));
    if (!options.length) {
      ctx.http.fail(
        "action",
        `${user} may take none of ${LOOP_ACTIONS.join(", ")} on #${caseId} (${d.status})`,
      );
      seen.delete(caseId);
      await sleep(50);
      continue;
    }
    const action = options[Math.floor(ctx.random() * options.length)]!;
    const tag = ctx.ledger.actionTag();
    const { detail, killWindow } = await act(ctx, user, caseId, action, actionBody(ctx, action, d, tag), tag);
    if (detail) seen.set(caseId, detail);
    else {
      seen.delete(caseId);
      if (killWindow) await sleep(100);
    }
  }
}
