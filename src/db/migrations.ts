import type { Knex } from "knex";
import * as createRegions from "../../migrations/20261123000100_create-regions.js";
import * as createOrganisations from "../../migrations/20261123000200_create-organisations.js";
import * as createUsersAndRoles from "../../migrations/20261123000300_create-users-and-roles.js";
import * as createSessions from "../../migrations/20261123000400_create-sessions.js";
import * as createApiTokens from "../../migrations/20261123000500_create-api-tokens.js";
import * as createAuditEvents from "../../migrations/20261123000600_create-audit-events.js";
import * as createDisputeTypes from "../../migrations/20261123000700_create-dispute-types.js";
import * as createMediators from "../../migrations/20261123010100_create-mediators.js";
import * as createCases from "../../migrations/20261123010200_create-cases.js";
import * as createParties from "../../migrations/20261123010300_create-parties.js";
import * as createCaseNumbering from "../../migrations/20261123010400_create-case-numbering.js";
import * as createIdempotencyKeys from "../../migrations/20261123010500_create-idempotency-keys.js";
import * as createCaseAssignments from "../../migrations/20261123010600_create-case-assignments.js";
import * as createMediationSessions from "../../migrations/20261123010700_create-mediation-sessions.js";
import * as createAgreements from "../../migrations/20261123010800_create-agreements.js";
import * as createConfirmations from "../../migrations/20261123010900_create-confirmations.js";
import * as createFollowUps from "../../migrations/20261123011000_create-follow-ups.js";
import * as createCaseEvents from "../../migrations/20261123011100_create-case-events.js";
import * as createDocumentIssues from "../../migrations/20261123030100_create-document-issues.js";
import * as confirmationWithdrawal from "../../migrations/20261130110000_confirmation-withdrawal.js";
import * as extendConfirmations from "../../migrations/20261123031000_extend-confirmations.js";
import * as addEscalationFlagsToCases from "../../migrations/20261123040100_add-escalation-flags-to-cases.js";
import * as createStatsTables from "../../migrations/20261123040200_create-stats-tables.js";
import * as createStatsTriggers from "../../migrations/20261123040300_create-stats-triggers.js";
import * as extendMediators from "../../migrations/20261123020100_extend-mediators.js";
import * as createMediatorSpecialties from "../../migrations/20261123020200_create-mediator-specialties.js";
import * as createMediatorMemberships from "../../migrations/20261123020300_create-mediator-memberships.js";
import * as createMediatorUnavailability from "../../migrations/20261123020400_create-mediator-unavailability.js";
import * as createMediatorRelations from "../../migrations/20261123020500_create-mediator-relations.js";
import * as createExpertPools from "../../migrations/20261123020600_create-expert-pools.js";
import * as createMediatorTeams from "../../migrations/20261123020700_create-mediator-teams.js";
import * as createMediatorObjections from "../../migrations/20261123020800_create-mediator-objections.js";
import * as createMediatorImports from "../../migrations/20261123020900_create-mediator-imports.js";
import * as addMatchingIndexes from "../../migrations/20261123021000_add-matching-indexes.js";
import * as addCaseListIndexes from "../../migrations/20261123050100_add-case-list-indexes.js";
import * as createCaseSearch from "../../migrations/20261123060100_create-case-search.js";
import * as createStatsYearly from "../../migrations/20261123060200_create-stats-yearly.js";
import * as addSessionMediators from "../../migrations/20261130120000_session-mediators-representative-title.js";
import * as addLedgerBackfill from "../../migrations/20261130150000_add-ledger-backfill.js";
import * as createHolidayNotices from "../../migrations/20261130100000_create-holiday-notices.js";
import * as addLoginFailures from "../../migrations/20261130130000_login-failures.js";
import * as createCaseInterventions from "../../migrations/20261130160000_create-case-interventions.js";
import * as createAgreementDrafts from "../../migrations/20261201010000_create-agreement-drafts.js";
import * as createMessageOutbox from "../../migrations/20261201030000_create-message-outbox.js";
import * as createPartySignIn from "../../migrations/20261201030100_create-party-sign-in.js";
import * as createEvidence from "../../migrations/20261201050500_create-evidence.js";
import * as createCaseRatings from "../../migrations/20261201060000_create-case-ratings.js";
import * as addRatingMeasures from "../../migrations/20261201060100_add-rating-measures.js";
import * as addCaseChannelTracking from "../../migrations/20261201040000_add-case-channel-tracking.js";
import * as caseCreatorOptional from "../../migrations/20261201040100_case-creator-optional.js";
import * as addPartyConsentOnline from "../../migrations/20261201050000_party-consent-online.js";
import * as outboxDedupeKey from "../../migrations/20261201070000_outbox-dedupe-key.js";
import * as createVideoSessions from "../../migrations/20261201100000_create-video-sessions.js";
import * as createPartyStepCodes from "../../migrations/20261201120000_create-party-step-codes.js";
import * as createOnlineConfirmation from "../../migrations/20261201120100_create-online-confirmation.js";
import * as createMediatorTallies from "../../migrations/20261201140000_create-mediator-tallies.js";
import * as caseListCoveringIndexes from "../../migrations/20261201160000_case-list-covering-indexes.js";
import * as caseSearchCommittee from "../../migrations/20261201170000_case-search-committee.js";
import * as createGridReports from "../../migrations/20261201080000_create-grid-reports.js";
import * as linkCasesToGridReports from "../../migrations/20261201080100_link-cases-to-grid-reports.js";
import * as createWatchList from "../../migrations/20261201090000_create-watch-list.js";
import * as createESignatures from "../../migrations/20261201110000_create-e-signatures.js";

