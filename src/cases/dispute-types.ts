import type { Knex } from "knex";

export interface DisputeType {
  code: string;
  name: string;
}

/** Dispute types are reference data (a table), in the Ministry of Justice's statistical order. */
export async function listDisputeTypes(knex: Knex): Promise<DisputeType[]> {
  const rows = await knex("dispute_types").where({ active: true }).orderBy("sort_order");
  return rows.map((r: { code: string; name: string }) => ({ code: r.code, name: r.name }));
}

/** The reference list as a service, so pages and the API read it without a database handle. */
export class DisputeTypeService {
  constructor(private readonly knex: Knex) {}

  list(): Promise<DisputeType[]> {
    return listDisputeTypes(this.knex);
  }
}
