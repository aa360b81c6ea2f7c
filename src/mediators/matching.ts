import { FIVE_ELDERS_LABELS, POOL_LEVEL_LABELS, RELATION_LABELS, TEAM_KIND_LABELS } from "./labels.js";
import type { FiveEldersKind, PoolLevel, RelationKind, TeamKind } from "./labels.js";
import { MEDIATOR_KIND_LABELS, type MediatorKind } from "./roster.js";

/**
 * Which mediators suit a case, and why: a pure function from plain data (the case's facts and
 * each candidate's profile and load) to a ranked list in which every score is explained. No
 * database, no clock: the repository loads the data, the caller passes today's date.
 *
 * A candidate is first checked against the hard exclusions — a declared tie to a party, a
 * party's objection (回避), away on every proposed date, at capacity, out of an expert pool's
 * term. An excluded candidate is listed with the reason and never ranked, whatever it would
 * have scored. The others earn points on each factor below, at most its weight; the score is the
 * share of the points this case makes possible, 0–100.
 */
export const WEIGHTS = {
  /** The dispute's type is one of the mediator's specialties. */
  specialty: 35,
  /** Local knowledge: lives in (or serves) the dispute's village; its township; its county. */
  localVillage: 15,
  localTownship: 9,
  localCounty: 3,
  /** A mediator of the committee handling the case. */
  ownCommittee: 5,
  /** Speaks a language or dialect the parties need (only counted when one is asked for). */
  language: 10,
  /** Cases of this type concluded: volume (10 cases = all of it) times the smoothed success rate. */
  experience: 12,
  /** Years of mediating (20 years = all of it), for those without a record in the system yet. */
  seniority: 3,
  /** Room under capacity: an idle mediator gets all of it, one at capacity none. */
  load: 15,
  /** The mediator's level (village … province) suits the case's risk, amount and people involved. */
  level: 10,
  /** Free on every proposed date; partly free earns the share of dates. */
  availability: 5,
} as const;

/** Cases of a type at which experience counts in full, and years at which seniority does. */
const FULL_EXPERIENCE_CASES = 10;
const FULL_SENIORITY_YEARS = 20;

/** Thresholds that lift a case above village level (amounts in fen). */
export const TIER_RULES = {
  township: { amountFen: 5_000_000, people: 5 },
  county: { amountFen: 50_000_000, people: 20 },
} as const;

/** 0 village, 1 township (and studios), 2 county (professional committees, county pools), 3 city, 4 province. */
export type Level = 0 | 1 | 2 | 3 | 4;
const LEVEL_LABELS = ["村（社区）", "乡镇（街道）", "县级", "市级", "省级"] as const;
const POOL_LEVEL: Record<PoolLevel, Level> = { county: 2, city: 3, province: 4 };
const ORG_LEVEL: Record<string, Level> = {
  village_committee: 0,
  township_committee: 1,
  studio: 1,
  professional_committee: 2,
};

export type RiskLevel = "ordinary" | "serious" | "major";

export interface MatchParty {
  id: number;
  name: string;
  idNumber: string | null;
  phone: string | null;
}

export interface MatchCase {
  typeCode: string;
  typeName: string;
  /** Where the dispute is (village or below, or a township/county code). */
  regionCode: string;
  /** Names of the dispute's village, township and county by code, for the reasons. */
  regionNames: Record<string, string>;
  /** The committee handling the case. */
  organisationId: number;
  riskLevel: RiskLevel;
  amountFen: number | null;
  peopleInvolved: number | null;
  /** Languages or dialects the parties need (empty: no need stated). */
  languages: string[];
  /** Proposed session dates, YYYY-MM-DD (at least one). */
  dates: string[];
  today: string;
  parties: MatchParty[];
  objections: { partyName: string; mediatorId: number; reason: string }[];
  assigned: { mediatorId: number; role: "lead" | "co" | "invited" }[];
}

export interface Appointment {
  poolName: string;
  level: PoolLevel;
  batchName: string;
  termStart: string;
  termEnd: string;
}

