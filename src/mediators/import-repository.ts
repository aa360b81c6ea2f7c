import type { Knex } from "knex";
import { insertedId, type Db, type Row } from "./db-helpers.js";

/** Every query and write behind the roster import (import.ts). */

export async function findOrganisation(db: Db, id: number, activeOnly: boolean): Promise<Row | undefined> {
  const q = db("organisations").where({ id });
  if (activeOnly) q.where({ active: true });
  return (await q.first()) as Row | undefined;
}

/** What a roster's cells are checked against: dispute types, places by name, the committee's records. */
export async function checkFacts(
  db: Db,
  organisationId: number,
): Promise<{ types: Row[]; regions: Row[]; existing: Row[] }> {
  const types = (await db("dispute_types").select("code", "name")) as Row[];
  const regions = (await db("regions").select("code", "name")) as Row[];
  const existing = (await db("mediators")
    .where({ organisation_id: organisationId })
    .select("name", "phone")) as Row[];
  return { types, regions, existing };
}

export async function insertImport(db: Db, row: Row): Promise<number> {
  const [inserted] = await db("mediator_imports").insert(row).returning("id");
  return insertedId(inserted);
}

export async function findImport(db: Db, id: number): Promise<Row | undefined> {
  return (await db("mediator_imports as i")
    .join("organisations as o", "o.id", "i.organisation_id")
    .where("i.id", id)
    .select("i.*", "o.name as org_name")
    .first()) as Row | undefined;
}

/** Marks a preview confirmed if it still is one at `version`: false when it was confirmed or changed. */
export async function markConfirmed(
  trx: Knex.Transaction,
  id: number,
  version: number,
  now: string,
): Promise<boolean> {
  const n = await trx("mediator_imports")
    .where({ id, version, status: "preview" })
    .update({ status: "confirmed", confirmed_at: now, version: version + 1 });
  return n === 1;
}
