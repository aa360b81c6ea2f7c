import type { Knex } from "knex";

/**
 * A mediator's profile for matching: who they are, where they live, what they speak, what they are
 * good at and how many open cases they can carry. Lists (languages, certifications) are JSON text;
 * specialties get their own table because lists and the API filter by them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("mediators", (t) => {
    t.string("gender", 8).nullable();
    t.integer("birth_year").nullable();
    t.string("ethnicity", 32).nullable();
    t.text("languages_json").nullable();
    // No foreign key: SQLite cannot add one to an existing table without rebuilding it; the service checks it.
    t.string("home_region_code", 15).nullable();
    t.string("title", 100).nullable();
    t.string("five_elders_kind", 24).nullable();
    t.text("certifications_json").nullable();
    t.integer("since_year").nullable();
    t.integer("capacity").notNullable().defaultTo(6);
    t.string("retired_on", 10).nullable();
    t.text("notes").nullable();
    t.index(["home_region_code"]);
    t.index(["kind"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("mediators", (t) => {
    t.dropIndex(["home_region_code"]);
    t.dropIndex(["kind"]);
    for (const c of [
      "gender",
      "birth_year",
      "ethnicity",
      "languages_json",
      "home_region_code",
      "title",
      "five_elders_kind",
      "certifications_json",
      "since_year",
      "capacity",
      "retired_on",
      "notes",
    ]) {
      t.dropColumn(c);
    }
  });
}
