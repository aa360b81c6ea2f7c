import { FIVE_ELDERS_LABELS, POOL_LEVEL_LABELS } from "./labels.js";
import { exclusionsOf, isExcluded } from "./exclusions.js";
import {
  caseTier,
  currentAppointments,
  experiencePoints,
  factorTexts,
  fitPoints,
  LEVEL_LABELS,
  mediatorLevel,
  sourceOf,
  WEIGHTS,
} from "./factors.js";
import type { CandidateProfile, FactorScore, Level, MatchCase, MatchResult } from "./match-types.js";
import { MEDIATOR_KIND_LABELS } from "./roster.js";

/**
 * Which mediators suit a case, and why: score every candidate once (factors.ts, exclusions.ts),
 * then rank and explain only the best. Pure: no database, no clock; matching-service.ts loads
 * the data and passes today's date. This module is the scorer's public surface.
 */
export { caseTier, fitPoints, mediatorLevel, TIER_RULES, WEIGHTS } from "./factors.js";
export { BARS, exclusionsOf, relationApplies } from "./exclusions.js";
export { rankTeams } from "./team-matching.js";
export type * from "./match-types.js";

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
