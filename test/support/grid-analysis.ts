import type { Knex } from "knex";

/**
 * Rows for the 研判 and 管控 tests: organisations, users and grid reports written as the grid
 * module writes them (src/grid/), without going through its pages.
 */
const CREATED = "2027-01-01T00:00:00.000Z";

export async function insertOrganisation(
  knex: Knex,
  name: string,
  kind: string,
  region: string,
  prefix: string,
): Promise<number> {
  const [row] = await knex("organisations")
    .insert({
      name,
      kind,
      region_code: region,
      number_prefix: prefix,
      active: true,
      version: 1,
      created_at: CREATED,
      updated_at: CREATED,
    })
    .returning("id");
  return Number(typeof row === "object" ? row.id : row);
}

/** A user with the demo password (the hash of the demo clerk's). */
export async function insertUser(
  knex: Knex,
  username: string,
  name: string,
  organisationId: number,
  role: string,
): Promise<number> {
  const { password_hash } = (await knex("users").where({ username: "clerk" }).first("password_hash")) as {
    password_hash: string;
  };
  const [row] = await knex("users")
    .insert({
      username,
      display_name: name,
      password_hash,
      organisation_id: organisationId,
      active: true,
      version: 1,
      created_at: CREATED,
      updated_at: CREATED,
    })
    .returning("id");
  const id = Number(typeof row === "object" ? row.id : row);
  await knex("user_roles").insert({ user_id: id, role });
  return id;
}

let serial = 0;
/** A grid report row; `at` is a Beijing date-time (2027-06-02T09:00:00). */
export async function insertReport(
  knex: Knex,
  centreId: number,
  over: Record<string, unknown> & { at: string },
): Promise<number> {
  const { at, ...rest } = over;
  const reportedAt = new Date(`${at}+08:00`).toISOString();
  const [row] = await knex("grid_reports")
    .insert({
      version: 1,
      category: "dispute",
      region_code: "430212101201",
      summary: `网格上报 ${++serial}`,
      risk_level: "ordinary",
      threats: false,
      reporter_kind: "grid_worker",
      centre_id: centreId,
      status: "new",
      reported_at: reportedAt,
      updated_at: reportedAt,
      ...rest,
    })
    .returning("id");
  return Number(typeof row === "object" ? row.id : row);
}
