import { describe, expect, it } from "vitest";
import {
  caseTier,
  maxPoints,
  needsExperience,
  rank,
  rankCandidates,
  rankTeams,
  relationApplies,
  WEIGHTS,
  type CandidateProfile,
  type MatchCase,
} from "../../src/mediators/matching.js";

/** The pure scorer on plain data: no database. "Today" is Monday 23 November 2026. */

const BEIZHOU = "430212101201";
const BEIZHOU_COMMITTEE = 1;
const TRAFFIC_COMMITTEE = 4;

const REGION_NAMES = {
  "430212101201": "北洲村",
  "430212101000": "南洲镇",
  "430212000000": "渌口区",
};

function kase(over: Partial<MatchCase> = {}): MatchCase {
  return {
    typeCode: "road_traffic",
    typeName: "道路交通事故",
    regionCode: BEIZHOU,
    regionNames: REGION_NAMES,
    organisationId: BEIZHOU_COMMITTEE,
    riskLevel: "ordinary",
    amountFen: 8_600_000,
    peopleInvolved: 2,
    languages: [],
    dates: ["2026-11-25"],
    today: "2026-11-23",
    parties: [
      { id: 11, name: "刘建军", idNumber: "430212198003150211", phone: "13973310211" },
      { id: 12, name: "邓桂花", idNumber: null, phone: "13973310212" },
    ],
    objections: [],
    assigned: [],
    ...over,
  };
}

let nextId = 100;
function mediator(over: Partial<CandidateProfile> = {}): CandidateProfile {
  return {
    mediatorId: nextId++,
    name: "某调解员",
    kind: "staff",
    fiveEldersKind: null,
    title: null,
    organisationId: BEIZHOU_COMMITTEE,
    organisationName: "北洲村人民调解委员会",
    organisationKind: "village_committee",
    organisationRegionCode: BEIZHOU,
    memberOrganisationIds: [],
    homeRegionCode: null,
    languages: ["普通话"],
    specialties: [],
    capacity: 6,
    activeCases: 0,
    sinceYear: null,
    experience: { concluded: 0, successful: 0 },
    appointments: [],
    unavailable: [],
    relations: [],
    ...over,
  };
}

/** The county's road-traffic expert: the traffic committee, in the county pool's second batch. */
function trafficExpert(over: Partial<CandidateProfile> = {}): CandidateProfile {
  return mediator({
    name: "黄立新",
    kind: "expert",
    organisationId: TRAFFIC_COMMITTEE,
    organisationName: "渌口区道路交通事故纠纷人民调解委员会",
    organisationKind: "professional_committee",
    organisationRegionCode: "430212000000",
    specialties: ["road_traffic", "damages"],
    appointments: [
      {
        poolName: "渌口区人民调解专家库",
        level: "county",
        batchName: "第二批",
        termStart: "2025-07-01",
        termEnd: "2028-06-30",
      },
    ],
    ...over,
  });
}

const names = (results: { name: string }[]) => results.map((r) => r.name);

describe("ranking a road-traffic case", () => {
  it("puts the traffic expert above a general village mediator, and says why", () => {
    const village = mediator({ name: "王德明", sinceYear: 2010 });
    const expert = trafficExpert();
    const [first, second] = rankCandidates(kase(), [village, expert]);
    expect(names([first!, second!])).toEqual(["黄立新", "王德明"]);
    expect(first!.rank).toBe(1);
    expect(first!.score).toBeGreaterThan(second!.score);
    expect(first!.reasons).toEqual(
      expect.arrayContaining(["擅长道路交通事故纠纷", "同在渌口区", "在办案件 0 件（上限 6 件）"]),
    );
    expect(first!.source).toBe("渌口区人民调解专家库（第二批）");
    expect(first!.kindLabel).toBe("专家调解员·县级专家");
    expect(second!.reasons).toEqual(
      expect.arrayContaining(["服务于北洲村，熟悉当地人情", "本委员会调解员", "从事调解工作 16 年"]),
    );
    expect(second!.source).toBe("本委员会");
  });

  it("still ranks the expert first when the village mediator is idle and the expert is busy", () => {
    const village = mediator({ name: "王德明", homeRegionCode: BEIZHOU, sinceYear: 1990 });
    const expert = trafficExpert({ activeCases: 4 });
    expect(names(rankCandidates(kase(), [village, expert]))).toEqual(["黄立新", "王德明"]);
  });

  it("explains every point: the factors add up to the score", () => {
    const [r] = rankCandidates(kase(), [trafficExpert({ experience: { concluded: 12, successful: 11 } })]);
    const points = r!.factors.reduce((s, f) => s + f.points, 0);
    expect(r!.score).toBe(Math.round((100 * points) / maxPoints(kase())));
    expect(r!.reasons).toContain("办结道路交通事故纠纷 12 件，调解成功 11 件");
    for (const f of r!.factors) expect(f.points).toBeLessThanOrEqual(f.max);
    expect(r!.score).toBeLessThanOrEqual(100);
  });
});

