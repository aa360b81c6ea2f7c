import type { Knex } from "knex";
import { isPostgres } from "../db/knex.js";

/**
 * The case search index: substring search on a case's number, summary and party names through
 * an inverted index instead of `LIKE '%…%'` over every case.
 *
 * Each field becomes the overlapping pairs of its characters (bigrams) followed by its last
 * character alone: 渌口调〔2026〕 → 渌口 口调 调〔 〔2 20 02 26 6〕 〕. A term of two or more
 * characters becomes its own bigrams, matched as a phrase (adjacent, in order): that is exactly
 * "the field contains the term". A one-character term is a prefix query: some token starts with
 * it. Every character counts (digits, punctuation, spaces), so `2026`, `123号` or `张 三` mean
 * what they meant with LIKE. The closing single character keeps a phrase from running from one
 * field into the next: a phrase holds only bigrams, and a bigram never sits next to the next
 * field's tokens.
 *
 * Characters are written as tokens both engines keep whole and that never need quoting: CJK
 * ideographs, ASCII letters (lower-cased, as SQLite's LIKE ignores ASCII case) and digits as
 * they are; anything else as `_<hex code point>_`. The code is prefix-free (no unit begins
 * another), so a prefix query on one character's unit finds exactly the tokens starting with it.
 *
 * Storage: on SQLite a contentless FTS5 table (rowid = case id); on PostgreSQL the table
 * case_search (case_id, doc tsvector) with a GIN index. The tsvector and tsquery are built from
 * text literals (`::tsvector`, `::tsquery`), not by to_tsvector/to_tsquery, whose parser would
 * split `_3014_` and drop punctuation.
 */

/** The index's spelling of one character. */
function unit(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code >= 0x41 && code <= 0x5a) return String.fromCharCode(code + 32);
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) return ch;
  if (code >= 0x4e00 && code <= 0x9fff) return ch;
  return `_${code.toString(16)}_`;
}

/** The tokens of one field: its bigrams, then its last character alone. */
export function fieldTokens(text: string): string[] {
  const units = Array.from(text, unit);
  const out: string[] = [];
  for (let i = 0; i + 1 < units.length; i++) out.push(units[i]! + units[i + 1]!);
  if (units.length > 0) out.push(units[units.length - 1]!);
  return out;
}

/** A case's document: the tokens of its number, each party's name and its summary, in order. */
export function documentTokens(fields: readonly (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const f of fields) if (f) out.push(...fieldTokens(f));
  return out;
}

/** What a search term asks the index for: a phrase of bigrams, or one character as a prefix. */
export interface TermQuery {
  tokens: string[];
  prefix: boolean;
}

/** The index query for a term, or null for an empty term. */
export function termQuery(term: string): TermQuery | null {
  const units = Array.from(term, unit);
  if (units.length === 0) return null;
  if (units.length === 1) return { tokens: units, prefix: true };
  const tokens: string[] = [];
  for (let i = 0; i + 1 < units.length; i++) tokens.push(units[i]! + units[i + 1]!);
  return { tokens, prefix: false };
}

/** An FTS5 MATCH expression: one quoted phrase, `"a b c"` or `"a"*`. */
export function ftsMatchExpression(query: TermQuery): string {
  // Tokens never hold a double quote; doubling it anyway keeps the phrase closed whatever changes.
  const phrase = `"${query.tokens.join(" ").replace(/"/g, '""')}"`;
  return query.prefix ? `${phrase}*` : phrase;
}

/** A tsquery literal: `'a' <-> 'b'`, or `'a':*`. */
export function tsQueryText(query: TermQuery): string {
  const lexemes = query.tokens.map(quoteLexeme);
  return query.prefix ? `${lexemes[0]}:*` : lexemes.join(" <-> ");
}

/** A tsvector literal with positions from 1: `'a':1 'b':2`. */
export function tsVectorText(tokens: readonly string[]): string {
  return tokens.map((t, i) => `${quoteLexeme(t)}:${i + 1}`).join(" ");
}

