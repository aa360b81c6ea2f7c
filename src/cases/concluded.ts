import type { Knex } from "knex";
import type { Status } from "./lifecycle.js";

/**
 * The statuses in which a committee's work on a case is over: an agreement took effect, mediation
 * was terminated, the application was declined, the dispute was resolved on the spot or the case
 * closed. A case entering one of them from an open status is "concluded" for those who wait on it.
 */
export const CONCLUDED_STATUSES: readonly Status[] = [
  "agreement",
  "awaiting_confirmation",
  "confirmed",
  "performed",
  "terminated",
  "declined",
  "closed",
];

export interface ConcludedCase {
  caseId: number;
  number: string;
  status: Status;
  /** The concluding action's line on the case's timeline. */
  summary: string;
  at: string;
  actorUserId: number;
}

/**
 * Called inside the concluding action's transaction (a throw undoes the action): how other modules
 * (the grid reports, src/grid/) hear of a case's conclusion without the cases module importing them.
 */
export type ConcludedListener = (trx: Knex.Transaction, concluded: ConcludedCase) => Promise<void>;

export function concludes(from: Status, to: Status): boolean {
  return to !== from && CONCLUDED_STATUSES.includes(to) && !CONCLUDED_STATUSES.includes(from);
}
