import type { CaseDetail } from "../../src/cases/service.js";
import type { Clock } from "../../src/clock.js";
import type { MatchResult } from "../../src/mediators/match-types.js";
import type { SessionUser } from "../../src/people/scope.js";

/** What the route tests' fake services answer with (test/support/app-setup.ts): typed, so they stay whole. */

export const ORGANISATION: SessionUser["organisation"] = {
  id: 1,
  name: "北洲村人民调解委员会",
  kind: "village_committee",
  regionCode: "430212101201",
  regionLevel: "village",
};

export function sessionUser(roles: SessionUser["roles"], id = 11): SessionUser {
  return { id, username: `user${id}`, displayName: "李主任", roles, organisation: ORGANISATION };
}

/** 10:00 Beijing time on 2026-09-10. */
export const CLOCK: Clock = { now: () => new Date("2026-09-10T02:00:00.000Z") };

/** A whole case as `cases.get` returns it: an accepted neighbourhood dispute of the user's committee. */
export function caseDetail(over: Partial<CaseDetail> = {}): CaseDetail {
  return {
    id: 42,
    number: "（2026）北洲调字第42号",
    status: "accepted",
    outcome: null,
    source: "application",
    typeCode: "neighbourhood",
    typeName: "邻里",
    summary: "宅基地边界的围墙争议",
    occurredOn: null,
    regionCode: ORGANISATION.regionCode,
    regionName: "北洲村",
    address: null,
    amountFen: null,
    peopleInvolved: null,
    riskLevel: "ordinary",
    externalRef: null,
    organisationId: ORGANISATION.id,
    organisationName: ORGANISATION.name,
    organisationKind: ORGANISATION.kind,
    organisationRegionCode: ORGANISATION.regionCode,
    referringCourtId: null,
    registeredOn: "2026-09-01",
    acceptedOn: "2026-09-02",
    consentNoticeOn: null,
    mediationDueOn: null,
    extensionReason: null,
    concludedOn: null,
    closedOn: null,
    conclusionNote: null,
    advice: null,
    version: 3,
    createdAt: "2026-09-01T02:00:00.000Z",
    updatedAt: "2026-09-02T02:00:00.000Z",
    parties: [party(1, "applicant", "张三"), party(2, "respondent", "李四")],
    assignments: [],
    sessions: [],
    agreement: null,
    confirmations: [],
    followUps: [],
    interventions: [],
    events: [],
    deadlines: [],
    allowedActions: [],
    warnings: [],
    ...over,
  };
}

function party(id: number, side: "applicant" | "respondent", name: string): CaseDetail["parties"][number] {
  return {
    id,
    position: id,
    side,
    kind: "person",
    name,
    idNumber: null,
    unifiedCode: null,
    gender: null,
    birthDate: null,
    ethnicity: null,
    occupation: null,
    phone: null,
    address: null,
    legalRepresentative: null,
    legalRepresentativeTitle: null,
    agent: null,
    consent: null,
    consentOnlineAt: null,
  };
}

/** A ranked, explained candidate as matching returns one. */
export function matchResult(
  over: Partial<MatchResult> & Pick<MatchResult, "mediatorId" | "name">,
): MatchResult {
  return {
    kind: "staff",
    kindLabel: "专职/兼职调解员",
    title: null,
    source: "本委员会",
    organisationName: "北洲村人民调解委员会",
    level: 0,
    levelLabel: "村",
    score: 80,
    rank: 1,
    reasons: [],
    factors: [],
    exclusions: [],
    activeCases: 1,
    capacity: 10,
    points: 80,
    loadRatio: 0.1,
    ...over,
  };
}
