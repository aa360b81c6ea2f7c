import type { Knex } from "knex";

/**
 * The notification outbox (src/messages/): every SMS is a row first, then sent by a worker that
 * claims it (locked_until), so a message queued before a crash is sent after the restart and two
 * app instances never send the same row. Times are ISO strings (UTC), as elsewhere.
 * Opt-outs: a phone that replied TD gets no further notices (sign-in codes still go out).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("message_outbox", (t) => {
    t.increments("id").primary();
    t.string("to_phone", 20).notNullable();
    t.string("channel", 8).notNullable().defaultTo("sms");
    t.string("template", 40).notNullable();
    t.text("params_json").notNullable();
    t.text("text").notNullable();
    t.string("status", 8).notNullable().defaultTo("queued");
    t.integer("attempts").notNullable().defaultTo(0);
    t.string("next_attempt_at", 24).notNullable();
    t.string("locked_until", 24).nullable();
    t.text("last_error").nullable();
    t.integer("case_id").nullable().references("id").inTable("cases").onDelete("SET NULL");
    t.string("created_at", 24).notNullable();
    t.string("sent_at", 24).nullable();
    t.index(["status", "next_attempt_at"]);
    t.index(["to_phone"]);
    t.index(["case_id"]);
  });
  await knex.schema.createTable("sms_opt_outs", (t) => {
    t.string("phone", 20).primary();
    t.string("opted_out_at", 24).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("sms_opt_outs");
  await knex.schema.dropTable("message_outbox");
}
