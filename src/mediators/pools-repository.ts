import type { Knex } from "knex";
import { hasRole, type SessionUser } from "../people/scope.js";
import { userArea, whereVisibleMediator } from "./access.js";
import { insertedId, type Db, type Row } from "./db-helpers.js";

/** Every query and write behind the expert pools (pools.ts), inside the caller's transaction when given one. */

/** The pools the user may see (those of their area and those covering it), by place. */
export function poolRows(db: Db, user: SessionUser): Knex.QueryBuilder {
  const q = db("expert_pools as p")
    .join("organisations as o", "o.id", "p.organisation_id")
    .join("regions as r", "r.code", "p.region_code")
    .select("p.*", "o.name as org_name", "r.name as region_name")
    .orderBy("p.region_code")
    .orderBy("p.id");
  if (!hasRole(user, "admin")) {
    const { prefix, covering } = userArea(user);
    q.where((w) => w.where("p.region_code", "like", `${prefix}%`).orWhereIn("p.region_code", covering));
  }
  return q;
}

/** The pools' batches and appointed experts, and (for a pool's own page) the experts' specialties. */
export async function poolFacts(
  db: Db,
  poolIds: number[],
  withSpecialties: boolean,
): Promise<{ batches: Row[]; members: Row[]; specialties: Row[] }> {
  const batches = (await db("expert_pool_batches").whereIn("pool_id", poolIds).orderBy("seq")) as Row[];
  const members = (await db("expert_pool_members as pm")
    .join("mediators as m", "m.id", "pm.mediator_id")
    .whereIn(
      "pm.batch_id",
      batches.map((b) => Number(b.id)),
    )
    .orderBy("m.id")
    .select("pm.batch_id", "m.id", "m.name", "m.kind", "m.title")) as Row[];
  const specialties = withSpecialties
    ? ((await db("mediator_specialties as s")
        .join("dispute_types as t", "t.code", "s.type_code")
        .whereIn("s.mediator_id", [...new Set(members.map((m) => Number(m.id)))])
        .orderBy("t.sort_order")
        .select("s.mediator_id", "t.name")) as Row[])
    : [];
  return { batches, members, specialties };
}

/** Active justice bureaus at county level and above; only the user's own unless an admin. */
export async function bureauRows(db: Db, user: SessionUser): Promise<Row[]> {
  const q = db("organisations as o")
    .join("regions as r", "r.code", "o.region_code")
    .where("o.kind", "justice_bureau")
    .where("o.active", true)
    .whereIn("r.level", ["county", "city", "province"])
    .orderBy("o.id")
    .select("o.id", "o.name");
  if (!hasRole(user, "admin")) q.where("o.id", user.organisation.id);
  return (await q) as Row[];
}

/** An organisation with the level of the region it sits in. */
export async function findOrganisationWithLevel(db: Db, id: number): Promise<Row | undefined> {
  return (await db("organisations as o")
    .join("regions as r", "r.code", "o.region_code")
    .where("o.id", id)
    .select("o.*", "r.level as region_level")
    .first()) as Row | undefined;
}

/** Pool names are unique across the country: the same expert may sit in several. */
export async function poolNameTaken(db: Db, name: string, exceptId?: number): Promise<boolean> {
  const q = db("expert_pools").where({ name });
  if (exceptId !== undefined) q.whereNot({ id: exceptId });
  return !!(await q.first());
}

export async function insertPool(trx: Knex.Transaction, row: Row): Promise<number> {
  const [inserted] = await trx("expert_pools").insert(row).returning("id");
  return insertedId(inserted);
}

/** Renames a pool still at `version`: false when someone saved it first. */
export async function renamePool(
  trx: Knex.Transaction,
  id: number,
  version: number,
  name: string,
  now: string,
): Promise<boolean> {
  const n = await trx("expert_pools")
    .where({ id, version })
    .update({ name, version: version + 1, updated_at: now });
  return n === 1;
}

export async function nextBatchSeq(trx: Knex.Transaction, poolId: number): Promise<number> {
  const last = await trx("expert_pool_batches").where({ pool_id: poolId }).max({ seq: "seq" }).first();
  return Number(last?.seq ?? 0) + 1;
}

export async function insertBatch(trx: Knex.Transaction, row: Row): Promise<number> {
  const [inserted] = await trx("expert_pool_batches").insert(row).returning("id");
  return insertedId(inserted);
}

/** Active mediators the user can see and not yet in the batch, experts first (at most 500). */
export async function appointableRows(db: Db, user: SessionUser, batchId: number): Promise<Row[]> {
  return (await whereVisibleMediator(
    db("mediators as m")
      .join("organisations as o", "o.id", "m.organisation_id")
      .where("m.active", true)
      .whereNotIn("m.id", db("expert_pool_members").select("mediator_id").where("batch_id", batchId))
      .select("m.id", "m.name", "m.kind", "m.title", "o.name as org_name"),
    db,
    user,
  )
    .orderByRaw("case when m.kind = 'expert' then 0 else 1 end")
    .orderBy("m.id")
    .limit(500)) as Row[];
}

export async function insertMembers(
  trx: Knex.Transaction,
  batchId: number,
  mediatorIds: number[],
  now: string,
): Promise<void> {
  await trx("expert_pool_members").insert(
    mediatorIds.map((mediator_id) => ({ batch_id: batchId, mediator_id, created_at: now })),
  );
}

/** Takes an expert out of a batch: false when they were not in it. */
export async function deleteMember(
  trx: Knex.Transaction,
  batchId: number,
  mediatorId: number,
): Promise<boolean> {
  return (
    (await trx("expert_pool_members").where({ batch_id: batchId, mediator_id: mediatorId }).delete()) === 1
  );
}