describe("hard exclusions", () => {
  it("excludes a mediator related to a party by ID number, whatever their score", () => {
    // The best possible fit on every factor, but the applicant's uncle.
    const uncle = trafficExpert({
      name: "谢春生",
      homeRegionCode: BEIZHOU,
      experience: { concluded: 30, successful: 30 },
      relations: [{ kind: "kin", personName: "刘建军", idNumber: "430212198003150211", phone: null }],
    });
    const other = mediator({ name: "王德明" });
    const results = rankCandidates(kase(), [uncle, other]);
    expect(names(results)).toEqual(["王德明", "谢春生"]);
    const excluded = results[1]!;
    expect(excluded.excluded).toBe("与当事人刘建军有亲属关系，依法应当回避");
    expect(excluded.score).toBe(0);
    expect(excluded.rank).toBeUndefined();
    // Its strengths are still shown, so the clerk sees what was passed over and why.
    expect(excluded.reasons).toContain("擅长道路交通事故纠纷");
  });

  it("matches a declared tie by name and phone when there is no ID number", () => {
    const party = { id: 12, name: "邓桂花", idNumber: null, phone: "13973310212" };
    expect(
      relationApplies(
        { kind: "employer", personName: "邓桂花", idNumber: null, phone: "139-7331-0212" },
        party,
      ),
    ).toBe(true);
    expect(relationApplies({ kind: "kin", personName: "邓桂花", idNumber: null, phone: null }, party)).toBe(
      false,
    );
    expect(
      relationApplies({ kind: "kin", personName: "邓桂花", idNumber: null, phone: "13900000000" }, party),
    ).toBe(false);
    const [r] = rankCandidates(kase(), [
      mediator({
        relations: [{ kind: "employer", personName: "邓桂花", idNumber: null, phone: "13973310212" }],
      }),
    ]);
    expect(r!.excluded).toBe("与当事人邓桂花有雇佣（用工）关系，依法应当回避");
  });

  it("excludes on a party's objection, absence on every proposed date, a full load, or an expired term", () => {
    const objected = mediator({ name: "甲" });
    const away = mediator({
      name: "乙",
      unavailable: [{ fromOn: "2026-11-20", toOn: "2026-12-05", label: "请假" }],
    });
    const partlyAway = mediator({
      name: "丙",
      unavailable: [{ fromOn: "2026-11-20", toOn: "2026-11-25", label: "生病" }],
    });
    const full = mediator({ name: "丁", activeCases: 6, capacity: 6 });
    const expired = trafficExpert({
      name: "曾国栋",
      organisationId: 6,
      organisationName: "渌口区司法局",
      organisationKind: "justice_bureau",
      appointments: [
        {
          poolName: "渌口区人民调解专家库",
          level: "county",
          batchName: "第一批",
          termStart: "2023-03-01",
          termEnd: "2026-02-28",
        },
      ],
    });
    const notYet = trafficExpert({
      name: "戊",
      appointments: [
        {
          poolName: "株洲市人民调解专家库",
          level: "city",
          batchName: "第三批",
          termStart: "2027-01-01",
          termEnd: "2029-12-31",
        },
      ],
    });
    const c = kase({
      dates: ["2026-11-25", "2026-11-27"],
      objections: [{ partyName: "邓桂花", mediatorId: objected.mediatorId, reason: "曾为对方亲戚说情" }],
    });
    const byName = new Map(
      rankCandidates(c, [objected, away, partlyAway, full, expired, notYet]).map((r) => [r.name, r]),
    );
    expect(byName.get("甲")!.excluded).toBe("当事人邓桂花申请其回避：曾为对方亲戚说情");
    expect(byName.get("乙")!.excluded).toBe("请假（11月20日至12月5日），拟定日期均不能参加调解");
    expect(byName.get("丙")!.excluded).toBeUndefined();
    expect(byName.get("丙")!.reasons).toContain("11月25日不能参加，其余拟定日期有空");
    expect(byName.get("丁")!.excluded).toBe("在办案件 6 件，已达上限 6 件");
    expect(byName.get("曾国栋")!.excluded).toBe("渌口区人民调解专家库第一批聘期已于2026年2月28日届满");
    expect(byName.get("戊")!.excluded).toBe("株洲市人民调解专家库第三批聘期自2027年1月1日开始，尚未到任");
    expect(byName.get("丙")!.rank).toBe(1);
  });

  it("names every exclusion that applies, not just the first", () => {
    const m = mediator({
      activeCases: 6,
      relations: [{ kind: "household", personName: "刘建军", idNumber: "430212198003150211", phone: null }],
    });
    const [r] = rankCandidates(
      kase({ objections: [{ partyName: "刘建军", mediatorId: m.mediatorId, reason: "不信任" }] }),
      [m],
    );
    expect(r!.exclusions).toHaveLength(3);
    expect(r!.exclusions.map((e) => e.kind)).toEqual(["relation", "objection", "capacity"]);
    expect(r!.excluded).toBe(r!.exclusions.map((e) => e.text).join("；"));
  });
});

