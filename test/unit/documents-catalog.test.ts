import { describe, expect, it } from "vitest";
import type { CaseView } from "../../src/cases/views.js";
import { catalog, SPECS } from "../../src/documents/catalog.js";
import { fingerprint } from "../../src/documents/verification.js";
import { canDraw } from "../../src/documents/pdf.js";

function kase(over: Partial<CaseView> = {}): CaseView {
  return {
    id: 1,
    number: "（2026）北洲调字第1号",
    status: "intake",
    outcome: null,
    source: "application",
    typeCode: "neighbourhood",
    typeName: "邻里",
    summary: "s",
    occurredOn: null,
    regionCode: "430212101201",
    regionName: "北洲村",
    address: null,
    amountFen: null,
    peopleInvolved: null,
    riskLevel: "ordinary",
    externalRef: null,
    organisationId: 1,
    organisationName: "北洲村人民调解委员会",
    organisationKind: "village_committee",
    organisationRegionCode: "430212101201",
    referringCourtId: null,
    registeredOn: "2026-09-01",
    acceptedOn: null,
    consentNoticeOn: null,
    mediationDueOn: null,
    extensionReason: null,
    concludedOn: null,
    closedOn: null,
    conclusionNote: null,
    advice: null,
    version: 1,
    createdAt: "",
    updatedAt: "",
    parties: [],
    assignments: [],
    sessions: [],
    agreement: null,
    confirmations: [],
    followUps: [],
    interventions: [],
    events: [],
    deadlines: [],
    ...over,
  };
}

const session = (seq: number) => ({
  id: seq,
  seq,
  heldAt: `2026-09-0${seq}T01:00:00.000Z`,
  placeKind: "office",
  place: null,
  isPublic: true,
  closedReason: null,
  attendees: [],
  mediators: [{ id: 1, name: "王德明", role: "lead" as const }],
  mediatorsStored: true,
  applicantStatement: null,
  respondentStatement: null,
  proposals: null,
  record: "r",
  outcome: "continue",
  recordedBy: "王德明",
});

const agreement = (form: "written" | "oral") => ({
  id: 1,
  form,
  facts: "f",
  disputedMatters: "d",
  responsibilities: "r",
  terms: "t",
  effectiveOn: "2026-09-05",
  mediatorSignedOn: null,
  sealedOn: null,
  copies: 3,
  status: "effective" as const,
  signatures: [],
  obligations: [],
});

const kinds = (k: CaseView) => catalog(k).map((e) => (e.ref ? `${e.kind}:${e.ref}` : e.kind));

describe("the case file's documents, in binding order (RL27)", () => {
  it("has the cover, application and registration form from intake", () => {
    expect(kinds(kase())).toEqual(["file-cover", "application", "registration"]);
    expect(kinds(kase({ source: "grid_report" }))).toEqual(["file-cover", "registration"]);
  });

  it("orders notice, sessions, agreement, follow-ups and confirmation application", () => {
    const k = kase({
      status: "awaiting_confirmation",
      acceptedOn: "2026-09-01",
      consentNoticeOn: "2026-09-01",
      sessions: [session(1), session(2)],
      agreement: agreement("written"),
      followUps: [
        {
          id: 7,
          visitedOn: "2026-09-20",
          method: "visit",
          performed: "yes",
          satisfaction: "satisfied",
          note: null,
          recordedBy: "x",
        },
      ],
      confirmations: [
        {
          id: 1,
          courtId: 9,
          courtName: "法院",
          appliedOn: "2026-09-06",
          windowEndsOn: "2026-10-08",
          applicantPartyIds: [],
          materials: [],
          status: "pending",
          filedOn: null,
          number: null,
          dueOn: null,
          decidedOn: null,
          outcome: null,
          extendedOn: null,
          extensionReason: null,
          extensionApprovedBy: null,
          grounds: [],
          reasons: null,
          judgeName: null,
          materialRequest: null,
          materialRequestedOn: null,
          materialAnswer: null,
          materialAnsweredOn: null,
          version: 1,
        },
      ],
    });
    expect(kinds(k)).toEqual([
      "file-cover",
      "application",
      "registration",
      "notice",
      "session-record:1",
      "session-record:2",
      "agreement",
      "follow-up:7",
      "confirmation-application",
    ]);
    expect(catalog(k).find((e) => e.kind === "session-record" && e.ref === "2")?.date).toBe("2026-09-02");
  });

  it("prints an oral agreement's record instead of the agreement, and no confirmation application", () => {
    const k = kase({ status: "agreement", sessions: [session(1)], agreement: agreement("oral") });
    expect(kinds(k)).toContain("oral-agreement");
    expect(kinds(k)).not.toContain("agreement");
  });

  it("has the decline notice or the termination notice when mediation did not happen or failed", () => {
    expect(kinds(kase({ status: "declined", concludedOn: "2026-09-02" }))).toContain("decline-notice");
    expect(kinds(kase({ status: "terminated", concludedOn: "2026-09-10" }))).toContain("termination-notice");
    expect(kinds(kase({ status: "closed", outcome: "failure", concludedOn: "2026-09-10" }))).toContain(
      "termination-notice",
    );
    expect(kinds(kase({ status: "closed", outcome: "prevented" }))).not.toContain("termination-notice");
  });
});

describe("a session record's verified content", () => {
  const printed = (s: ReturnType<typeof session>) =>
    fingerprint(SPECS["session-record"].content(kase({ sessions: [s] }), "1"));

  it("covers the mediators present: another mediator is another version", () => {
    const other = { ...session(1), mediators: [{ id: 2, name: "陈志强", role: "lead" as const }] };
    expect(printed(other)).not.toBe(printed(session(1)));
  });

  it("does not depend on whether the mediators were stored or derived for an older session", () => {
    expect(printed({ ...session(1), mediatorsStored: false })).toBe(printed(session(1)));
  });
});

describe("the font", () => {
  it("draws common and Extension A characters, not Extension B ones", () => {
    for (const ch of ["刘", "壹", "㛃", "䶮", "（"]) expect(canDraw(ch), ch).toBe(true);
    expect(canDraw("𠮷")).toBe(false);
  });
});
