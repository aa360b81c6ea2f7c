import type { VideoSchedule } from "../../src/video/schedule.js";
import { createHmac } from "node:crypto";
import type { Express } from "express";
import session, { type SessionData } from "express-session";
import knex from "knex";
import request from "supertest";
import { vi, type Mock } from "vitest";
import { createApp } from "../../src/app.js";
import type { CalendarService } from "../../src/calendar/service.js";
import type { AgreementDraftService } from "../../src/cases/agreement-draft-service.js";
import type { CaseService } from "../../src/cases/service.js";
import type { EvidenceService } from "../../src/evidence/service.js";
import { loadConfig, type Config } from "../../src/config.js";
import type { LedgerImports } from "../../src/ledger/service.js";
import { createLogger } from "../../src/logger.js";
import type { MatchingService } from "../../src/mediators/matching-service.js";
import { IDLE_TIMEOUT_MS } from "../../src/middleware/session.js";
import type { RatingService } from "../../src/ratings/service.js";
import type { AuthService } from "../../src/people/auth.js";
import type { SessionUser } from "../../src/people/scope.js";
import type { Services } from "../../src/services.js";
import type { AnalysisService } from "../../src/grid-analysis/service.js";
import type { WatchService } from "../../src/grid-analysis/watch-service.js";
import { CLOCK, caseDetail, sessionUser } from "./route-fixtures.js";

/**
 * Route tests in the way of hmpps-template-typescript's `appSetup.ts`: the real app (every
 * middleware, the real Handlebars views) around fake services, no database. The user is signed
 * in the way production signs one in: a session in the store that holds Passport's user id, a
 * cookie signed with the session secret, and `auth.sessionUser` (a fake here) turning the id into
 * the user. Nothing in src/ knows about tests.
 */

/** What the routes under test call; each a `vi.fn`, so a test can change its answer or read its calls. */
export interface FakeServices {
  auth: { sessionUser: Mock<AuthService["sessionUser"]> };
  calendar: { refreshIfStale: Mock<CalendarService["refreshIfStale"]> };
  cases: { get: Mock<CaseService["get"]>; explain: Mock<CaseService["explain"]> };
  agreementDrafts: { of: Mock<AgreementDraftService["of"]> };
  ratings: { forCase: Mock<RatingService["forCase"]> };
  video: {
    schedule: { forCase: Mock<VideoSchedule["forCase"]>; forMediator: Mock<VideoSchedule["forMediator"]> };
  };
  watch: { overdueCount: Mock<WatchService["overdueCount"]> };
  analysis: { deskFigures: Mock<AnalysisService["deskFigures"]> };
  ledger: { note: Mock<LedgerImports["note"]> };
  evidence: { list: Mock<EvidenceService["list"]> };
  mediators: {
    matching: {
      panel: Mock<MatchingService["panel"]>;
      roster: Mock<MatchingService["roster"]>;
      matchesFor: Mock<MatchingService["matchesFor"]>;
    };
  };
}

export type MatchPanel = NonNullable<Awaited<ReturnType<MatchingService["panel"]>>>;

export interface RouteTestApp {
  app: Express;
  fakes: FakeServices;
  /** A supertest request carrying the signed-in user's session cookie. */
  get(path: string): request.Test;
  /** How many database clients were created since the app was built: none in a route test. */
  databasesOpened(): number;
}

/**
 * The real app around fakes, with `user` signed in (a director of the committee by default).
 * A service the routes reach for and the test did not fake fails loudly, naming it.
 */
export async function appWithFakes(
  options: { user?: SessionUser; fakes?: (fakes: FakeServices) => void } = {},
): Promise<RouteTestApp> {
  // Every knex client (SQLite, PostgreSQL, in src/ or a library) initialises its driver on creation.
  const opened = vi.spyOn(knex.Client.prototype, "initializeDriver");
  const user = options.user ?? sessionUser(["director"]);
  const fakes: FakeServices = {
    auth: { sessionUser: vi.fn(async (id: number) => (id === user.id ? user : null)) },
    calendar: { refreshIfStale: vi.fn(async () => {}) },
    cases: {
      get: vi.fn(async () => caseDetail()),
      explain: vi.fn(() => ({ status: 409, message: "（假服务）不能执行此操作" })),
    },
    ledger: { note: vi.fn(async () => null) },
    evidence: { list: vi.fn(async () => []) },
    agreementDrafts: { of: vi.fn(async () => null) },
    ratings: { forCase: vi.fn(async () => []) },
    video: { schedule: { forCase: vi.fn(async () => []), forMediator: vi.fn(async () => []) } },
    watch: { overdueCount: vi.fn(async () => null) },
    analysis: { deskFigures: vi.fn(async () => null) },
    mediators: {
      matching: {
        panel: vi.fn(async () => null),
        roster: vi.fn(async () => []),
        matchesFor: vi.fn(async (kase) => ({
          caseId: kase.id,
          caseNumber: kase.number,
          dates: [],
          languages: [],
          results: [],
          ranked: 0,
          excluded: 0,
          teams: [],
        })),
      },
    },
  };
  options.fakes?.(fakes);

  const config: Config = loadConfig({ NODE_ENV: "test" });
  const store = new session.MemoryStore();
  const sid = "route-test-session";
  const data = {
    cookie: { originalMaxAge: IDLE_TIMEOUT_MS, expires: new Date(Date.now() + IDLE_TIMEOUT_MS), path: "/" },
    passport: { user: user.id },
    loginAt: Date.now(),
  };
  await new Promise<void>((resolve, reject) =>
    store.set(sid, data as unknown as SessionData, (err?: unknown) => (err ? reject(err) : resolve())),
  );
  const services = strict<Services>(
    {
      config,
      clock: CLOCK,
      logger: createLogger("silent"),
      sessionStore: () => store,
      ...fakes,
    },
    "services",
    ["config", "clock", "logger", "sessionStore"],
  );
  const app = createApp(services);
  const cookie = `fengqiao.sid=${encodeURIComponent(`s:${signed(sid, config.sessionSecret)}`)}`;
  return {
    app,
    fakes,
    get: (path) => request(app).get(path).set("Cookie", cookie),
    databasesOpened: () => opened.mock.calls.length,
  };
}

/** express-session's signed cookie value (cookie-signature's format: value.HMAC-SHA256 in base64, unpadded). */
function signed(value: string, secret: string): string {
  return `${value}.${createHmac("sha256", secret).update(value).digest("base64").replace(/=+$/, "")}`;
}

/**
 * The fakes as `Services`. The real services are classes with private members, so a fake can
 * never be one structurally: the cast is made here, once. Members not faked answer with a
 * function that throws when called, so a route that needs more says which.
 */
function strict<T>(target: object, path: string, plain: string[] = []): T {
  return new Proxy(target, {
    get(obj, key) {
      if (typeof key === "symbol") return Reflect.get(obj, key);
      const here = `${path}.${key}`;
      if (!(key in obj)) return notFaked(here);
      const value: unknown = Reflect.get(obj, key);
      const isFake = value !== null && typeof value === "object" && !plain.includes(key);
      return isFake ? strict(value, here) : value;
    },
  }) as T;
}

function notFaked(path: string): unknown {
  return new Proxy(() => {}, {
    apply() {
      throw new Error(`${path}() is not faked in this route test (test/support/app-setup.ts)`);
    },
    get: (_fn, key) => (typeof key === "symbol" ? undefined : notFaked(`${path}.${key}`)),
  });
}
