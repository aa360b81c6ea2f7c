import type { Knex } from "knex";
import { rebuildCaseSearch } from "../src/cases/search-index.js";

/**
 * The case search index (src/cases/search-index.ts): the bigrams of each case's number, party
 * names and summary, so that the case list's search reads an inverted index instead of testing
 * `LIKE '%…%'` on every case and party. Existing cases are indexed here, 5,000 at a time; the
 * tokens are computed in JavaScript (the tokenizer is the application's own, so the migration
 * imports it).
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
