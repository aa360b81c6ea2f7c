import type { Store } from "express-session";
import type { Knex } from "knex";
import type { Logger } from "pino";
import { AuditService } from "./audit/service.js";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import { CalendarService } from "./calendar/service.js";
import { DisputeTypeService } from "./cases/dispute-types.js";
import { AgreementDraftService } from "./cases/agreement-draft-service.js";
import { CaseService } from "./cases/service.js";
import { ConfirmationService } from "./confirmations/service.js";
import { OnlineConfirmation } from "./online-confirmation/service.js";
import { DatabaseHealth } from "./db/health.js";
import { DocumentService } from "./documents/service.js";
import { LedgerImports } from "./ledger/service.js";
import {
  createMessaging,
  type MessageService,
  type ObligationReminders,
  type OutboxWorker,
} from "./messages/index.js";
import { MediatorAvailability } from "./mediators/availability.js";
import { MediatorImports } from "./mediators/import.js";
import { MatchingService } from "./mediators/matching-service.js";
import { ExpertPools } from "./mediators/pools.js";
import { MediatorRecords } from "./mediators/records.js";
import { insertMediator } from "./mediators/records-writes.js";
import { MediatorTeams } from "./mediators/teams.js";
import { createSessionStore } from "./middleware/session.js";
import { AuthService } from "./people/auth.js";
import { UserService } from "./people/users.js";
import { OrganisationService } from "./places/organisations.js";
import { RegionService } from "./places/regions.js";
import { EvidenceService } from "./evidence/service.js";
import { createPortal, type PortalServices } from "./portal/index.js";
import { PartyCaseService } from "./portal/case-detail.js";
import { RatingService } from "./ratings/service.js";
import { SmsHandwritingProvider } from "./signing/provider.js";
import { AgreementSigning } from "./signing/service.js";
import { PartyConsent } from "./portal/consent.js";
import { StatsService } from "./reports/service.js";
import { GridService } from "./grid/service.js";
import { VideoRooms } from "./video/rooms.js";
import { VideoSchedule } from "./video/schedule.js";
import { AnalysisService } from "./grid-analysis/service.js";
import { WatchService } from "./grid-analysis/watch-service.js";
import { GridCaseSource } from "./grid/case-source.js";

export interface Services {
  config: Config;
  clock: Clock;
  logger: Logger;
  /**
   * Builds the web sessions' store (in the database, so several instances share the sign-ins).
   * A factory, called when a web app is built: the store checks its table on creation, and
   * services are also built for work with no web app (scripts, the copy check) or no table yet.
   */
  sessionStore: () => Store;
  database: DatabaseHealth;
  audit: AuditService;
  auth: AuthService;
  users: UserService;
  regions: RegionService;
  organisations: OrganisationService;
  cases: CaseService;
  /** Written agreements saved unsigned (待签署), before the signed one is recorded. */
  agreementDrafts: AgreementDraftService;
  disputeTypes: DisputeTypeService;
  documents: DocumentService;
  confirmations: ConfirmationService;
  stats: StatsService;
  mediators: MediatorServices;
  calendar: CalendarService;
  ledger: LedgerImports;
  /** The SMS outbox (src/messages/) and the worker that sends it (started by src/server.ts only). */
  messages: MessageService;
  outbox: OutboxWorker;
  /** The daily 履行期限提醒 scan (src/messages/obligation-reminders.ts; started by src/server.ts only). */
  reminders: ObligationReminders;
  /** The parties' side (src/portal/). */
  portal: PortalServices;
  /** Photos and PDFs attached to a case by staff and parties (src/evidence/). */
  evidence: EvidenceService;
  /** One case as a party sees it, and the party's documents (src/portal/case-detail.ts). */
  partyCase: PartyCaseService;
  /** A party's answer to the rights-and-duties notice online (src/portal/consent.ts). */
  partyConsent: PartyConsent;
  /** The parties' joint application for judicial confirmation online (src/online-confirmation/). */
  onlineConfirmation: OnlineConfirmation;
  /** The parties' ratings of concluded cases, 群众评单 (src/ratings/). */
  ratings: RatingService;
  /** 网格上报 and 综治中心分流: reports, dispatch, replies, ratings (src/grid/). */
  grid: GridService;
  /** Agreements signed on the phone and the committees' seal images (src/signing/). */
  signing: AgreementSigning;
  /** 视频调解: scheduled sessions and their video rooms (src/video/). */
  video: { rooms: VideoRooms; schedule: VideoSchedule };
  /** 研判: hot spots, repeats, overdue work orders, the grid's figures (src/grid-analysis/). */
  analysis: AnalysisService;
  /** 管控: the centres' watch lists of high-risk disputes (src/grid-analysis/). */
  watch: WatchService;
  /** A case's grid report, for the case page's 来源 line (src/grid/case-source.ts). */
  gridCaseSource: GridCaseSource;
}