describe("spreading the load", () => {
  it("ranks the less busy of two equally good mediators first", () => {
    const busy = mediator({ name: "忙", activeCases: 3, specialties: ["road_traffic"] });
    const idle = mediator({ name: "闲", activeCases: 1, specialties: ["road_traffic"] });
    expect(names(rankCandidates(kase(), [busy, idle]))).toEqual(["闲", "忙"]);
  });

  it("shares a run of cases evenly among equally good mediators when each goes to the top of the list", () => {
    const team = ["甲", "乙", "丙"].map((name) =>
      mediator({ name, specialties: ["road_traffic"], capacity: 10 }),
    );
    for (let i = 0; i < 9; i++) {
      const top = rankCandidates(kase(), team)[0]!;
      team.find((m) => m.mediatorId === top.mediatorId)!.activeCases++;
    }
    expect(team.map((m) => m.activeCases)).toEqual([3, 3, 3]);
  });

  it("counts load against each mediator's own capacity", () => {
    const small = mediator({ name: "小", activeCases: 2, capacity: 3 });
    const large = mediator({ name: "大", activeCases: 4, capacity: 12 });
    expect(names(rankCandidates(kase(), [small, large]))).toEqual(["大", "小"]);
  });
});

describe("level, language and locality", () => {
  it("lifts a case above village level by risk, amount or people involved", () => {
    expect(caseTier({ riskLevel: "ordinary", amountFen: 130_000, peopleInvolved: 2 })).toBe(0);
    expect(caseTier({ riskLevel: "serious", amountFen: null, peopleInvolved: null })).toBe(1);
    expect(caseTier({ riskLevel: "ordinary", amountFen: 5_000_000, peopleInvolved: 1 })).toBe(1);
    expect(caseTier({ riskLevel: "ordinary", amountFen: 0, peopleInvolved: 12 })).toBe(1);
    expect(caseTier({ riskLevel: "major", amountFen: 0, peopleInvolved: 1 })).toBe(2);
    expect(caseTier({ riskLevel: "ordinary", amountFen: 60_000_000, peopleInvolved: 1 })).toBe(2);
  });

  it("prefers the village's own mediator for a small neighbours' quarrel", () => {
    const c = kase({ typeCode: "neighbourhood", typeName: "邻里", amountFen: 130_000 });
    const village = mediator({ name: "刘长庚", kind: "five_elders", specialties: ["neighbourhood"] });
    const township = mediator({
      name: "易建华",
      organisationId: 3,
      organisationName: "南洲镇人民调解委员会",
      organisationKind: "township_committee",
      organisationRegionCode: "430212101000",
      specialties: ["neighbourhood"],
    });
    const [first, second] = rankCandidates(c, [township, village]);
    expect(names([first!, second!])).toEqual(["刘长庚", "易建华"]);
    expect(second!.reasons).toEqual(
      expect.arrayContaining(["同在南洲镇", "乡镇（街道）调解力量，高于案件所需（一般纠纷，宜就地化解）"]),
    );
  });

  it("counts a language only when the parties need one", () => {
    const speaker = mediator({ name: "说苗语", languages: ["普通话", "苗语"] });
    const other = mediator({ name: "不说", languages: ["普通话"] });
    const without = rankCandidates(kase(), [other, speaker]);
    expect(without[0]!.score).toBe(without[1]!.score);
    const withNeed = rankCandidates(kase({ languages: ["苗语"] }), [other, speaker]);
    expect(names(withNeed)).toEqual(["说苗语", "不说"]);
    expect(withNeed[0]!.reasons).toContain("会说苗语");
    expect(withNeed[1]!.reasons).toContain("不会苗语");
    expect(maxPoints(kase({ languages: ["苗语"] })) - maxPoints(kase())).toBe(WEIGHTS.language);
  });

  it("marks who is already on the case", () => {
    const m = mediator({ name: "王德明" });
    const [r] = rankCandidates(kase({ assigned: [{ mediatorId: m.mediatorId, role: "lead" }] }), [m]);
    expect(r!.assignedRole).toBe("lead");
  });
});

