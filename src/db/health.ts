import type { Knex } from "knex";

/** The health check's one question to the database, so the route needs no database handle. */
export class DatabaseHealth {
  constructor(private readonly knex: Knex) {}

  /** Resolves when the database answers a trivial query; rejects when it does not. */
  async ping(): Promise<void> {
    await this.knex.raw("select 1");
  }
}
