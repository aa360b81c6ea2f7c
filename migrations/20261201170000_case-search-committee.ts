import type { Knex } from "knex";

/**
 * PostgreSQL's search documents gain their committee as a lexeme, `@c<id>` without a position
 * (src/cases/search-index.ts, committeeLexeme), so a committee's search asks the GIN index for the
 * term and the committee at once (issue 21: a committee's search for a common name at a million
 * cases read ~3,600 documents county-wide to keep a dozen). SQLite's index is unchanged.
 */
export async function up(knex: Knex): Promise<void> {
  if (knex.client.dialect !== "postgresql") return;
  await knex.raw(`
    UPDATE case_search s
       SET doc = s.doc || ('''@c' || c.organisation_id || '''')::tsvector
      FROM cases c
     WHERE c.id = s.case_id`);
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.dialect !== "postgresql") return;
  await knex.raw(`
    UPDATE case_search s
       SET doc = ts_delete(s.doc, ARRAY['@c' || c.organisation_id])
      FROM cases c
     WHERE c.id = s.case_id`);
}
