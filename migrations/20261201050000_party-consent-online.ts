import type { Knex } from "knex";

/**
 * How and when a party's answer to the rights-and-duties notice was given (src/portal/consent.ts):
 * `online` when the party answered on their phone (同意调解 / 不同意调解 on /my), `in_person` when
 * staff recorded it (record-consent); null for answers recorded before this column. The instant
 * (ISO) is when the answer was recorded.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("parties", (t) => {
    t.string("consent_channel", 16).nullable();
    t.string("consent_at", 24).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("parties", (t) => {
    t.dropColumn("consent_at");
    t.dropColumn("consent_channel");
  });
}
