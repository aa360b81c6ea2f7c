import type { Knex } from "knex";

/**
 * Who mediated a session, as it was recorded (the 调解笔录 prints those present, not today's
 * assignments), and the position (职务) of an organisation party's legal representative, which a
 * written agreement states (RL29, GD35).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("mediation_sessions", (t) => {
    // JSON: [{ "id": mediator id, "name": name at record time, "role": "lead" | "co" | "invited" }].
    t.text("mediators_json").nullable();
  });
  await knex.schema.alterTable("parties", (t) => {
    t.string("legal_representative_title", 100).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("parties", (t) => {
    t.dropColumn("legal_representative_title");
  });
  await knex.schema.alterTable("mediation_sessions", (t) => {
    t.dropColumn("mediators_json");
  });
}
