import type { Knex } from "knex";

/**
 * A message that must go out at most once whatever runs it (the obligation reminder, queued by a
 * daily scan in every app instance) carries a `dedupe_key`; the unique index makes a second
 * insert of the same key do nothing. NULL for every other message (NULLs never collide).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("message_outbox", (t) => {
    t.string("dedupe_key", 80).nullable();
    t.unique(["dedupe_key"], { indexName: "message_outbox_dedupe_key_unique" });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("message_outbox", (t) => {
    t.dropUnique(["dedupe_key"], "message_outbox_dedupe_key_unique");
    t.dropColumn("dedupe_key");
  });
}
