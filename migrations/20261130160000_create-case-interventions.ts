import type { Knex } from "knex";

/**
 * 防激化措施 (人民调解法第二十五条, 若干规定第二十四条): what a committee did when a dispute might
 * turn violent — the measures and when they were taken, the risks seen, the people involved — and
 * where it reported the dispute (the police, the township, the 综治中心 or another department).
 * Frozen: codes are plain strings here; the live lists are in src/cases/labels.ts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("case_interventions", (t) => {
    t.increments("id").primary();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.string("taken_at", 24).notNullable();
    t.text("measures").notNullable();
    t.text("risks_json").notNullable();
    t.text("risk_detail").nullable();
    t.integer("people").notNullable();
    t.string("referral_body", 32).nullable();
    t.string("referral_unit", 200).nullable();
    t.string("referral_on", 10).nullable();
    t.string("referral_receipt", 300).nullable();
    t.integer("recorded_by").notNullable().references("id").inTable("users");
    t.string("created_at", 24).notNullable();
    t.index(["case_id"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("case_interventions");
}
