import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("parties", (t) => {
    t.increments("id").primary();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.integer("position").notNullable();
    t.string("side", 16).notNullable();
    t.string("kind", 16).notNullable();
    t.string("name", 200).notNullable();
    // Pinyin initials of the name, so "ls" finds 刘顺.
    t.string("name_initials", 100).notNullable();
    t.string("id_number", 18).nullable();
    t.string("unified_code", 18).nullable();
    t.string("gender", 8).nullable();
    t.string("birth_date", 10).nullable();
    t.string("ethnicity", 32).nullable();
    t.string("occupation", 100).nullable();
    t.string("phone", 40).nullable();
    t.string("address", 300).nullable();
    t.string("legal_representative", 100).nullable();
    t.string("agent_name", 100).nullable();
    t.string("agent_phone", 40).nullable();
    t.string("agent_id_number", 18).nullable();
    // The party's answer after the rights-and-duties notice: "yes", "no" or null (not yet asked).
    t.string("consent", 8).nullable();
    t.index(["case_id"]);
    t.index(["id_number"]);
    t.index(["phone"]);
    t.index(["name"]);
    t.index(["name_initials"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("parties");
}
