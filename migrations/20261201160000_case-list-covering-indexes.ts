import type { Knex } from "knex";

/**
 * The case list at a million cases, for the committee and the county alike (issue 21): its three
 * walking indexes carry the columns the filters and the visibility test read, so a count and the
 * newest page are decided in the index and only the twenty rows shown are read from the table.
 * Each replaces the narrower index of 20261123050100 with the same leading columns (so every
 * query that used the old one can use the new one), keeping the number of indexes a write updates.
 *
 * - status, type, date: the state filters (an officer's county: the place and committee columns
 *   answer the visibility test);
 * - type, date: the type filters with or without source or state, newest first;
 * - committee, date: a committee's cases, the filters tested in the index;
 * - and a new one by id, for the search: the cases the search index finds are tested and put in
 *   date order from this index, not by reading each case's row.
 */
const INDEXES: [string, string[], string, string[]][] = [
  [
    "cases_status_type_list_index",
    ["status", "type_code", "registered_on", "id", "organisation_id", "region_code"],
    "cases_status_type_registered_index",
    ["status", "type_code", "registered_on"],
  ],
  [
    "cases_type_list_index",
    ["type_code", "registered_on", "id", "source", "status", "organisation_id", "region_code"],
    "cases_type_registered_index",
    ["type_code", "registered_on"],
  ],
  [
    "cases_organisation_list_index",
    ["organisation_id", "registered_on", "id", "status", "type_code", "source"],
    "cases_organisation_registered_index",
    ["organisation_id", "registered_on"],
  ],
];

const BY_ID: [string, string[]] = [
  "cases_id_list_index",
  ["id", "registered_on", "organisation_id", "region_code", "status", "type_code", "source"],
];

const sqlite = (knex: Knex) => knex.client.dialect !== "postgresql";

export async function up(knex: Knex): Promise<void> {
  // SQLite plans from the statistics ANALYZE stored: without them a new index looks selective.
  const analyze =
    sqlite(knex) && (await knex.raw("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).length > 0;
  for (const [name, columns, old] of [...INDEXES, [...BY_ID, null] as const]) {
    await knex.raw(`CREATE INDEX IF NOT EXISTS ${name} ON cases (${columns.join(", ")})`);
    if (old) await knex.raw(`DROP INDEX IF EXISTS ${old}`);
    if (analyze) await knex.raw(`ANALYZE ${name}`);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS ${BY_ID[0]}`);
  for (const [name, , old, oldColumns] of INDEXES) {
    await knex.raw(`CREATE INDEX IF NOT EXISTS ${old} ON cases (${oldColumns.join(", ")})`);
    await knex.raw(`DROP INDEX IF EXISTS ${name}`);
  }
}
