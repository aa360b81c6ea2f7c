/** The party's case page, pure parts: the next step for each status, and a timeline without internal events. */
import { describe, expect, it } from "vitest";
import { STATUSES, type Status } from "../../src/cases/lifecycle.js";
import type { CaseView, EventView, ObligationView, PartyView } from "../../src/cases/views.js";
import { nextStep } from "../../src/portal/next-step.js";
import { partyTimeline } from "../../src/portal/party-timeline.js";

const party = (id: number, side: PartyView["side"], name: string): PartyView =>
  ({
    id,
    position: id,
    side,
    kind: "person",
    name,
    idNumber: "430212198001011234",
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
  }) as PartyView;

function kase(over: Partial<CaseView> = {}): CaseView {
  return {
    id: 1,
    number: "南洲调〔2026〕1号",
    status: "intake",
    outcome: null,
    source: "application",
    typeCode: "neighbourhood",
    typeName: "邻里纠纷",
    summary: "排水沟",
    occurredOn: null,
    regionCode: "430212101201",
    regionName: "北洲村",
    address: null,
    amountFen: null,
    peopleInvolved: null,
    riskLevel: "ordinary",
    externalRef: null,
    organisationId: 1,
    organisationName: "南洲镇人民调解委员会",
    organisationKind: "township_committee",
    organisationRegionCode: "430212101",
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
    createdAt: "2026-09-01T01:00:00.000Z",
    updatedAt: "2026-09-01T01:00:00.000Z",
    parties: [party(1, "applicant", "张建国"), party(2, "respondent", "王桂香")],
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

const obligation = (over: Partial<ObligationView> = {}): ObligationView => ({
  id: 1,
  index: 1,
  obligorPartyId: 2,
  obligor: "王桂香",
  obligeePartyId: 1,
  obligee: "张建国",
  content: "支付修墙费用",
  amountFen: 50000,
  place: null,
  manner: null,
  dueOn: "2026-12-20",
  performedOn: null,
  performanceNote: null,
  overdue: false,
  ...over,
});

const withAgreement = (status: Status, obligations: ObligationView[]) =>
  kase({
    status,
    agreement: {
      id: 1,
      form: "written",
      facts: null,
      disputedMatters: null,
      responsibilities: null,
      terms: "王桂香修墙",
      effectiveOn: "2026-12-01",
      mediatorSignedOn: null,
      sealedOn: null,
      copies: null,
      status: "effective",
      signatures: [],
      obligations,
    },
  });

const lead = {
  id: 1,
  mediatorId: 1,
  mediatorName: "王德明",
  mediatorKind: "full_time",
  userId: 3,
  role: "lead" as const,
  partiesConsented: true,
  assignedAt: "2026-09-02T01:00:00.000Z",
  endedAt: null,
  endReason: null,
};

const TODAY = "2026-12-01";

describe("nextStep", () => {
  it("says in plain words, for every status, what happens next", () => {
    for (const status of STATUSES) {
      const text = nextStep(kase({ status }), 1, TODAY);
      expect(text, status).toMatch(/[\u4e00-\u9fff]/);
      expect(text, status).not.toMatch(/[a-z_]{4,}/);
    }
  });

  it("follows the case from intake to mediation", () => {
    expect(nextStep(kase(), 1, TODAY)).toBe("调委会将决定是否受理您的纠纷，并告诉您结果");
    const accepted = kase({ status: "accepted" });
    expect(nextStep(accepted, 1, TODAY)).toBe("请阅读《人民调解告知书》，并告诉调委会您是否同意调解");
    accepted.parties.forEach((p) => (p.consent = "yes"));
    expect(nextStep(accepted, 1, TODAY)).toBe("调委会将安排调解员，并告知您调解的时间地点");
    const assigned = kase({ status: "accepted", assignments: [lead] });
    assigned.parties.forEach((p) => (p.consent = "yes"));
    expect(nextStep(assigned, 1, TODAY)).toBe("调解员将和您联系，告知调解的时间地点");
    const online = { timeText: "12月3日 09:30", online: true, placeText: "线上视频调解" };
    expect(nextStep(assigned, 1, TODAY, { nextSession: online })).toBe(
      "调解定于12月3日 09:30在线上视频进行，开始前30分钟内可在本案页面点击“进入视频调解”",
    );
    const office = { timeText: "12月4日 15:00", online: false, placeText: "北洲村调解室" };
    expect(nextStep(assigned, 1, TODAY, { nextSession: office })).toBe(
      "调解定于12月4日 15:00在北洲村调解室进行，请准时参加",
    );
    assigned.parties[1]!.consent = "no";
    expect(nextStep(assigned, 1, TODAY)).toContain("不同意调解");
  });

  it("tells the obligor what to do by when, and the obligee what the other side owes", () => {
    const k = withAgreement("agreement", [obligation()]);
    expect(nextStep(k, 2, TODAY)).toBe("请按协议在2026年12月20日前履行：支付修墙费用");
    expect(nextStep(k, 1, TODAY)).toBe(
      "王桂香应按协议在2026年12月20日前履行：支付修墙费用；履行后调委会将登记",
    );
    expect(nextStep(k, 2, "2026-12-21")).toContain("（已过期限）");
    const done = withAgreement("agreement", [obligation({ performedOn: "2026-12-10" })]);
    // Within the 30 days the parties are first asked to apply for confirmation (src/online-confirmation/).
    expect(nextStep(done, 2, "2027-01-05")).toBe("调委会将回访，了解协议的履行情况");
    expect(nextStep(withAgreement("confirmed", []), 1, TODAY)).toContain("申请强制执行");
  });

  it("names the court, another way, or nothing left to do at the end", () => {
    expect(nextStep(kase({ status: "awaiting_confirmation" }), 1, TODAY)).toContain("法院");
    expect(nextStep(kase({ status: "confirmation_rejected" }), 1, TODAY)).toContain("向人民法院起诉");
    expect(nextStep(kase({ status: "performed" }), 1, TODAY)).toContain("不需要再做什么");
    expect(nextStep(kase({ status: "closed" }), 1, TODAY)).toContain("已经结案");
    expect(nextStep(kase({ status: "terminated", advice: "向北洲村委会反映" }), 1, TODAY)).toBe(
      "调解已经结束，您可以通过诉讼、仲裁等其他途径解决纠纷。调委会的建议：向北洲村委会反映",
    );
    expect(nextStep(kase({ status: "declined" }), 1, TODAY)).toContain("没有受理");
  });
});

describe("partyTimeline", () => {
  const event = (id: number, action: string, at: string, summary = "内部摘要"): EventView => ({
    id,
    action,
    fromStatus: null,
    toStatus: null,
    summary,
    actor: "张秀英",
    at,
  });

  it("lists the steps a party is told about, in plain words and in time order", () => {
    const k = kase({
      status: "in_mediation",
      events: [
        event(1, "intake", "2026-09-01T01:00:00.000Z"),
        event(2, "accept", "2026-09-01T02:00:00.000Z"),
        event(3, "assign", "2026-09-02T01:00:00.000Z"),
        event(4, "record-session", "2026-09-03T01:00:00.000Z"),
      ],
      assignments: [lead],
      sessions: [
        {
          id: 1,
          seq: 1,
          heldAt: "2026-09-03T01:00:00.000Z",
          placeKind: "office",
          place: "北洲村人民调解室",
          isPublic: true,
          closedReason: null,
          attendees: [],
          mediators: [],
          mediatorsStored: true,
          applicantStatement: "笔录内容",
          respondentStatement: null,
          proposals: null,
          record: "调解笔录的正文",
          outcome: "continue",
          recordedBy: "王德明",
        },
      ],
    });
    expect(partyTimeline(k)).toEqual([
      { at: "2026-09-01T01:00:00.000Z", text: "调委会收到了调解申请" },
      { at: "2026-09-01T02:00:00.000Z", text: "调委会受理了纠纷" },
      { at: "2026-09-02T01:00:00.000Z", text: "调解员王德明负责调解" },
      { at: "2026-09-03T01:00:00.000Z", text: "第1次调解（北洲村人民调解室）" },
    ]);
  });

  it("leaves out interventions, corrections, objections, the court's exchanges and anything unknown", () => {
    const k = kase({
      events: [
        event(1, "intake", "2026-09-01T01:00:00.000Z"),
        event(2, "record-intervention", "2026-09-01T02:00:00.000Z", "防激化：当场分开双方"),
        event(3, "update-party", "2026-09-01T03:00:00.000Z", "更正身份证号 430212198001011234"),
        event(4, "record-objection", "2026-09-01T04:00:00.000Z"),
        // The committee's answer to the court stays off; the court's request itself is the parties' (issue 19).
        event(5, "court-answer", "2026-09-01T05:00:00.000Z"),
        event(6, "agreement_draft.save", "2026-09-01T06:00:00.000Z"),
        event(7, "constructor", "2026-09-01T07:00:00.000Z"),
      ],
    });
    const timeline = partyTimeline(k);
    expect(timeline).toEqual([{ at: "2026-09-01T01:00:00.000Z", text: "调委会收到了调解申请" }]);
    expect(JSON.stringify(timeline)).not.toContain("内部摘要");
  });
});