export interface CandidateProfile {
  mediatorId: number;
  name: string;
  kind: MediatorKind;
  fiveEldersKind: FiveEldersKind | null;
  title: string | null;
  organisationId: number;
  organisationName: string;
  organisationKind: string;
  organisationRegionCode: string;
  /** Other organisations the mediator serves. */
  memberOrganisationIds: number[];
  homeRegionCode: string | null;
  languages: string[];
  specialties: string[];
  capacity: number;
  activeCases: number;
  sinceYear: number | null;
  /**
   * Cases of this case's type the mediator helped conclude, and how many succeeded; null when not
   * looked up because the candidate cannot reach the list shown (see needsExperience).
   */
  experience: { concluded: number; successful: number } | null;
  appointments: Appointment[];
  unavailable: { fromOn: string; toOn: string; label: string }[];
  relations: { kind: RelationKind; personName: string; idNumber: string | null; phone: string | null }[];
}

export type Factor = keyof typeof WEIGHTS | "local";

export interface FactorScore {
  factor: Factor;
  points: number;
  max: number;
  text: string;
}

export interface MatchResult {
  mediatorId: number;
  name: string;
  kind: MediatorKind;
  kindLabel: string;
  title: string | null;
  /** Where the candidate comes from: 本委员会, a pool and batch, a village's 五老, another committee. */
  source: string;
  organisationName: string;
  level: Level;
  levelLabel: string;
  /** 0–100; 0 for an excluded candidate, who is never ranked. */
  score: number;
  /** 1-based position among the candidates who are not excluded (absent when excluded, or unknown below the list). */
  rank?: number;
  reasons: string[];
  factors: FactorScore[];
  excluded?: string;
  exclusions: Exclusion[];
  activeCases: number;
  capacity: number;
  assignedRole?: "lead" | "co" | "invited";
  /** Raw points and load ratio, kept for ordering. */
  points: number;
  loadRatio: number;
}

/** The level a case calls for: village unless its risk, amount or size lift it. */
export function caseTier(c: Pick<MatchCase, "riskLevel" | "amountFen" | "peopleInvolved">): Level {
  const amount = c.amountFen ?? 0;
  const people = c.peopleInvolved ?? 0;
  if (c.riskLevel === "major" || amount >= TIER_RULES.county.amountFen || people >= TIER_RULES.county.people)
    return 2;
  if (
    c.riskLevel === "serious" ||
    amount >= TIER_RULES.township.amountFen ||
    people >= TIER_RULES.township.people
  )
    return 1;
  return 0;
}

function currentAppointments(p: CandidateProfile, today: string): Appointment[] {
  if (p.appointments.length === 0) return p.appointments;
  return p.appointments.filter((a) => a.termStart <= today && today <= a.termEnd);
}

/** A mediator's level: their committee's, or their pool's if higher and in term. */
export function mediatorLevel(p: CandidateProfile, today: string): Level {
  let level: Level = ORG_LEVEL[p.organisationKind] ?? 0;
  for (const a of p.appointments) {
    if (a.termStart <= today && today <= a.termEnd && POOL_LEVEL[a.level] > level)
      level = POOL_LEVEL[a.level];
  }
  return level;
}

const digits = (s: string | null | undefined) => (s ?? "").replace(/\D/g, "");
const sameId = (a: string | null, b: string | null) => !!a && !!b && a.toUpperCase() === b.toUpperCase();
const samePhone = (a: string | null, b: string | null) => !!digits(a) && digits(a) === digits(b);

/** A declared tie applies to a party with the same ID number, or the same name and phone. */
export function relationApplies(r: CandidateProfile["relations"][number], party: MatchParty): boolean {
  return (
    sameId(r.idNumber, party.idNumber) || (r.personName === party.name && samePhone(r.phone, party.phone))
  );
}