type Migration = { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> };

/**
 * Migrations are listed explicitly (in order) rather than discovered on disk, so the same code
 * runs under tsx, in tests and from any working directory. Append new migrations; never edit one
 * that has been merged.
 */
const MIGRATIONS: [string, Migration][] = [
  ["20261123000100_create-regions", createRegions],
  ["20261123000200_create-organisations", createOrganisations],
  ["20261123000300_create-users-and-roles", createUsersAndRoles],
  ["20261123000400_create-sessions", createSessions],
  ["20261123000500_create-api-tokens", createApiTokens],
  ["20261123000600_create-audit-events", createAuditEvents],
  ["20261123000700_create-dispute-types", createDisputeTypes],
  ["20261123010100_create-mediators", createMediators],
  ["20261123010200_create-cases", createCases],
  ["20261123010300_create-parties", createParties],
  ["20261123010400_create-case-numbering", createCaseNumbering],
  ["20261123010500_create-idempotency-keys", createIdempotencyKeys],
  ["20261123010600_create-case-assignments", createCaseAssignments],
  ["20261123010700_create-mediation-sessions", createMediationSessions],
  ["20261123010800_create-agreements", createAgreements],
  ["20261123010900_create-confirmations", createConfirmations],
  ["20261123011000_create-follow-ups", createFollowUps],
  ["20261123011100_create-case-events", createCaseEvents],
  ["20261123030100_create-document-issues", createDocumentIssues],
  ["20261123031000_extend-confirmations", extendConfirmations],
  ["20261123040100_add-escalation-flags-to-cases", addEscalationFlagsToCases],
  ["20261123040200_create-stats-tables", createStatsTables],
  ["20261123040300_create-stats-triggers", createStatsTriggers],
  ["20261123020100_extend-mediators", extendMediators],
  ["20261123020200_create-mediator-specialties", createMediatorSpecialties],
  ["20261123020300_create-mediator-memberships", createMediatorMemberships],
  ["20261123020400_create-mediator-unavailability", createMediatorUnavailability],
  ["20261123020500_create-mediator-relations", createMediatorRelations],
  ["20261123020600_create-expert-pools", createExpertPools],
  ["20261123020700_create-mediator-teams", createMediatorTeams],
  ["20261123020800_create-mediator-objections", createMediatorObjections],
  ["20261123020900_create-mediator-imports", createMediatorImports],
  ["20261123021000_add-matching-indexes", addMatchingIndexes],
  ["20261123050100_add-case-list-indexes", addCaseListIndexes],
  ["20261123060100_create-case-search", createCaseSearch],
  ["20261123060200_create-stats-yearly", createStatsYearly],
  ["20261130120000_session-mediators-representative-title", addSessionMediators],
  ["20261130130000_login-failures", addLoginFailures],
  ["20261130150000_add-ledger-backfill", addLedgerBackfill],
  ["20261130100000_create-holiday-notices", createHolidayNotices],
  ["20261130110000_confirmation-withdrawal", confirmationWithdrawal],
  ["20261130160000_create-case-interventions", createCaseInterventions],
  ["20261201010000_create-agreement-drafts", createAgreementDrafts],
  ["20261201030000_create-message-outbox", createMessageOutbox],
  ["20261201030100_create-party-sign-in", createPartySignIn],
  ["20261201050500_create-evidence", createEvidence],
  ["20261201060000_create-case-ratings", createCaseRatings],
  ["20261201060100_add-rating-measures", addRatingMeasures],
  ["20261201040000_add-case-channel-tracking", addCaseChannelTracking],
  ["20261201040100_case-creator-optional", caseCreatorOptional],
  ["20261201050000_party-consent-online", addPartyConsentOnline],
  ["20261201070000_outbox-dedupe-key", outboxDedupeKey],
  ["20261201100000_create-video-sessions", createVideoSessions],
  ["20261201120000_create-party-step-codes", createPartyStepCodes],
  ["20261201120100_create-online-confirmation", createOnlineConfirmation],
  ["20261201080000_create-grid-reports", createGridReports],
  ["20261201080100_link-cases-to-grid-reports", linkCasesToGridReports],
  ["20261201090000_create-watch-list", createWatchList],
  ["20261201110000_create-e-signatures", createESignatures],
  ["20261201140000_create-mediator-tallies", createMediatorTallies],
  ["20261201160000_case-list-covering-indexes", caseListCoveringIndexes],
  ["20261201170000_case-search-committee", caseSearchCommittee],
];

const source: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(MIGRATIONS.map(([name]) => name)),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const found = MIGRATIONS.find(([n]) => n === name);
    if (!found) throw new Error(`unknown migration ${name}`);
    return Promise.resolve(found[1]);
  },
};

export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource: source })) as [number, string[]];
  return applied;
}
