import type { Knex } from "knex";
import { recordAudit } from "../audit/audit.js";
import { ValidationError } from "../errors.js";
import { COMMITTEE_KINDS } from "../places/kinds.js";
import type { Kept } from "./access.js";
import { insertedId, type Row } from "./db-helpers.js";
import type { MediatorInput } from "./schemas.js";

/**
 * Writing mediator records and what their keepers declare (absences, ties), inside the caller's
 * transaction (a new record writes its audit event here: the import shares it).
 */

/** Checks references a record makes: its organisation (kept by the user), places, types, other committees. */
export async function checkReferences(
  trx: Knex.Transaction,
  data: MediatorInput,
  mayKeep: (org: Kept) => boolean,
): Promise<Row> {
  const errors: { field: string; message: string }[] = [];
  const org = (await trx("organisations").where({ id: data.organisationId, active: true }).first()) as
    Row | undefined;
  if (!org) errors.push({ field: "organisationId", message: "所属调解组织不存在" });
  else if (!mayKeep({ organisationId: Number(org.id), organisationRegionCode: String(org.region_code) })) {
    errors.push({ field: "organisationId", message: `您不能管理${String(org.name)}的调解员` });
  }
  if (data.homeRegionCode && !(await trx("regions").where({ code: data.homeRegionCode }).first())) {
    errors.push({ field: "homeRegionCode", message: "居住地（区划代码）不存在" });
  }
  if (data.specialties.length) {
    const known = new Set(
      (await trx("dispute_types").whereIn("code", data.specialties).select("code")).map((r: Row) =>
        String(r.code),
      ),
    );
    const unknown = data.specialties.filter((s) => !known.has(s));
    if (unknown.length)
      errors.push({ field: "specialties", message: `纠纷类型不存在：${unknown.join("、")}` });
  }
  const others = data.otherOrganisationIds.filter((id) => id !== data.organisationId);
  if (others.length) {
    const found = await trx("organisations")
      .whereIn("id", others)
      .whereIn("kind", COMMITTEE_KINDS)
      .select("id");
    if (found.length !== new Set(others).size) {
      errors.push({
        field: "otherOrganisationIds",
        message: "兼任的调解组织须是在用的人民调解委员会或调解工作室",
      });
    }
  }
  if (errors.length) throw new ValidationError(errors);
  return org!;
}

function columns(data: MediatorInput, today: string) {
  return {
    name: data.name,
    kind: data.kind,
    five_elders_kind: data.kind === "five_elders" ? (data.fiveEldersKind ?? null) : null,
    title: data.title,
    gender: data.gender ?? null,
    birth_year: data.birthYear ?? null,
    ethnicity: data.ethnicity,
    languages_json: JSON.stringify(data.languages),
    phone: data.phone ?? null,
    home_region_code: data.homeRegionCode ?? null,
    organisation_id: data.organisationId,
    certifications_json: JSON.stringify(data.certifications),
    since_year: data.sinceYear ?? null,
    capacity: data.capacity,
    active: data.active,
    retired_on: data.active ? null : (data.retiredOn ?? today),
    notes: data.notes,
  };
}

async function writeLists(trx: Knex.Transaction, id: number, data: MediatorInput): Promise<void> {
  await trx("mediator_specialties").where({ mediator_id: id }).delete();
  const specialties = [...new Set(data.specialties)];
  if (specialties.length) {
    await trx("mediator_specialties").insert(
      specialties.map((type_code) => ({ mediator_id: id, type_code })),
    );
  }
  await trx("mediator_memberships").where({ mediator_id: id }).delete();
  const others = [...new Set(data.otherOrganisationIds)].filter((o) => o !== data.organisationId);
  if (others.length) {
    await trx("mediator_memberships").insert(
      others.map((organisation_id) => ({ mediator_id: id, organisation_id })),
    );
  }
}

/** Inserts one record (shared with the import); the caller has checked its references. */
export async function insertMediator(
  trx: Knex.Transaction,
  actorId: number,
  data: MediatorInput,
  now: string,
): Promise<number> {
  const [row] = await trx("mediators")
    .insert({ ...columns(data, now.slice(0, 10)), version: 1, created_at: now, updated_at: now })
    .returning("id");
  const id = insertedId(row);
  await writeLists(trx, id, data);
  await recordAudit(trx, {
    actorUserId: actorId,
    action: "mediator.create",
    entityType: "mediator",
    entityId: id,
    after: {
      name: data.name,
      kind: data.kind,
      organisationId: data.organisationId,
      specialties: data.specialties,
    },
    at: now,
  });
  return id;
}

/** Updates a record if it is still at `version`: false when someone saved it first. */
export async function updateMediator(
  trx: Knex.Transaction,
  id: number,
  data: MediatorInput & { version: number },
  today: string,
  now: string,
): Promise<boolean> {
  const n = await trx("mediators")
    .where({ id, version: data.version })
    .update({ ...columns(data, today), version: data.version + 1, updated_at: now });
  if (n !== 1) return false;
  await writeLists(trx, id, data);
  return true;
}

export async function insertUnavailability(
  trx: Knex.Transaction,
  row: { mediatorId: number; fromOn: string; toOn: string; reason: string; note: string | null },
  by: number,
  now: string,
): Promise<number> {
  const [inserted] = await trx("mediator_unavailability")
    .insert({
      mediator_id: row.mediatorId,
      from_on: row.fromOn,
      to_on: row.toOn,
      reason: row.reason,
      note: row.note,
      created_by: by,
      created_at: now,
    })
    .returning("id");
  return insertedId(inserted);
}

/** Deletes one absence of the mediator and returns it (undefined when there is none). */
export async function deleteUnavailability(
  trx: Knex.Transaction,
  mediatorId: number,
  periodId: number,
): Promise<Row | undefined> {
  const row = (await trx("mediator_unavailability")
    .where({ id: periodId, mediator_id: mediatorId })
    .first()) as Row | undefined;
  if (row) await trx("mediator_unavailability").where({ id: periodId }).delete();
  return row;
}

export async function insertRelation(
  trx: Knex.Transaction,
  row: {
    mediatorId: number;
    kind: string;
    personName: string;
    idNumber?: string | null;
    phone?: string | null;
    note: string | null;
  },
  by: number,
  now: string,
): Promise<void> {
  await trx("mediator_relations").insert({
    mediator_id: row.mediatorId,
    kind: row.kind,
    person_name: row.personName,
    id_number: row.idNumber ?? null,
    phone: row.phone ?? null,
    note: row.note,
    created_by: by,
    created_at: now,
  });
}

/** Deletes one declared tie of the mediator and returns it (undefined when there is none). */
export async function deleteRelation(
  trx: Knex.Transaction,
  mediatorId: number,
  relationId: number,
): Promise<Row | undefined> {
  const row = (await trx("mediator_relations").where({ id: relationId, mediator_id: mediatorId }).first()) as
    Row | undefined;
  if (row) await trx("mediator_relations").where({ id: relationId }).delete();
  return row;
}