const md = (iso: string) => `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
const ymd = (iso: string) => `${iso.slice(0, 4)}年${md(iso)}`;

/**
 * Why a candidate may not take the case. A tie to a party, a party's objection and a pool term
 * that is not running are bars the law or the appointment sets; absence and a full load are about
 * the dates and the work, and a clerk who names the mediator anyway may overrule them.
 */
export type ExclusionKind = "relation" | "objection" | "term" | "unavailable" | "capacity";
export interface Exclusion {
  kind: ExclusionKind;
  text: string;
}
export const BARS: readonly ExclusionKind[] = ["relation", "objection", "term"];

/** The hard exclusions that apply to this candidate on this case, each as a sentence. */
export function exclusionsOf(c: MatchCase, p: CandidateProfile): Exclusion[] {
  const out: Exclusion[] = [];
  for (const r of p.relations) {
    for (const party of c.parties) {
      if (relationApplies(r, party)) {
        out.push({
          kind: "relation",
          text: `与当事人${party.name}有${RELATION_LABELS[r.kind]}，依法应当回避`,
        });
      }
    }
  }
  for (const o of c.objections) {
    if (o.mediatorId === p.mediatorId)
      out.push({ kind: "objection", text: `当事人${o.partyName}申请其回避：${o.reason}` });
  }
  const away = c.dates.map((d) => p.unavailable.find((u) => u.fromOn <= d && d <= u.toOn));
  if (away.length > 0 && away.every(Boolean)) {
    const periods = [...new Set(away.map((u) => `${u!.label}（${md(u!.fromOn)}至${md(u!.toOn)}）`))];
    out.push({ kind: "unavailable", text: `${periods.join("、")}，拟定日期均不能参加调解` });
  }
  if (p.activeCases >= p.capacity) {
    out.push({ kind: "capacity", text: `在办案件 ${p.activeCases} 件，已达上限 ${p.capacity} 件` });
  }
  if (p.appointments.length > 0 && currentAppointments(p, c.today).length === 0) {
    const latest = [...p.appointments].sort((a, b) => b.termEnd.localeCompare(a.termEnd))[0]!;
    out.push({
      kind: "term",
      text:
        latest.termStart > c.today
          ? `${latest.poolName}${latest.batchName}聘期自${ymd(latest.termStart)}开始，尚未到任`
          : `${latest.poolName}${latest.batchName}聘期已于${ymd(latest.termEnd)}届满`,
    });
  }
  return out;
}

function home(p: CandidateProfile): string {
  return p.homeRegionCode ?? p.organisationRegionCode;
}

const isVillage = (code: string) => code.length >= 12 && code.slice(9, 12) !== "000";
const isTownship = (code: string) => code.slice(6, 9) !== "000";

/*
 * Each factor is a number first (computed for every candidate, so ranking thousands stays cheap)
 * and a sentence second (written only for the candidates shown). Both use the same functions.
 */

/** Where the dispute is, cut once per case: the prefixes a candidate's home is compared with. */
interface Place {
  village: string | null;
  township: string | null;
  county: string;
}
const places = new WeakMap<MatchCase, Place>();
function placeOf(c: MatchCase): Place {
  let place = places.get(c);
  if (!place) {
    const w = c.regionCode;
    place = {
      village: isVillage(w) ? w.slice(0, 12) : null,
      township: isTownship(w) ? w.slice(0, 9) : null,
      county: w.slice(0, 6),
    };
    places.set(c, place);
  }
  return place;
}

/** 3 same village, 2 same township, 1 same county, 0 elsewhere. */
function localTier(c: MatchCase, p: CandidateProfile): 0 | 1 | 2 | 3 {
  const h = home(p);
  const at = placeOf(c);
  if (at.village && isVillage(h) && h.startsWith(at.village)) return 3;
  if (at.township && isTownship(h) && h.startsWith(at.township)) return 2;
  return h.startsWith(at.county) ? 1 : 0;
}
const LOCAL_POINTS = [0, WEIGHTS.localCounty, WEIGHTS.localTownship, WEIGHTS.localVillage] as const;

const isOwn = (c: MatchCase, p: CandidateProfile) =>
  p.organisationId === c.organisationId || p.memberOrganisationIds.includes(c.organisationId);

function spoken(c: MatchCase, p: CandidateProfile): string[] {
  const out: string[] = [];
  for (const need of c.languages) {
    for (const l of p.languages) {
      if (l.includes(need) || need.includes(l)) {
        out.push(need);
        break;
      }
    }
  }
  return out;
}

function experiencePoints(p: CandidateProfile): number {
  if (!p.experience || p.experience.concluded === 0) return 0;
  const { concluded, successful } = p.experience;
  const volume = Math.min(1, concluded / FULL_EXPERIENCE_CASES);
  return WEIGHTS.experience * volume * ((successful + 1) / (concluded + 2));
}

const yearsOf = (c: MatchCase, p: CandidateProfile) =>
  p.sinceYear ? Math.max(0, Number(c.today.slice(0, 4)) - p.sinceYear) : 0;

const loadPoints = (p: CandidateProfile) =>
  WEIGHTS.load * Math.max(0, 1 - p.activeCases / Math.max(1, p.capacity));

function levelShare(tier: Level, level: Level): number {
  const diff = level - tier;
  return diff === 0 ? 1 : diff === 1 ? 0.7 : diff >= 2 ? 0.4 : diff === -1 ? 0.3 : 0;
}

const NONE: string[] = [];
function awayDates(c: MatchCase, p: CandidateProfile): string[] {
  if (p.unavailable.length === 0) return NONE;
  return c.dates.filter((d) => p.unavailable.some((u) => u.fromOn <= d && d <= u.toOn));
}

/** The candidate's points on every factor, as a number (exclusions aside). */
export function fitPoints(
  c: MatchCase,
  p: CandidateProfile,
  level: Level,
  tier: Level,
  withExperience = true,
): number {
  let points = p.specialties.includes(c.typeCode) ? WEIGHTS.specialty : 0;
  points += LOCAL_POINTS[localTier(c, p)];
  if (isOwn(c, p)) points += WEIGHTS.ownCommittee;
  if (c.languages.length) points += (WEIGHTS.language * spoken(c, p).length) / c.languages.length;
  if (withExperience) points += experiencePoints(p);
  points += WEIGHTS.seniority * Math.min(1, yearsOf(c, p) / FULL_SENIORITY_YEARS);
  points += loadPoints(p);
  points += WEIGHTS.level * levelShare(tier, level);
  if (c.dates.length)
    points += (WEIGHTS.availability * (c.dates.length - awayDates(c, p).length)) / c.dates.length;
  else points += WEIGHTS.availability;
  return points;
}

/** Whether any hard exclusion applies (the sentences come from exclusionsOf). */
function isExcluded(c: MatchCase, p: CandidateProfile, objected: ReadonlySet<number>): boolean {
  if (p.activeCases >= p.capacity || objected.has(p.mediatorId)) return true;
  for (const r of p.relations) for (const party of c.parties) if (relationApplies(r, party)) return true;
  if (p.unavailable.length && c.dates.length && awayDates(c, p).length === c.dates.length) return true;
  return p.appointments.length > 0 && currentAppointments(p, c.today).length === 0;
}

function factorTexts(c: MatchCase, p: CandidateProfile, level: Level, tier: Level): FactorScore[] {
  const out: FactorScore[] = [];
  if (p.specialties.includes(c.typeCode)) {
    out.push({
      factor: "specialty",
      points: WEIGHTS.specialty,
      max: WEIGHTS.specialty,
      text: `擅长${c.typeName}纠纷`,
    });
  }
  const local = localTier(c, p);
  if (local > 0) {
    const where = c.regionCode;
    const name = (prefix: string) => c.regionNames[prefix.padEnd(12, "0")] ?? "";
    const text =
      local === 3
        ? `${p.homeRegionCode ? "住在" : "服务于"}${name(where.slice(0, 12))}，熟悉当地人情`
        : `同在${name(where.slice(0, local === 2 ? 9 : 6))}`;
    out.push({ factor: "local", points: LOCAL_POINTS[local], max: WEIGHTS.localVillage, text });
  }
  if (isOwn(c, p)) {
    out.push({
      factor: "ownCommittee",
      points: WEIGHTS.ownCommittee,
      max: WEIGHTS.ownCommittee,
      text: "本委员会调解员",
    });
  }
  if (c.languages.length) {
    const langs = spoken(c, p);
    out.push({
      factor: "language",
      points: (WEIGHTS.language * langs.length) / c.languages.length,
      max: WEIGHTS.language,
      text: langs.length ? `会说${langs.join("、")}` : `不会${c.languages.join("、")}`,
    });
  }
  if (p.experience && p.experience.concluded > 0) {
    out.push({
      factor: "experience",
      points: experiencePoints(p),
      max: WEIGHTS.experience,
      text: `办结${c.typeName}纠纷 ${p.experience.concluded} 件，调解成功 ${p.experience.successful} 件`,
    });
  }
  const years = yearsOf(c, p);
  if (years > 0) {
    out.push({
      factor: "seniority",
      points: WEIGHTS.seniority * Math.min(1, years / FULL_SENIORITY_YEARS),
      max: WEIGHTS.seniority,
      text: `从事调解工作 ${years} 年`,
    });
  }
  out.push({
    factor: "load",
    points: loadPoints(p),
    max: WEIGHTS.load,
    text: `在办案件 ${p.activeCases} 件（上限 ${p.capacity} 件）`,
  });
  const diff = level - tier;
  const need =
    tier === 0 ? "一般纠纷，宜就地化解" : tier === 1 ? "风险、金额或人数较大" : "风险重大或金额、人数很大";
  out.push({
    factor: "level",
    points: WEIGHTS.level * levelShare(tier, level),
    max: WEIGHTS.level,
    text: `${LEVEL_LABELS[level]}调解力量，${diff === 0 ? "与案件相称" : diff > 0 ? "高于案件所需" : "低于案件所需"}（${need}）`,
  });
  const away = awayDates(c, p);
  out.push({
    factor: "availability",
    points: c.dates.length
      ? (WEIGHTS.availability * (c.dates.length - away.length)) / c.dates.length
      : WEIGHTS.availability,
    max: WEIGHTS.availability,
    text: away.length
      ? `${away.map(md).join("、")}不能参加，其余拟定日期有空`
      : `拟定日期（${c.dates.map(md).join("、")}）有空`,
  });
  return out;
}

function sourceOf(c: MatchCase, p: CandidateProfile): string {
  if (isOwn(c, p)) return "本委员会";
  const pool = currentAppointments(p, c.today)[0] ?? p.appointments[0];
  if (pool) return `${pool.poolName}（${pool.batchName}）`;
  const h = home(p);
  if (
    (p.kind === "five_elders" || p.kind === "sage") &&
    isVillage(h) &&
    h.slice(0, 12) === c.regionCode.slice(0, 12)
  ) {
    return `${c.regionNames[h.slice(0, 12)] ?? ""}${MEDIATOR_KIND_LABELS[p.kind]}`;
  }
  return p.organisationName;
}

/** Scores one candidate on every factor, with the sentence for each (exclusions aside). */
export function scoreCandidate(
  c: MatchCase,
  p: CandidateProfile,
): { factors: FactorScore[]; points: number } {
  const factors = factorTexts(c, p, mediatorLevel(p, c.today), caseTier(c));
  return { factors, points: factors.reduce((s, f) => s + f.points, 0) };
}

/** The most points this case makes possible (language counts only when the parties need one). */
export function maxPoints(c: Pick<MatchCase, "languages">): number {
  const { localTownship: _t, localCounty: _c, language, ...rest } = WEIGHTS;
  void _t;
  void _c;
  return Object.values(rest).reduce((s, w) => s + w, 0) + (c.languages.length ? language : 0);
}

interface Scored {
  p: CandidateProfile;
  level: Level;
  /** Points on every factor but experience (which may be looked up after scoring). */
  base: number;
  points: number;
  loadRatio: number;
  excluded: boolean;
}

/** A case's candidates scored once; needsExperienceOf and rankScoring read it. */
export interface Scoring {
  c: MatchCase;
  tier: Level;
  scored: Scored[];
}

function explain(c: MatchCase, s: Scored, tier: Level, max: number, rank: number | undefined): MatchResult {
  const p = s.p;
  const exclusions = s.excluded ? exclusionsOf(c, p) : [];
  const factors = factorTexts(c, p, s.level, tier);
  const kindLabel =
    p.kind === "five_elders" && p.fiveEldersKind
      ? `${MEDIATOR_KIND_LABELS.five_elders}（${FIVE_ELDERS_LABELS[p.fiveEldersKind]}）`
      : (MEDIATOR_KIND_LABELS[p.kind] ?? p.kind);
  const pool = currentAppointments(p, c.today)[0];
  const role = c.assigned.find((a) => a.mediatorId === p.mediatorId)?.role;
  return {
    mediatorId: p.mediatorId,
    name: p.name,
    kind: p.kind,
    kindLabel: pool ? `${kindLabel}·${POOL_LEVEL_LABELS[pool.level]}专家` : kindLabel,
    title: p.title,
    source: sourceOf(c, p),
    organisationName: p.organisationName,
    level: s.level,
    levelLabel: LEVEL_LABELS[s.level],
    score: s.excluded ? 0 : Math.round((100 * s.points) / max),
    ...(rank !== undefined ? { rank } : {}),
    reasons: factors
      .filter((f) => f.points > 0 || f.factor === "language" || f.factor === "level")
      .map((f) => f.text),
    factors,
    ...(exclusions.length ? { excluded: exclusions.map((e) => e.text).join("；") } : {}),
    exclusions,
    activeCases: p.activeCases,
    capacity: p.capacity,
    ...(role ? { assignedRole: role } : {}),
    points: s.points,
    loadRatio: s.loadRatio,
  };
}

const byFit = (a: Scored, b: Scored) =>
  b.points - a.points ||
  a.loadRatio - b.loadRatio ||
  a.p.activeCases - b.p.activeCases ||
  a.p.mediatorId - b.p.mediatorId;

/** Scores every candidate once: level, points but experience, exclusion. Pure. */
export function score(c: MatchCase, candidates: readonly CandidateProfile[]): Scoring {
  const tier = caseTier(c);
  const objected = new Set(c.objections.map((o) => o.mediatorId));
  const scored: Scored[] = new Array(candidates.length);
  for (let i = 0; i < candidates.length; i++) {
    const p = candidates[i]!;
    const level = mediatorLevel(p, c.today);
    const base = fitPoints(c, p, level, tier, false);
    scored[i] = {
      p,
      level,
      base,
      points: base,
      loadRatio: p.activeCases / Math.max(1, p.capacity),
      excluded: isExcluded(c, p, objected),
    };
  }
  return { c, tier, scored };
}

/**
 * Whose record on this type is worth looking up when only the best `limit` will be shown:
 * experience adds at most WEIGHTS.experience points, so a candidate whose other points fall
 * short of the limit-th best by more than that cannot reach the list (excluded candidates are
 * judged the same way, since they are shown when they would have made it). With no more
 * candidates than the limit, everyone. Pure.
 */
export function needsExperienceOf(scoring: Scoring, limit: number): number[] {
  const all = scoring.scored;
  const bases: number[] = [];
  for (const s of all) if (!s.excluded) bases.push(s.base);
  if (bases.length <= limit) return all.map((s) => s.p.mediatorId);
  bases.sort((a, b) => b - a);
  const floor = bases[limit - 1]! - WEIGHTS.experience;
  const out: number[] = [];
  for (const s of all) if (s.base >= floor) out.push(s.p.mediatorId);
  return out;
}

export function needsExperience(
  c: MatchCase,
  candidates: readonly CandidateProfile[],
  limit: number,
): number[] {
  return needsExperienceOf(score(c, candidates), limit);
}

export interface Ranking {
  /** The explained candidates: the best `limit` in rank order, then the excluded. */
  results: MatchResult[];
  /** How many candidates were ranked, and how many excluded, in all. */
  ranked: number;
  excluded: number;
}

/**
 * Ranks scored candidates, adding each one's record on the type (filled in the profiles after
 * scoring, or null). Not excluded first, by points, then by lighter load (so equally good
 * mediators share the work), then by id; the excluded after them, with their reasons. Only the
 * best `limit` are explained and returned, together with the excluded who would have been among
 * them (and any mediator in `include`, e.g. the committee's own, wherever they stand).
 */
export function rankScoring(
  scoring: Scoring,
  opts: { limit?: number; include?: ReadonlySet<number> } = {},
): Ranking {
  const { c, tier } = scoring;
  const limit = opts.limit ?? Infinity;
  const include = opts.include ?? new Set<number>();
  const max = maxPoints(c);
  const ranked: Scored[] = [];
  const excluded: Scored[] = [];
  let exact = true;
  for (const s of scoring.scored) {
    if (s.p.experience === null) exact = false;
    s.points = s.base + experiencePoints(s.p);
    (s.excluded ? excluded : ranked).push(s);
  }
  ranked.sort(byFit);
  const cutoff = ranked.length > limit ? ranked[limit - 1]!.points : -Infinity;
  // Below the list, a candidate whose record was not looked up may stand higher than shown: no rank there.
  const results: MatchResult[] = [];
  ranked.forEach((s, i) => {
    if (i < limit) results.push(explain(c, s, tier, max, i + 1));
    else if (include.has(s.p.mediatorId)) results.push(explain(c, s, tier, max, exact ? i + 1 : undefined));
  });
  excluded.sort((a, b) => a.p.mediatorId - b.p.mediatorId);
  for (const s of excluded) {
    if (s.points >= cutoff || include.has(s.p.mediatorId)) results.push(explain(c, s, tier, max, undefined));
  }
  return { results, ranked: ranked.length, excluded: excluded.length };
}

/** Scores and ranks (see score() and rankScoring()). */
export function rank(
  c: MatchCase,
  candidates: readonly CandidateProfile[],
  opts: { limit?: number; include?: ReadonlySet<number> } = {},
): Ranking {
  return rankScoring(score(c, candidates), opts);
}

/** Every candidate, ranked and explained. */
export function rankCandidates(c: MatchCase, candidates: readonly CandidateProfile[]): MatchResult[] {
  return rank(c, candidates).results;
}

export interface TeamProfile {
  teamId: number;
  name: string;
  kind: TeamKind;
  leadMediatorId: number;
  memberIds: number[];
}

export interface TeamMatch {
  teamId: number;
  name: string;
  kind: TeamKind;
  kindLabel: string;
  leadMediatorId: number;
  leadName: string;
  score: number;
  reasons: string[];
  members: { mediatorId: number; name: string; excluded?: string }[];
  excluded?: string;
}

/**
 * Teams that can take the case as a whole, scored by their lead. Members who are excluded (or not
 * candidates for this case at all) stay out; a team whose lead is excluded cannot be assigned.
 */
export function rankTeams(teams: TeamProfile[], results: MatchResult[]): TeamMatch[] {
  const byId = new Map(results.map((r) => [r.mediatorId, r]));
  const out = teams.map((t): TeamMatch => {
    const members = t.memberIds.map((id) => {
      const r = byId.get(id);
      if (!r) return { mediatorId: id, name: "", excluded: "不在本案可指派的范围内" };
      return { mediatorId: id, name: r.name, ...(r.excluded ? { excluded: r.excluded } : {}) };
    });
    const lead = byId.get(t.leadMediatorId);
    const joining = members.filter((m) => !m.excluded);
    const reasons = [
      lead
        ? `负责人${lead.name}${lead.excluded ? "" : `（推荐得分 ${lead.score}）`}`
        : "负责人不在本案可指派的范围内",
      `可参加成员 ${joining.length} / ${members.length} 人`,
      ...members.filter((m) => m.excluded && m.name).map((m) => `${m.name}不参加：${m.excluded}`),
    ];
    const excluded = !lead
      ? "负责人不在本案可指派的范围内"
      : lead.excluded
        ? `负责人${lead.name}${lead.excluded}`
        : undefined;
    return {
      teamId: t.teamId,
      name: t.name,
      kind: t.kind,
      kindLabel: TEAM_KIND_LABELS[t.kind] ?? t.kind,
      leadMediatorId: t.leadMediatorId,
      leadName: lead?.name ?? "",
      score: excluded ? 0 : lead!.score,
      reasons,
      members: members.filter((m) => m.name),
      ...(excluded ? { excluded } : {}),
    };
  });
  return out.sort(
    (a, b) => Number(!!a.excluded) - Number(!!b.excluded) || b.score - a.score || a.teamId - b.teamId,
  );
}
