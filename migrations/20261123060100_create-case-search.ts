import type { Knex } from "knex";

/**
 * The case search index (src/cases/search-index.ts): the bigrams of each case's number, party
 * names and summary, so that the case list's search reads an inverted index instead of testing
 * `LIKE '%…%'` on every case and party. Existing cases are indexed here, 5,000 at a time; the
 * tokens are computed in JavaScript by the tokenizer as it stood when this migration was merged:
 * a frozen copy at the end of this file, so a later change to the application's tokenizer (which
 * would then re-index on its own terms) never changes what this migration does.
 *
 * - SQLite: a contentless FTS5 table (rowid = case id; contentless_delete so a case's document
 *   can be replaced). The tokens are letters, digits, CJK ideographs and `_`, so unicode61 with
 *   `_` as a token character keeps each one whole. A trigger drops a deleted case's document.
 * - PostgreSQL: case_search (case_id, doc tsvector), GIN-indexed, removed with its case by the
 *   foreign key. The index is built after the backfill (one sorted build, not a million inserts).
 * - The initials search (a prefix: "ls" finds 刘顺) gets an index holding case_id too, replacing
 *   the plain name_initials one: one letter matches a tenth of all parties, which are then read
 *   from the index alone. On PostgreSQL with text_pattern_ops, since `LIKE 'ls%'` can use a
 *   b-tree only under the C collation or with that operator class; SQLite searches it with GLOB
 *   (case-sensitive, so the plain b-tree serves it; its LIKE would need a NOCASE index). The
 *   resident ID and phone, matched by equality, have had their indexes since create-parties.
 */
export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === "pg") {
    await knex.schema.createTable("case_search", (t) => {
      t.integer("case_id").primary().references("id").inTable("cases").onDelete("CASCADE");
      t.specificType("doc", "tsvector").notNullable();
    });
    await rebuildCaseSearch(knex);
    await knex.raw("CREATE INDEX case_search_doc_index ON case_search USING gin (doc)");
    await knex.raw(
      "CREATE INDEX parties_name_initials_case_index ON parties (name_initials text_pattern_ops, case_id)",
    );
    await knex.schema.alterTable("parties", (t) => t.dropIndex(["name_initials"]));
    await knex.raw("ANALYZE case_search");
    return;
  }
  await knex.schema.alterTable("parties", (t) => {
    t.index(["name_initials", "case_id"], "parties_name_initials_case_index");
    t.dropIndex(["name_initials"]);
  });
  await knex.raw(
    `CREATE VIRTUAL TABLE case_search USING fts5(doc, content = '', contentless_delete = 1,
       tokenize = "unicode61 remove_diacritics 0 tokenchars '_'")`,
  );
  await knex.raw(
    "CREATE TRIGGER case_search_cases_del AFTER DELETE ON cases BEGIN DELETE FROM case_search WHERE rowid = OLD.id; END",
  );
  await rebuildCaseSearch(knex);
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === "pg") {
    await knex.schema.dropTable("case_search");
  } else {
    await knex.raw("DROP TRIGGER case_search_cases_del");
    await knex.raw("DROP TABLE case_search");
  }
  await knex.schema.alterTable("parties", (t) => {
    t.index(["name_initials"]);
    t.dropIndex([], "parties_name_initials_case_index");
  });
}

/* ----------------------------------------------------------------------------------------------
 * A frozen copy of src/cases/search-index.ts's tokenizer and backfill as of this migration.
 * Do not "fix" it to match the live one: a merged migration must do tomorrow what it did then.
 */

const isPg = (db: Knex) => db.client.config.client === "pg";

/** The index's spelling of one character. */
function unit(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code >= 0x41 && code <= 0x5a) return String.fromCharCode(code + 32);
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) return ch;
  if (code >= 0x4e00 && code <= 0x9fff) return ch;
  return `_${code.toString(16)}_`;
}

/** The tokens of one field: its bigrams, then its last character alone. */
function fieldTokens(text: string): string[] {
  const units = Array.from(text, unit);
  const out: string[] = [];
  for (let i = 0; i + 1 < units.length; i++) out.push(units[i]! + units[i + 1]!);
  if (units.length > 0) out.push(units[units.length - 1]!);
  return out;
}

function quoteLexeme(token: string): string {
  if (!token.includes("'") && !token.includes("\\")) return `'${token}'`;
  return `'${token.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

interface SearchDocument {
  caseId: number;
  tokens: string[];
}

/** Each case's document: the tokens of its number, each party's name and its summary, in order. */
function documentsOf(
  cases: { id: number | string; number: string; summary: string | null }[],
  parties: { case_id: number | string; name: string }[],
): SearchDocument[] {
  const names = new Map<number, string[]>();
  for (const p of parties) {
    const id = Number(p.case_id);
    let list = names.get(id);
    if (!list) names.set(id, (list = []));
    list.push(p.name);
  }
  return cases.map((c) => {
    const tokens: string[] = [];
    for (const f of [c.number, ...(names.get(Number(c.id)) ?? []), c.summary])
      if (f) tokens.push(...fieldTokens(f));
    return { caseId: Number(c.id), tokens };
  });
}

async function writeDocuments(db: Knex, docs: readonly SearchDocument[]): Promise<void> {
  if (docs.length === 0) return;
  if (isPg(db)) {
    await db.raw(
      `INSERT INTO case_search (case_id, doc)
          SELECT d.id, d.doc::tsvector FROM unnest(?::int[], ?::text[]) AS d(id, doc)`,
      [
        docs.map((d) => d.caseId),
        docs.map((d) => d.tokens.map((t, i) => `${quoteLexeme(t)}:${i + 1}`).join(" ")),
      ],
    );
    return;
  }
  for (let i = 0; i < docs.length; i += 5000) {
    const part = docs.slice(i, i + 5000);
    const values: (number | string)[] = [];
    for (const d of part) values.push(d.caseId, d.tokens.join(" "));
    await db.raw(
      `INSERT INTO case_search (rowid, doc) VALUES ${part.map(() => "(?, ?)").join(", ")}`,
      values,
    );
  }
}

/** Indexes every existing case, 5,000 at a time in id order. */
async function rebuildCaseSearch(db: Knex): Promise<void> {
  if (isPg(db)) await db.raw("TRUNCATE case_search");
  else await db.raw("INSERT INTO case_search (case_search) VALUES ('delete-all')");
  let last = 0;
  for (;;) {
    const cases = (await db("cases")
      .where("id", ">", last)
      .orderBy("id")
      .limit(5000)
      .select("id", "number", "summary")) as { id: number; number: string; summary: string | null }[];
    if (cases.length === 0) break;
    const first = Number(cases[0]!.id);
    last = Number(cases[cases.length - 1]!.id);
    const parties = (await db("parties")
      .whereBetween("case_id", [first, last])
      .orderBy(["case_id", "position", "id"])
      .select("case_id", "name")) as { case_id: number; name: string }[];
    await writeDocuments(db, documentsOf(cases, parties));
  }
  // Merges the segments the load left behind into one b-tree: fewer lookups per query.
  if (!isPg(db)) await db.raw("INSERT INTO case_search (case_search) VALUES ('optimize')");
}
