import type { Knex } from "knex";

/**
 * 司法确认网上申请 (src/online-confirmation/): each party's agreement, on their phone with an SMS
 * code, to apply jointly for judicial confirmation of an effective agreement (who, for which
 * agreement, when, from which phone and client), tied to the application once every party has
 * agreed; and how an application reached the court (`channel`: paper, registered by the
 * committee, or online, sent by the parties).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("confirmation_consents", (t) => {
    t.increments("id").primary();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.integer("agreement_id").notNullable().references("id").inTable("agreements").onDelete("CASCADE");
    t.integer("party_id").notNullable().references("id").inTable("parties").onDelete("CASCADE");
    t.string("phone", 20).notNullable();
    t.string("agreed_at", 24).notNullable();
    t.string("ip", 64).notNullable();
    t.string("user_agent", 300).nullable();
    t.integer("confirmation_id").nullable().references("id").inTable("confirmations").onDelete("SET NULL");
    t.index(["case_id", "agreement_id"]);
    t.index(["confirmation_id"]);
  });
  await knex.schema.alterTable("confirmations", (t) => {
    t.string("channel", 16).notNullable().defaultTo("paper");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("confirmations", (t) => {
    t.dropColumn("channel");
  });
  await knex.schema.dropTable("confirmation_consents");
}
