import type { Knex } from "knex";
import { isPostgres } from "../db/knex.js";
import type { Scope, SessionUser } from "../people/scope.js";
import { inRequestMemo, memo } from "../shared/request-memo.js";
import { loadESigned, loadSigning } from "../signing/repository.js";
import { toAgreement, toCase } from "./case-rows.js";
import { toParty } from "./party-rows.js";
import { columnsFor } from "./case-load-sql.js";
import { caseBase, whereVisible } from "./repository.js";
import type { AgreementView, CaseView } from "./views.js";

type Row = Record<string, unknown>;

/**
 * Issue 21: a case with everything on it in one statement — the case row, and each child table
 * as a JSON array in a correlated subquery (SQLite `json_group_array(json_object(…) ORDER BY …)`,
 * PostgreSQL `json_agg(json_build_object(…) ORDER BY …)`). The JSON objects carry the same
 * column names the row mappers (case-rows.ts) read, so the views are those of one query per table:
 * the mappers convert every value (SQLite's 0/1 booleans, PostgreSQL's bigint strings) anyway,
 * and every date column is text on both databases.
 */

/** SQLite answers JSON as text, PostgreSQL's driver parses it; an empty json_agg is NULL. */
function json<T>(v: unknown, empty: T): T {
  if (v === null || v === undefined) return empty;
  return (typeof v === "string" ? JSON.parse(v) : v) as T;
}

/**
 * Loads one case with everything on it; `deadlines` is filled in by the service. With `visibleTo`
 * the scope check is part of the same statement (null when the user may not see the case).
 */
export async function loadCase(
  db: Knex | Knex.Transaction,
  id: number,
  visibleTo?: { user: SessionUser; scope: Scope },
): Promise<CaseView | null> {
  // Outside a transaction and without a scope check, one request's page parts share one read
  // (request-memo.ts; a copy each, as callers fill in `deadlines` and the like).
  if (!visibleTo && !(db as Knex.Transaction).isTransaction && inRequestMemo()) {
    const kase = await memo(`loadCase:${id}`, () => load(db, id));
    return kase && structuredClone(kase);
  }
  return load(db, id, visibleTo);
}

async function load(
  db: Knex | Knex.Transaction,
  id: number,
  visibleTo?: { user: SessionUser; scope: Scope },
): Promise<CaseView | null> {
  const pg = isPostgres(db as Knex);
  let q = caseBase(db)
    .select(columnsFor(pg).map((c) => db.raw(c)))
    .where("c.id", id);
  if (visibleTo) q = whereVisible(q, visibleTo.user, visibleTo.scope);
  const c = (await q.first()) as Row | undefined;
  if (!c) return null;
  const partyViews = json<Row[]>(c.parties_json, []).map(toParty);
  const partyName = new Map(partyViews.map((p) => [p.id, p.name]));
  let agreement: AgreementView | null = null;
  const a = json<Row | null>(c.agreement_json, null);
  if (a) {
    const signatures = json<Row[]>(c.signatures_json, []);
    const obligations = json<Row[]>(c.obligations_json, []);
    agreement = toAgreement(a, signatures, obligations, partyName);
    const eSigned = await loadESigned(db, a, partyViews);
    // Set only when signed on the phone: a paper agreement's view (and its document fingerprint) stays as it was.
    if (eSigned) agreement.eSigned = eSigned;
  }
  const signing =
    c.signing_id === null || c.signing_id === undefined ? null : await loadSigning(db, id, partyViews);
  const view = toCase(c, {
    parties: partyViews,
    assignments: json<Row[]>(c.assignments_json, []),
    sessions: json<Row[]>(c.sessions_json, []),
    agreement,
    confirmations: json<Row[]>(c.confirmations_json, []),
    followUps: json<Row[]>(c.followUps_json, []),
    interventions: json<Row[]>(c.interventions_json, []),
    events: json<Row[]>(c.events_json, []),
  });
  view.scheduledSessions = Number(c.scheduled_n ?? 0);
  return signing ? { ...view, signing } : view;
}