function quoteLexeme(token: string): string {
  // Tokens never hold either character; the check keeps the backfill from copying every one.
  if (!token.includes("'") && !token.includes("\\")) return `'${token}'`;
  return `'${token.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/* ------------------------------------------------------------------ storage */

type Db = Knex | Knex.Transaction;

export interface SearchDocument {
  caseId: number;
  tokens: string[];
  /** PostgreSQL: the committee's lexeme is added to the document (see committeeLexeme). */
  organisationId?: number | null;
}

/**
 * PostgreSQL: a document also holds its committee as one lexeme, `@c<id>`, without a position
 * (no text token can be it: `@` is always spelled `_40_`). A committee's search then asks the GIN
 * index for the term's bigrams and the committee together, instead of collecting every case in the
 * county whose document has the bigrams and reading each to check the phrase (a common name:
 * ~3,600 cases at a million, 7 ms). SQLite's FTS5 finds a phrase without reading the documents, so
 * its index is unchanged.
 */
export function committeeLexeme(organisationId: number): string {
  return `@c${Math.trunc(organisationId)}`;
}

/** The index's source rows for a set of cases, in the order documentTokens expects. */
function documentsOf(
  cases: { id: number | string; number: string; summary: string | null; organisation_id?: number | string }[],
  parties: { case_id: number | string; name: string }[],
): SearchDocument[] {
  const names = new Map<number, string[]>();
  for (const p of parties) {
    const id = Number(p.case_id);
    let list = names.get(id);
    if (!list) names.set(id, (list = []));
    list.push(p.name);
  }
  return cases.map((c) => ({
    caseId: Number(c.id),
    tokens: documentTokens([c.number, ...(names.get(Number(c.id)) ?? []), c.summary]),
    organisationId: c.organisation_id === undefined ? null : Number(c.organisation_id),
  }));
}

/** PostgreSQL: insert documents from two parallel arrays (placeholders given by the caller). */
export function pgInsertSql(ids: string, docs: string): string {
  return `INSERT INTO case_search (case_id, doc)
          SELECT d.id, d.doc::tsvector FROM unnest(${ids}::int[], ${docs}::text[]) AS d(id, doc)`;
}

export function pgInsertValues(docs: readonly SearchDocument[]): [number[], string[]] {
  return [
    docs.map((d) => d.caseId),
    docs.map((d) => {
      const text = tsVectorText(d.tokens);
      if (d.organisationId === null || d.organisationId === undefined) return text;
      return `${text} '${committeeLexeme(d.organisationId)}'`.trim();
    }),
  ];
}

const SQLITE_ROWS_PER_INSERT = 5000;

async function writeDocuments(db: Db, docs: readonly SearchDocument[]): Promise<void> {
  if (docs.length === 0) return;
  if (isPostgres(db)) {
    await db.raw(pgInsertSql("?", "?"), pgInsertValues(docs));
    return;
  }
  for (let i = 0; i < docs.length; i += SQLITE_ROWS_PER_INSERT) {
    const part = docs.slice(i, i + SQLITE_ROWS_PER_INSERT);
    const values: (number | string)[] = [];
    for (const d of part) values.push(d.caseId, d.tokens.join(" "));
    await db.raw(
      `INSERT INTO case_search (rowid, doc) VALUES ${part.map(() => "(?, ?)").join(", ")}`,
      values,
    );
  }
}

async function deleteDocuments(db: Db, caseIds: readonly number[]): Promise<void> {
  if (isPostgres(db)) await db("case_search").whereIn("case_id", caseIds).delete();
  else await db("case_search").whereIn("rowid", caseIds).delete();
}

/** The document of one new case (no document yet), from its number, parties' names in order and summary. */
export function writeSearchDocument(
  db: Db,
  kase: {
    caseId: number;
    organisationId: number;
    number: string;
    summary: string | null;
    partyNames: readonly string[];
  },
): Promise<void> {
  return writeDocuments(db, [
    {
      caseId: kase.caseId,
      tokens: documentTokens([kase.number, ...kase.partyNames, kase.summary]),
      organisationId: kase.organisationId,
    },
  ]);
}

/**
 * Brings the index up to date for these cases, after a write that changed a case's number,
 * summary or parties. Call it in the write's transaction. A case that no longer exists loses its
 * document.
 */
export async function reindexCases(db: Db, caseIds: readonly number[]): Promise<void> {
  const ids = [...new Set(caseIds.map(Number))];
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const [cases, parties] = await Promise.all([
      db("cases").whereIn("id", part).select("id", "number", "summary", "organisation_id"),
      db("parties").whereIn("case_id", part).orderBy(["case_id", "position", "id"]).select("case_id", "name"),
    ]);
    await deleteDocuments(db, part);
    await writeDocuments(db, documentsOf(cases, parties));
  }
}

export interface BuildOptions {
  /** Cases read and written at a time. */
  chunk?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/**
 * Reads every case of `source` with its parties, `chunk` cases at a time in id order, and hands
 * their documents to `write`. Returns the number of documents.
 */
export async function buildCaseSearch(
  source: Db,
  write: (docs: SearchDocument[]) => Promise<void>,
  options: BuildOptions = {},
): Promise<number> {
  const chunk = options.chunk ?? 5000;
  const started = Date.now();
  let last = 0;
  let done = 0;
  let reported = started;
  for (;;) {
    const cases = (await source("cases")
      .where("id", ">", last)
      .orderBy("id")
      .limit(chunk)
      .select("id", "number", "summary", "organisation_id")) as {
      id: number;
      number: string;
      summary: string | null;
      organisation_id: number;
    }[];
    if (cases.length === 0) break;
    const first = Number(cases[0]!.id);
    last = Number(cases[cases.length - 1]!.id);
    const parties = (await source("parties")
      .whereBetween("case_id", [first, last])
      .orderBy(["case_id", "position", "id"])
      .select("case_id", "name")) as { case_id: number; name: string }[];
    await write(documentsOf(cases, parties));
    done += cases.length;
    if (options.log && Date.now() - reported >= 10_000) {
      reported = Date.now();
      options.log(`  检索索引：已处理 ${done.toLocaleString("en-US")} 件案件…`);
    }
  }
  return done;
}

/** Empties the index and builds it again from every case (the migration, the bench). */
export async function rebuildCaseSearch(db: Db, options: BuildOptions = {}): Promise<number> {
  if (isPostgres(db)) await db.raw("TRUNCATE case_search");
  else await db.raw("INSERT INTO case_search (case_search) VALUES ('delete-all')");
  const n = await buildCaseSearch(db, (docs) => writeDocuments(db, docs), options);
  if (!isPostgres(db)) {
    // Merges the segments the load left behind into one b-tree: fewer lookups per query.
    await db.raw("INSERT INTO case_search (case_search) VALUES ('optimize')");
  }
  return n;
}

/** Initials are lower-case letters and digits: a term with anything else cannot match them. */
const initialsPrefix = (term: string) => (/^[a-z0-9]+$/i.test(term) ? term.toLowerCase() : null);

/** The ids of the cases a party of which has these initials (a prefix), resident ID or phone. */
function partyArms(db: Db, term: string): ((u: Knex.QueryBuilder) => void)[] {
  const arms: ((u: Knex.QueryBuilder) => void)[] = [];
  const prefix = initialsPrefix(term);
  if (prefix !== null) {
    arms.push((u) =>
      isPostgres(db)
        ? // parties_name_initials_case_index (text_pattern_ops) serves LIKE 'p%' in any collation.
          u.from("parties").select("case_id").where("name_initials", "like", `${prefix}%`)
        : // GLOB is case-sensitive, so SQLite walks the plain b-tree (its LIKE would not).
          u
            .from("parties")
            .select("case_id")
            .whereRaw("name_initials GLOB ?", [`${prefix}*`]),
    );
  }
  arms.push((u) => u.from("parties").select("case_id").where("id_number", term.toUpperCase()));
  arms.push((u) => u.from("parties").select("case_id").where("phone", term));
  return arms;
}

/**
 * The ids of the cases whose number, summary or a party's name contains `term`, or a party's
 * pinyin initials start with it, or a party's resident ID or phone equals it: one index lookup
 * per arm of a UNION ALL.
 */
export function searchCaseIds(db: Db, term: string): Knex.QueryBuilder {
  const query = termQuery(term);
  if (!query) throw new Error("searchCaseIds needs a term");
  const ids = isPostgres(db)
    ? db("case_search")
        .select("case_id")
        .whereRaw("doc @@ ?::tsquery", [tsQueryText(query)])
    : db("case_search")
        .select(db.raw("rowid AS case_id"))
        .whereRaw("case_search MATCH ?", [ftsMatchExpression(query)]);
  for (const arm of partyArms(db, term)) ids.unionAll(arm);
  return ids;
}

/** What a committee's (or a mediator's) search may see: its committees' cases and its assigned ones. */
export interface CommitteeSearch {
  organisationIds: readonly number[];
  /** The ids of the other cases the user may see (a subquery). */
  assigned: Knex.QueryBuilder;
}

/**
 * PostgreSQL, a committee's search: the committees' cases whose documents have the term (the
 * bigrams and the committee's lexeme in one GIN lookup), the user's other visible cases that have
 * it, and the party arms of searchCaseIds.
 */
function searchCommitteeCaseIds(db: Db, term: string, committee: CommitteeSearch): Knex.QueryBuilder {
  const query = termQuery(term);
  if (!query) throw new Error("searchCommitteeCaseIds needs a term");
  const phrase = tsQueryText(query);
  const lexemes = committee.organisationIds.map((id) => `'${committeeLexeme(id)}'`);
  const ids = db("case_search").select("case_id");
  if (lexemes.length) ids.whereRaw("doc @@ ?::tsquery", [`(${phrase}) & (${lexemes.join(" | ")})`]);
  else ids.whereRaw("1 = 0");
  ids.unionAll((u: Knex.QueryBuilder) =>
    u
      .from("case_search")
      .select("case_id")
      .whereRaw("case_id = ANY (ARRAY(?))", [committee.assigned])
      .whereRaw("doc @@ ?::tsquery", [phrase]),
  );
  for (const arm of partyArms(db, term)) ids.unionAll(arm);
  return ids;
}

/**
 * Restricts a query on `cases as c` to the cases `term` finds (see searchCaseIds), in the shape
 * each database runs best. `narrow`: the caller sees a few thousand cases (a committee, a court,
 * a mediator), so the work should grow with those, not with how common the term is in the whole
 * county; otherwise (an officer's region) the matches are few next to what the caller sees.
 *
 * - SQLite: the matches are collected once (FTS5 is fast even for a common term); wide, the cases
 *   are read by id; narrow, `+ 0` keeps the planner from doing so, and it walks the caller's
 *   cases instead, testing each against the collected ids.
 * - PostgreSQL, wide: `= ANY (ARRAY(…))` computes the matches once and reads the cases by primary
 *   key. With `IN (…)` the planner costs the visibility test's subplans once per matched case and
 *   scans every case instead.
 * - PostgreSQL, a committee or a mediator (`committee`): the committee's lexeme goes into the
 *   tsquery, so the GIN index returns only the committee's matching cases; the user's assigned
 *   cases elsewhere are searched by id.
 * - PostgreSQL, narrow otherwise (a court): `c.id IN (…)`, a semi-join the planner costs from the tsquery's
 *   estimated matches: for a name (a few hundred matches in the county) it collects them and
 *   keeps the caller's; for a common term (a year) it may test the caller's cases instead. The
 *   earlier shape (a correlated EXISTS per case) read every one of a committee's cases' documents,
 *   ~50 µs each: 140 ms at 100,000 cases, seconds at a million (issue 21).
 */
export function whereMatches(
  q: Knex.QueryBuilder,
  db: Db,
  term: string,
  narrow: boolean,
  committee?: CommitteeSearch,
): void {
  if (!isPostgres(db)) {
    if (narrow) q.whereIn(q.client.raw("(c.id + 0)"), searchCaseIds(db, term));
    else q.whereIn("c.id", searchCaseIds(db, term));
    return;
  }
  if (!narrow) {
    q.whereRaw("c.id = ANY (ARRAY(?))", [searchCaseIds(db, term)]);
    return;
  }
  // A committee: its lexeme narrows the index lookup itself (committeeLexeme).
  if (committee) {
    q.whereIn("c.id", searchCommitteeCaseIds(db, term, committee));
    return;
  }
  // Narrow: the matches and the caller's cases as two sets, joined (semi-join). The planner
  // estimates a tsquery's matches well and picks the side to start from: a name's few hundred
  // matches tested against the caller's cases, or (a common term) each caller's case tested.
  q.whereIn("c.id", searchCaseIds(db, term));
}
