import type { Knex } from "knex";
import { isPostgres } from "../db/knex.js";

/**
 * The stored web sessions (connect-session-knex's `sessions` table, the session as JSON in `sess`)
 * of one user, found by the user id Passport keeps in them.
 */
export async function deleteWebSessions(db: Knex | Knex.Transaction, userId: number): Promise<number> {
  const q = db("sessions");
  if (isPostgres(db as Knex)) q.whereRaw("(sess::jsonb -> 'passport' ->> 'user') = ?", [String(userId)]);
  else q.whereRaw("json_extract(sess, '$.passport.user') = ?", [userId]);
  return q.delete();
}
