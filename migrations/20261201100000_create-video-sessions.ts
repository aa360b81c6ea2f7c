import type { Knex } from "knex";

/**
 * 视频调解 (src/video/): sessions scheduled ahead (online or at a place), the one-time invitations
 * of helpers (RL20) to an online one, who is in its room, and the WebRTC signals between them —
 * kept in the database so that every app instance serving one database relays the same signals.
 * A recorded 调解笔录 may point at the scheduled session it records, with its online attendance.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("scheduled_sessions", (t) => {
    t.increments("id").primary();
    t.integer("case_id").notNullable().references("id").inTable("cases").onDelete("CASCADE");
    t.string("starts_at", 24).notNullable();
    t.string("place_kind", 16).notNullable();
    t.string("place", 300).nullable();
    t.string("room_key", 64).notNullable().unique();
    t.string("status", 16).notNullable();
    t.integer("created_by").notNullable().references("id").inTable("users");
    t.string("created_at", 24).notNullable();
    t.string("ended_at", 24).nullable();
    t.index(["case_id", "status"]);
    t.index(["status", "starts_at"]);
  });
  await knex.schema.createTable("session_guests", (t) => {
    t.increments("id").primary();
    t.integer("session_id").notNullable().references("id").inTable("scheduled_sessions").onDelete("CASCADE");
    t.string("name", 100).notNullable();
    t.string("relation", 100).nullable();
    t.string("token_hash", 64).notNullable().unique();
    t.string("access_hash", 64).nullable().unique();
    t.integer("created_by").notNullable().references("id").inTable("users");
    t.string("created_at", 24).notNullable();
    t.string("used_at", 24).nullable();
  });
  await knex.schema.createTable("session_participants", (t) => {
    t.increments("id").primary();
    t.integer("session_id").notNullable().references("id").inTable("scheduled_sessions").onDelete("CASCADE");
    t.string("peer_id", 32).notNullable().unique();
    t.string("kind", 8).notNullable();
    t.integer("user_id").nullable().references("id").inTable("users");
    t.integer("party_id").nullable().references("id").inTable("parties").onDelete("CASCADE");
    t.integer("guest_id").nullable().references("id").inTable("session_guests").onDelete("CASCADE");
    t.string("display_name", 150).notNullable();
    t.string("consented_at", 24).notNullable();
    t.string("joined_at", 24).notNullable();
    t.string("left_at", 24).nullable();
    t.string("last_seen_at", 24).notNullable();
    t.boolean("removed").notNullable().defaultTo(false);
    t.index(["session_id", "left_at"]);
  });
  await knex.schema.createTable("session_signals", (t) => {
    t.increments("id").primary();
    t.integer("session_id").notNullable().references("id").inTable("scheduled_sessions").onDelete("CASCADE");
    t.string("from_peer", 32).nullable();
    t.string("to_peer", 32).nullable();
    t.string("kind", 16).notNullable();
    t.text("payload").nullable();
    t.string("created_at", 24).notNullable();
    t.index(["session_id", "id"]);
    t.index(["created_at"]);
  });
  // A plain ADD COLUMN … REFERENCES (knex would rebuild the SQLite table for the foreign key).
  await knex.raw(
    "ALTER TABLE mediation_sessions ADD COLUMN scheduled_session_id integer NULL REFERENCES scheduled_sessions(id)",
  );
  await knex.schema.alterTable("mediation_sessions", (t) => {
    // Who was in the room and when, as the record states it (a snapshot: the paper never changes).
    t.text("online_attendance_json").nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("mediation_sessions", (t) => {
    t.dropColumn("online_attendance_json");
    t.dropColumn("scheduled_session_id");
  });
  await knex.schema.dropTable("session_signals");
  await knex.schema.dropTable("session_participants");
  await knex.schema.dropTable("session_guests");
  await knex.schema.dropTable("scheduled_sessions");
}
