import type { Knex } from "knex";
import { formatCaseNumber } from "../src/cases/numbering.js";
import type { IntakeEntry, Ledger } from "./_load-workers.js";

/**
 * After the load, with the server stopped: the ledger of acknowledged writes against what the
 * database holds. Each check names the invariant, PASS/FAIL, and (when it fails) the first
 * offending rows.
 */

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  problems: string[];
}

type Row = Record<string, unknown>;

interface EventRow {
  id: number;
  caseId: number;
  action: string;
  summary: string;
  data: Record<string, unknown> | null;
  /** The tag of the operation that wrote this event, read from where that action keeps its free text. */
  tag: string | null;
}

const TAG = /L[TK]\d+x\d+Z/g;
const tagsIn = (text: unknown): string[] => (typeof text === "string" ? (text.match(TAG) ?? []) : []);

function ownTag(action: string, summary: string, data: Record<string, unknown> | null): string | null {
  switch (action) {
    case "record-session":
      return tagsIn(data?.record)[0] ?? null;
    case "update-party":
      return tagsIn((data?.after as Row | undefined)?.occupation)[0] ?? null;
    case "extend-mediation":
    case "assign":
      return tagsIn(summary)[0] ?? null;
    default:
      return null;
  }
}

class Checker {
  readonly checks: Check[] = [];
  add(name: string, problems: string[], detail: string): void {
    this.checks.push({ name, ok: problems.length === 0, detail, problems: problems.slice(0, 10) });
  }
}

