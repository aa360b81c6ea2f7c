import { MEDIATOR_KIND_LABELS } from "./roster.js";
import type { PoolLevel } from "./labels.js";
import type { Appointment, CandidateProfile, FactorScore, Level, MatchCase } from "./match-types.js";

/**
 * The factors a candidate is scored on, each as points (for every candidate) and as a sentence
 * (for those shown). Pure: plain data in, numbers and Chinese text out.
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

export const LEVEL_LABELS = ["村（社区）", "乡镇（街道）", "县级", "市级", "省级"] as const;
const POOL_LEVEL: Record<PoolLevel, Level> = { county: 2, city: 3, province: 4 };
const ORG_LEVEL: Record<string, Level> = {
  village_committee: 0,
  township_committee: 1,
  studio: 1,
  professional_committee: 2,
};

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

export function currentAppointments(p: CandidateProfile, today: string): Appointment[] {
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

export const md = (iso: string) => `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
export const ymd = (iso: string) => `${iso.slice(0, 4)}年${md(iso)}`;

export function home(p: CandidateProfile): string {
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

export const isOwn = (c: MatchCase, p: CandidateProfile) =>
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

export function experiencePoints(p: CandidateProfile): number {
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
export function awayDates(c: MatchCase, p: CandidateProfile): string[] {
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

export function factorTexts(c: MatchCase, p: CandidateProfile, level: Level, tier: Level): FactorScore[] {
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

export function sourceOf(c: MatchCase, p: CandidateProfile): string {
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