/** Mediators by concern (src/mediators/README.md): each a service of its own. */
export interface MediatorServices {
  records: MediatorRecords;
  availability: MediatorAvailability;
  pools: ExpertPools;
  teams: MediatorTeams;
  imports: MediatorImports;
  matching: MatchingService;
}

/** The composition root: every service is built once here and handed to the routes. */
export function createServices(knex: Knex, clock: Clock, config: Config, logger: Logger): Services {
  const regions = new RegionService(knex, clock);
  const organisations = new OrganisationService(knex, clock);
  const { messages, outbox, reminders } = createMessaging(knex, clock, config, logger);
  const cases = new CaseService(knex, clock, messages, config.publicUrl);
  const grid = new GridService(knex, clock, messages);
  // A case created from a grid report reports back to it when it concludes (src/cases/concluded.ts).
  cases.onConcluded((trx, concluded) => grid.caseConcluded(trx, concluded));
  const videoSchedule = new VideoSchedule(knex, clock);
  // Sessions still scheduled when mediation ends (agreement, termination …) are called off with it.
  cases.onConcluded((trx, concluded) => videoSchedule.caseConcluded(trx, concluded));
  const agreementDrafts = new AgreementDraftService(knex, clock, cases);
  const records = new MediatorRecords(knex, clock);
  const mediators: MediatorServices = {
    records,
    availability: new MediatorAvailability(knex, clock, records),
    pools: new ExpertPools(knex, clock),
    teams: new MediatorTeams(knex, clock),
    // An imported row is written as a record registered by hand is.
    imports: new MediatorImports(knex, clock, insertMediator),
    matching: new MatchingService(knex, clock),
  };
  const documents = new DocumentService(
    knex,
    clock,
    config.publicUrl,
    cases,
    organisations,
    regions,
    agreementDrafts,
  );
  const portal = createPortal(knex, clock, config, messages);
  return {
    config,
    clock,
    logger,
    sessionStore: () => createSessionStore(knex, config),
    database: new DatabaseHealth(knex),
    audit: new AuditService(knex),
    auth: new AuthService(knex, clock, config.apiTokenHours, config.loginRateLimit),
    users: new UserService(knex, clock),
    regions,
    organisations,
    cases,
    agreementDrafts,
    disputeTypes: new DisputeTypeService(knex),
    documents,
    confirmations: new ConfirmationService(knex, clock, cases, messages),
    stats: new StatsService(knex, clock),
    mediators,
    calendar: new CalendarService(knex, clock),
    ledger: new LedgerImports(knex, clock),
    messages,
    outbox,
    reminders,
    portal,
    evidence: new EvidenceService(knex, clock),
    partyCase: new PartyCaseService(knex, clock, documents, organisations),
    partyConsent: new PartyConsent(knex, clock),
    onlineConfirmation: new OnlineConfirmation(knex, clock, portal.stepCodes),
    ratings: new RatingService(knex, clock),
    grid,
    signing: new AgreementSigning(knex, clock, new SmsHandwritingProvider(portal.stepCodes)),
    video: {
      rooms: new VideoRooms(
        knex,
        clock,
        config.video,
        cases,
        new PartyCaseService(knex, clock, documents, organisations),
      ),
      schedule: videoSchedule,
    },
    analysis: new AnalysisService(knex, clock),
    watch: new WatchService(knex, clock),
    gridCaseSource: new GridCaseSource(knex),
  };
}
