import type { Knex } from "knex";

/**
 * The court's other endings of an application besides a ruling on the agreement: refusal to file
 * (不予受理, 民诉法解释 art. 355) keeps its grounds in grounds_json and its date in decided_on;
 * withdrawal (art. 357) also records whether the parties withdrew or the court treated the
 * application as withdrawn, when it was asked for, and which parties asked.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("confirmations", (t) => {
    t.string("withdrawal_kind", 16).nullable();
    t.string("withdrawal_requested_on", 10).nullable();
    t.text("withdrawal_party_ids_json").nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("confirmations", (t) => {
    t.dropColumn("withdrawal_kind");
    t.dropColumn("withdrawal_requested_on");
    t.dropColumn("withdrawal_party_ids_json");
  });
}
