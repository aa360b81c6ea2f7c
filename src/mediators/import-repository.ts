import type { Knex } from "knex";
import {
  findPreview,
  insertPreview,
  markPreviewConfirmed,
  type ImportPreview,
} from "../shared/import-previews.js";
import type { Db, Row } from "./db-helpers.js";
import type { ImportRow } from "./import.js";

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

export const insertImport = (
  db: Db,
  rec: { userId: number; organisationId: number; filename: string; rows: ImportRow[]; now: string },
): Promise<number> => insertPreview(db, "mediator_imports", rec);

export const findImport = (db: Db, id: number): Promise<ImportPreview<ImportRow> | undefined> =>
  findPreview<ImportRow>(db, "mediator_imports", id);

/** Marks a preview confirmed if it still is one at `version`: false when it was confirmed or changed. */
export const markConfirmed = (trx: Knex.Transaction, id: number, version: number, now: string) =>
  markPreviewConfirmed(trx, "mediator_imports", id, version, now);