export async function checkDatabase(
  knex: Knex,
  ledger: Ledger,
  shared: number[],
  users: Record<string, number>,
  kill: { killed: boolean; restartMs: number | null },
): Promise<Check[]> {
  const c = new Checker();

  const cases = ((await knex("cases").orderBy("id")) as Row[]).map((r) => ({
    id: Number(r.id),
    number: String(r.number),
    organisationId: Number(r.organisation_id),
    version: Number(r.version),
    summary: String(r.summary),
    mediationDueOn: (r.mediation_due_on as string | null) ?? null,
    extensionReason: (r.extension_reason as string | null) ?? null,
  }));
  const caseById = new Map(cases.map((k) => [k.id, k]));
  const events: EventRow[] = ((await knex("case_events").orderBy("id")) as Row[]).map((r) => {
    const data = r.data_json ? (JSON.parse(String(r.data_json)) as Record<string, unknown>) : null;
    const action = String(r.action);
    const summary = String(r.summary);
    return {
      id: Number(r.id),
      caseId: Number(r.case_id),
      action,
      summary,
      data,
      tag: ownTag(action, summary, data),
    };
  });
  const eventsOf = new Map<number, EventRow[]>();
  for (const e of events) eventsOf.set(e.caseId, [...(eventsOf.get(e.caseId) ?? []), e]);
  const parties = (await knex("parties").select("id", "case_id", "occupation")) as Row[];
  const sessions = (await knex("mediation_sessions").select("case_id", "seq", "record")) as Row[];
  const assignments = (await knex("case_assignments").select(
    "case_id",
    "mediator_id",
    "role",
    "ended_at",
    "end_reason",
  )) as Row[];
  const keys = (await knex("idempotency_keys").select("user_id", "key", "case_id")) as Row[];
  const numbers = (await knex("case_numbers").select(
    "organisation_id",
    "year",
    "seq",
    "number",
    "case_id",
  )) as Row[];
  const sequences = (await knex("number_sequences").select("organisation_id", "year", "last_seq")) as Row[];
  const prefixes = new Map(
    ((await knex("organisations").select("id", "number_prefix")) as Row[]).map((o) => [
      Number(o.id),
      String(o.number_prefix),
    ]),
  );

  /* ------------------------------------------------------------- intake: every acknowledged case once */
  const casesByKey = new Map<string, number[]>();
  for (const k of cases) {
    for (const key of tagsIn(k.summary)) casesByKey.set(key, [...(casesByKey.get(key) ?? []), k.id]);
  }
  const keyRow = new Map(keys.map((k) => [`${Number(k.user_id)}|${String(k.key)}`, Number(k.case_id)]));
  const acked = ledger.intakes.filter((e): e is IntakeEntry & { acked: object } => !!e.acked);
  {
    const problems: string[] = [];
    for (const e of acked) {
      const found = casesByKey.get(e.key) ?? [];
      if (found.length !== 1) problems.push(`${e.key}: ${found.length} cases (${found.join(", ")})`);
      else if (found[0] !== e.acked!.id)
        problems.push(`${e.key}: acknowledged #${e.acked!.id}, found #${found[0]}`);
      const k = caseById.get(e.acked!.id);
      if (k && k.number !== e.acked!.number)
        problems.push(`#${k.id}: acknowledged ${e.acked!.number}, has ${k.number}`);
      const idem = keyRow.get(`${users[e.user]}|${e.key}`);
      if (idem !== e.acked!.id) problems.push(`${e.key}: Idempotency-Key row points to #${idem}`);
    }
    const ids = acked.map((e) => e.acked!.id);
    const nums = acked.map((e) => e.acked!.number);
    if (new Set(ids).size !== ids.length) problems.push("two acknowledged keys got the same case id");
    if (new Set(nums).size !== nums.length) problems.push("two acknowledged keys got the same case number");
    const extra = [...casesByKey].filter(([, ids]) => ids.length > 1);
    for (const [key, ids] of extra) problems.push(`${key}: ${ids.length} cases (${ids.join(", ")})`);
    const unanswered = ledger.intakes.filter((e) => !e.acked && e.unanswered);
    const landed = unanswered.filter((e) => casesByKey.has(e.key)).length;
    c.add(
      "every acknowledged case is in the database exactly once (per Idempotency-Key)",
      problems,
      `${acked.length} acknowledged of ${ledger.intakes.length} keys; ${cases.length} cases in all; ` +
        `${unanswered.length} never answered (${landed} of them did land, once)`,
    );
  }

  /* ---------------------------------------------------- intake: nothing half-applied, no stray cases */
  {
    const problems: string[] = [];
    const partyCount = new Map<number, number>();
    for (const p of parties) partyCount.set(Number(p.case_id), (partyCount.get(Number(p.case_id)) ?? 0) + 1);
    const keyByCase = new Map(keys.map((k) => [Number(k.case_id), String(k.key)]));
    for (const k of cases) {
      const key = tagsIn(k.summary)[0];
      if (!key) problems.push(`#${k.id}: a case the bench did not send`);
      else if (keyByCase.get(k.id) !== key) problems.push(`#${k.id}: no Idempotency-Key row for ${key}`);
      if (partyCount.get(k.id) !== 2) problems.push(`#${k.id}: ${partyCount.get(k.id) ?? 0} parties, sent 2`);
      const intakes = (eventsOf.get(k.id) ?? []).filter((e) => e.action === "intake").length;
      if (intakes !== 1) problems.push(`#${k.id}: ${intakes} intake events`);
    }
    c.add(
      "each case is whole: its parties, Idempotency-Key row, number row and one intake event",
      problems,
      `${cases.length} cases, ${parties.length} parties, ${keys.length} keys`,
    );
  }

  /* -------------------------------------------- replays: the same case; another body: 409, no case */
  {
    const replays = ledger.intakes.reduce((n, e) => n + e.replays, 0);
    const conflicting = ledger.intakes.reduce((n, e) => n + e.conflictingBodies, 0);
    const problems = ledger.intakes
      .filter((e) => e.conflictingBodies && (casesByKey.get(e.key)?.length ?? 0) > 1)
      .map((e) => `${e.key}: reused with another body and registered again`);
    c.add(
      "a reused Idempotency-Key never registers a second case",
      problems,
      `${replays} replays of acknowledged requests, ${conflicting} reuses with another body (answers checked as they came)`,
    );
  }

  /* -------------------------------------------------------------- case numbers: no gaps, no duplicates */
  {
    const problems: string[] = [];
    const bySeries = new Map<string, Row[]>();
    for (const n of numbers) {
      const s = `${Number(n.organisation_id)}|${Number(n.year)}`;
      bySeries.set(s, [...(bySeries.get(s) ?? []), n]);
    }
    let issued = 0;
    for (const s of sequences) {
      const org = Number(s.organisation_id);
      const year = Number(s.year);
      const last = Number(s.last_seq);
      const rows = (bySeries.get(`${org}|${year}`) ?? []).sort((a, b) => Number(a.seq) - Number(b.seq));
      bySeries.delete(`${org}|${year}`);
      issued += rows.length;
      const seqs = rows.map((r) => Number(r.seq));
      const contiguous = seqs.length === last && seqs.every((q, i) => q === i + 1);
      if (!contiguous) {
        const missing = [];
        for (let q = 1; q <= last && missing.length < 5; q++) if (!seqs.includes(q)) missing.push(q);
        problems.push(
          `organisation ${org}, ${year}: counter at ${last}, ${seqs.length} numbers issued` +
            (missing.length ? `, missing ${missing.join(", ")}` : "") +
            (new Set(seqs).size !== seqs.length ? ", duplicates" : ""),
        );
      }
      for (const r of rows) {
        const expected = formatCaseNumber(year, prefixes.get(org) ?? "?", Number(r.seq));
        if (r.number !== expected) problems.push(`${String(r.number)} should read ${expected}`);
        const k = caseById.get(Number(r.case_id));
        if (!k) problems.push(`${String(r.number)}: case #${String(r.case_id)} does not exist`);
        else if (k.number !== r.number)
          problems.push(`${String(r.number)} issued to #${k.id}, which reads ${k.number}`);
      }
    }
    for (const [s] of bySeries) problems.push(`series ${s} has numbers but no counter`);
    const numberOwner = new Map(numbers.map((n) => [String(n.number), Number(n.case_id)]));
    for (const k of cases) {
      if (numberOwner.get(k.number) !== k.id)
        problems.push(`#${k.id} ${k.number}: not in the issued numbers`);
    }
    if (new Set(cases.map((k) => k.number)).size !== cases.length) problems.push("two cases share a number");
    c.add(
      "case numbers per committee and year run 1…n with no gap or duplicate",
      problems,
      sequences
        .map((s) => `${prefixes.get(Number(s.organisation_id))} ${String(s.year)}: 1…${Number(s.last_seq)}`)
        .join("; ") + ` (${issued} numbers)`,
    );
  }

  /* ------------------------------------------------------ versions and events: no event missing */
  {
    const problems: string[] = [];
    for (const k of cases) {
      const evs = eventsOf.get(k.id) ?? [];
      if (evs.length !== k.version) problems.push(`#${k.id}: version ${k.version}, ${evs.length} events`);
      if (evs[0]?.action !== "intake") problems.push(`#${k.id}: first event is ${evs[0]?.action}`);
    }
    c.add(
      "every case's version equals its number of events (intake = 1, each action +1)",
      problems,
      `${events.length} events on ${cases.length} cases`,
    );
  }

  /* -------------------------------------------------- acknowledged actions: each event, in its place */
  const ops = ledger.actions;
  const opByTag = new Map(ops.filter((o) => o.tag).map((o) => [o.tag!, o]));
  const eventsByTag = new Map<string, EventRow[]>();
  for (const e of events) if (e.tag) eventsByTag.set(e.tag, [...(eventsByTag.get(e.tag) ?? []), e]);
  {
    const problems: string[] = [];
    const ackedOps = ops.filter((o) => o.outcome === "acked");
    for (const o of ackedOps) {
      const at = (eventsOf.get(o.caseId) ?? [])[o.resultVersion! - 1];
      const name = `${o.action} ${o.tag ?? ""} on #${o.caseId} → v${o.resultVersion}`;
      if (!at) problems.push(`${name}: no event ${o.resultVersion}`);
      else if (at.action !== o.action || (o.tag && at.tag !== o.tag)) {
        problems.push(`${name}: event ${o.resultVersion} is ${at.action} ${at.tag ?? ""}`);
      }
      if (o.tag && (eventsByTag.get(o.tag)?.length ?? 0) !== 1) {
        problems.push(`${name}: ${eventsByTag.get(o.tag)?.length ?? 0} events carry its tag`);
      }
    }
    const beforeKill = ackedOps.filter((o) => o.epoch === 0).length;
    c.add(
      "every acknowledged action has exactly one event, at the version it answered",
      problems,
      `${ackedOps.length} acknowledged actions (${beforeKill} before the kill, ${ackedOps.length - beforeKill} after)`,
    );
  }

  /* ------------------------------------------------------------ 409s: no trace, and truly stale */
  {
    const problems: string[] = [];
    const anywhere = new Set<string>([
      ...events.flatMap((e) => [...tagsIn(e.summary), ...tagsIn(e.data ? JSON.stringify(e.data) : "")]),
      ...sessions.flatMap((s) => tagsIn(s.record)),
      ...parties.flatMap((p) => tagsIn(p.occupation)),
      ...cases.flatMap((k) => tagsIn(k.extensionReason)),
      ...assignments.flatMap((a) => tagsIn(a.end_reason)),
    ]);
    const conflicts = ops.filter((o) => o.outcome === "conflict" || o.outcome === "rejected");
    for (const o of conflicts) {
      if (o.tag && anywhere.has(o.tag))
        problems.push(`${o.action} ${o.tag} on #${o.caseId} was refused but left a trace`);
      const k = caseById.get(o.caseId);
      if (o.outcome === "conflict" && k && o.sentVersion >= k.version) {
        problems.push(
          `${o.action} on #${o.caseId} v${o.sentVersion}: 409 though the case never moved past it`,
        );
      }
    }
    c.add(
      "every refused action (409) left no trace and was sent with a superseded version",
      problems,
      `${conflicts.length} refused actions searched for in events, sessions, parties, cases and assignments`,
    );
  }

  /* -------------------------------------------- every event on the shared cases is one the bench sent */
  {
    const problems: string[] = [];
    let inflightLanded = 0;
    for (const id of shared) {
      const evs = eventsOf.get(id) ?? [];
      evs.forEach((e, i) => {
        if (i === 0) return;
        const version = i + 1;
        const o = e.tag ? opByTag.get(e.tag) : undefined;
        if (e.tag) {
          if (!o) problems.push(`#${id} event ${version} (${e.action} ${e.tag}) was never sent`);
          else if (o.outcome === "unanswered") {
            inflightLanded++;
            if (o.sentVersion !== version - 1) {
              problems.push(`#${id} event ${version}: in-flight ${o.tag} was sent with v${o.sentVersion}`);
            }
          } else if (o.outcome !== "acked")
            problems.push(`#${id} event ${version}: ${o.tag} was answered ${o.outcome}`);
        } else {
          const mine = ops.find(
            (x) =>
              x.caseId === id &&
              x.outcome === "acked" &&
              x.resultVersion === version &&
              x.action === e.action,
          );
          if (!mine) problems.push(`#${id} event ${version} (${e.action}) matches no acknowledged request`);
        }
      });
    }
    const unanswered = ops.filter((o) => o.outcome === "unanswered").length;
    c.add(
      "every event on the shared cases is an acknowledged action or one in flight at the kill",
      problems,
      `${unanswered} actions never answered, ${inflightLanded} of them committed before the kill`,
    );
  }

  /* ------------------------------------------ the shared cases' state agrees with their last events */
  {
    const problems: string[] = [];
    for (const id of shared) {
      const k = caseById.get(id)!;
      const evs = eventsOf.get(id) ?? [];
      const sessionRows = sessions.filter((s) => Number(s.case_id) === id);
      const seqs = sessionRows.map((s) => Number(s.seq)).sort((a, b) => a - b);
      const sessionEvents = evs.filter((e) => e.action === "record-session");
      if (!seqs.every((q, i) => q === i + 1))
        problems.push(`#${id}: session numbers ${seqs.slice(0, 10).join(",")}…`);
      if (seqs.length !== sessionEvents.length) {
        problems.push(`#${id}: ${seqs.length} session records, ${sessionEvents.length} session events`);
      }
      const recorded = new Set(sessionRows.flatMap((s) => tagsIn(s.record)));
      for (const e of sessionEvents)
        if (!recorded.has(e.tag!)) problems.push(`#${id}: ${e.tag} has no session record`);
      for (const p of parties.filter((x) => Number(x.case_id) === id)) {
        const last = evs
          .filter((e) => e.action === "update-party" && Number(e.data?.partyId) === Number(p.id))
          .at(-1);
        if (last && last.tag !== (tagsIn(p.occupation)[0] ?? null)) {
          problems.push(
            `#${id} party ${String(p.id)}: occupation ${String(p.occupation)}, last update ${last.tag}`,
          );
        }
      }
      const extend = evs.filter((e) => e.action === "extend-mediation").at(-1);
      if (extend && (extend.data?.to !== k.mediationDueOn || !k.extensionReason?.includes(extend.tag!))) {
        problems.push(
          `#${id}: due ${k.mediationDueOn} (${k.extensionReason}), last extension ${String(extend.data?.to)} ${extend.tag}`,
        );
      }
      const assign = evs.filter((e) => e.action === "assign").at(-1);
      const active = assignments
        .filter((a) => Number(a.case_id) === id && !a.ended_at)
        .map((a) => `${Number(a.mediator_id)}:${String(a.role)}`)
        .sort();
      const wanted = ((assign?.data?.mediators as { mediatorId: number; role: string }[] | undefined) ?? [])
        .map((m) => `${m.mediatorId}:${m.role}`)
        .sort();
      if (active.join() !== wanted.join())
        problems.push(`#${id}: assigned ${active.join()}, last assignment ${wanted.join()}`);
    }
    c.add(
      "nothing half-applied: sessions, parties, deadline and mediators match each shared case's last events",
      problems,
      `${shared.length} shared cases, ${sessions.length} session records`,
    );
  }
  /* ------------------------------------------- the kill: what was acknowledged before it survived */
  {
    const problems: string[] = [];
    const intakes = acked.filter((e) => e.acked!.epoch === 0);
    for (const e of intakes) {
      if ((casesByKey.get(e.key) ?? []).join() !== String(e.acked!.id))
        problems.push(`${e.key} #${e.acked!.id} lost`);
    }
    const actions = ops.filter((o) => o.outcome === "acked" && o.epoch === 0);
    for (const o of actions) {
      const at = (eventsOf.get(o.caseId) ?? [])[o.resultVersion! - 1];
      if (!at || at.action !== o.action || (o.tag && at.tag !== o.tag)) {
        problems.push(`${o.action} ${o.tag ?? ""} on #${o.caseId} v${o.resultVersion} lost`);
      }
    }
    if (!kill.killed) problems.push("the server was not killed (--kill-at 0)");
    c.add(
      "SIGKILL and restart lost no acknowledged write",
      problems,
      kill.killed
        ? `restarted in ${kill.restartMs?.toFixed(0)} ms; ${intakes.length} cases and ${actions.length} actions acknowledged before the kill, all there`
        : "no kill",
    );
  }
  return c.checks;
}
