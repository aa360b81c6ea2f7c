import type { Knex } from "knex";
import type { Logger } from "pino";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import { CalendarService } from "./calendar/service.js";
import { CaseService } from "./cases/service.js";
import { ConfirmationService } from "./confirmations/service.js";
import { DocumentService } from "./documents/service.js";
import { LedgerImports } from "./ledger/service.js";
import { MediatorService } from "./mediators/service.js";
import { AuthService } from "./people/auth.js";
import { UserService } from "./people/users.js";
import { OrganisationService } from "./places/organisations.js";
import { RegionService } from "./places/regions.js";
import { StatsService } from "./reports/service.js";

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
  documents: DocumentService;
  confirmations: ConfirmationService;
  stats: StatsService;
  mediators: MediatorService;
  calendar: CalendarService;
  ledger: LedgerImports;
}

/** The composition root: every service is built once here and handed to the routes. */
export function createServices(knex: Knex, clock: Clock, config: Config, logger: Logger): Services {
  const regions = new RegionService(knex, clock);
  const organisations = new OrganisationService(knex, clock);
  const cases = new CaseService(knex, clock);
  return {
    config,
    knex,
    clock,
    logger,
    auth: new AuthService(knex, clock, config.apiTokenHours, config.loginRateLimit),
    users: new UserService(knex, clock),
    regions,
    organisations,
    cases,
    documents: new DocumentService(knex, clock, config.publicUrl, cases, organisations, regions),
    confirmations: new ConfirmationService(knex, clock, cases),
    stats: new StatsService(knex, clock),
    mediators: new MediatorService(knex, clock),
    calendar: new CalendarService(knex, clock),
    ledger: new LedgerImports(knex, clock),
  };
}
