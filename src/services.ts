import type { Knex } from "knex";
import type { Logger } from "pino";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import { CaseService } from "./cases/service.js";
import { AuthService } from "./people/auth.js";
import { UserService } from "./people/users.js";
import { OrganisationService } from "./places/organisations.js";
import { RegionService } from "./places/regions.js";

export interface Services {
  config: Config;
  knex: Knex;
  clock: Clock;
  logger: Logger;
  auth: AuthService;
  users: UserService;
  regions: RegionService;
  organisations: OrganisationService;
  cases: CaseService;
}

/** The composition root: every service is built once here and handed to the routes. */
export function createServices(knex: Knex, clock: Clock, config: Config, logger: Logger): Services {
  return {
    config,
    knex,
    clock,
    logger,
    auth: new AuthService(knex, clock, config.apiTokenHours),
    users: new UserService(knex, clock),
    regions: new RegionService(knex, clock),
    organisations: new OrganisationService(knex, clock),
    cases: new CaseService(knex, clock),
  };
}
