import type { Knex } from "knex";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { MessageService } from "../messages/service.js";
import { PortalApplications } from "./applications.js";
import { PartyCases } from "./cases.js";
import { PartySignIn } from "./sign-in.js";
import { StepCodes } from "./step-codes.js";

/** The parties' side (当事人端): sign-in by SMS code and their own cases. */
export interface PortalServices {
  signIn: PartySignIn;
  cases: PartyCases;
  /** 我要调解: a party's own application (applications.ts). */
  applications: PortalApplications;
  /** Fresh SMS codes for a party's step: signing, applying for confirmation (step-codes.ts). */
  stepCodes: StepCodes;
}

export function createPortal(
  knex: Knex,
  clock: Clock,
  config: Config,
  messages: MessageService,
): PortalServices {
  return {
    signIn: new PartySignIn(knex, clock, messages, config.sessionSecret, config.apiTokenHours),
    cases: new PartyCases(knex),
    applications: new PortalApplications(knex, clock),
    stepCodes: new StepCodes(knex, clock, messages, config.sessionSecret),
  };
}