describe("teams", () => {
  it("scores a team by its lead, keeps excluded members out, and cannot be assigned when the lead is excluded", () => {
    const lead = mediator({ name: "何德顺", kind: "five_elders", specialties: ["road_traffic"] });
    const member = mediator({ name: "罗玉梅", kind: "five_elders" });
    const related = mediator({
      name: "谢春生",
      kind: "five_elders",
      relations: [{ kind: "kin", personName: "刘建军", idNumber: "430212198003150211", phone: null }],
    });
    const results = rankCandidates(kase(), [lead, member, related]);
    const [team] = rankTeams(
      [
        {
          teamId: 1,
          name: "北洲村“五老”调解队",
          kind: "five_elders",
          leadMediatorId: lead.mediatorId,
          memberIds: [lead.mediatorId, member.mediatorId, related.mediatorId],
        },
      ],
      results,
    );
    expect(team!.score).toBe(results.find((r) => r.name === "何德顺")!.score);
    expect(team!.excluded).toBeUndefined();
    expect(team!.reasons).toEqual(
      expect.arrayContaining(["可参加成员 2 / 3 人", "谢春生不参加：与当事人刘建军有亲属关系，依法应当回避"]),
    );
    const [led] = rankTeams(
      [
        {
          teamId: 2,
          name: "另一队",
          kind: "other",
          leadMediatorId: related.mediatorId,
          memberIds: [related.mediatorId],
        },
      ],
      results,
    );
    expect(led!.excluded).toBe("负责人谢春生与当事人刘建军有亲属关系，依法应当回避");
  });
});

describe("ranking many candidates", () => {
  /** A county's worth of varied candidates, from a fixed sequence. */
  function county(n: number): CandidateProfile[] {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    return Array.from({ length: n }, (_, i) =>
      mediator({
        name: `调解员${i}`,
        specialties: random() < 0.2 ? ["road_traffic"] : [],
        homeRegionCode: random() < 0.3 ? BEIZHOU : null,
        organisationRegionCode: random() < 0.5 ? BEIZHOU : "430212101000",
        capacity: 3 + Math.floor(random() * 8),
        activeCases: Math.floor(random() * 4),
        sinceYear: 1990 + Math.floor(random() * 35),
        experience: { concluded: Math.floor(random() * 15), successful: Math.floor(random() * 10) },
        unavailable: random() < 0.1 ? [{ fromOn: "2026-11-20", toOn: "2026-11-30", label: "请假" }] : [],
      }),
    ).map((m) => ({
      ...m,
      experience: {
        ...m.experience!,
        successful: Math.min(m.experience!.successful, m.experience!.concluded),
      },
    }));
  }

  it("explains only the best, plus the excluded who would have been among them, and counts everyone", () => {
    const all = county(400);
    const full = rankCandidates(kase(), all);
    const top = rank(kase(), all, { limit: 20 });
    expect(top.ranked + top.excluded).toBe(400);
    const ranked = top.results.filter((r) => !r.excluded);
    expect(ranked.map((r) => r.mediatorId)).toEqual(full.slice(0, 20).map((r) => r.mediatorId));
    const cutoff = ranked.at(-1)!.points;
    const shownExcluded = top.results.filter((r) => r.excluded);
    expect(shownExcluded.every((r) => r.points >= cutoff)).toBe(true);
    expect(shownExcluded.length).toBe(full.filter((r) => r.excluded && r.points >= cutoff).length);
  });

  it("needs the record on this type only of those who can reach the list, and ranks the same with just those", () => {
    const all = county(400);
    const full = rank(kase(), all, { limit: 20 }).results;
    const wanted = new Set(needsExperience(kase(), all, 20));
    expect(wanted.size).toBeLessThan(400);
    const partial = all.map((p) => ({ ...p, experience: wanted.has(p.mediatorId) ? p.experience : null }));
    const again = rank(kase(), partial, { limit: 20 }).results;
    expect(again.map((r) => [r.mediatorId, r.score, r.rank])).toEqual(
      full.map((r) => [r.mediatorId, r.score, r.rank]),
    );
    // Below the list a rank would be a guess, so there is none.
    const everyone = rankCandidates(kase(), all);
    const extra = everyone.find((r) => !r.excluded && !wanted.has(r.mediatorId))!;
    const withExtra = rank(kase(), partial, { limit: 20, include: new Set([extra.mediatorId]) }).results;
    const shown = withExtra.find((r) => r.mediatorId === extra.mediatorId)!;
    expect(shown.excluded).toBeUndefined();
    expect(shown.rank).toBeUndefined();
  });
});
