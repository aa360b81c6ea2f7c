import type { Knex } from "knex";
import type { CaseDetail } from "../cases/service.js";
import type { Clock } from "../clock.js";
import { NotFoundError, ValidationError, type FieldError } from "../errors.js";
import type { SessionUser } from "../people/scope.js";
import { beijingDate } from "../shared/dates.js";
import { parseOrThrow } from "../validation.js";
import { loadCandidates } from "./candidates-repository.js";
import { coveringCodes } from "./coverage.js";
import { ETHNIC_LANGUAGES, TEAM_KIND_LABELS } from "./labels.js";
import {
  needsExperienceOf,
  rankScoring,
  rankTeams,
  score,
  type MatchCase,
  type MatchResult,
  type TeamMatch,
} from "./matching.js";
import {
  loadCurrentTeams,
  loadDisplay,
  loadExperience,
  loadMatchableCase,
  loadObjections,
  loadRegionNames,
  loadTeams,
  type MatchableCase,
} from "./matching-repository.js";
import { committeeRoster, type RosterEntry } from "./roster.js";
import { matchQuery } from "./schemas.js";

export interface MatchReport {
  caseId: number;
  caseNumber: string;
  dates: string[];
  languages: string[];
  /** The best candidates in rank order, then the excluded who would have been among them. */
  results: MatchResult[];
  /** How many candidates were ranked, and how many excluded, in all. */
  ranked: number;
  excluded: number;
  teams: TeamMatch[];
}

export interface MatchOptions {
  dates: string[];
  languages: string[];
  /** How many ranked candidates to explain and return (default 50; Infinity for all). */
  limit?: number;
  /** Mediators to explain wherever they stand (e.g. a committee's own, in the assign form). */
  include?: Iterable<number>;
  /** Also rank the teams that could take the case as a whole (default true). */
  teams?: boolean;
}

/** How many ranked candidates the API and the service return unless asked for more. */
export const DEFAULT_LIMIT = 50;

/** How many ranked candidates the case page shows before “显示全部”; the assign form offers as many. */
export const PANEL_SIZE = 10;

/** Statuses in which the case page shows the 推荐调解员 panel: the case can still be assigned. */
const PANEL_STATUSES = ["intake", "accepted", "in_mediation"];

/**
 * Matching with I/O: loads a case's candidates through the repositories, hands them to the pure
 * scorer (matching.ts) and fetches names only for the few it explains.
 */
export class MatchingService {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
  ) {}

  /**
   * Ranked, explained candidates for a case the user can see (404 otherwise). `dates` are the
   * proposed session dates (default today); `languages` what the parties need beyond what their
   * nationality implies.
   */
  async matches(
    user: SessionUser,
    caseId: number,
    query: unknown = {},
    { teams = true }: { teams?: boolean } = {},
  ): Promise<MatchReport> {
    const opts = parseOrThrow(matchQuery, query ?? {});
    const kase = await loadMatchableCase(this.knex, user, caseId);
    if (!kase) throw new NotFoundError("找不到该案件，或您无权查看");
    return this.matchesFor(kase, {
      ...opts,
      limit: opts.all ? Infinity : (opts.limit ?? DEFAULT_LIMIT),
      teams,
    });
  }

  /**
   * The same for a case already loaded (and checked visible) by the caller. Everyone is scored;
   * the best `limit` are explained (with the excluded who would have been among them, team
   * members, and anyone in `include`).
   */
  async matchesFor(kase: MatchableCase, opts: MatchOptions): Promise<MatchReport> {
    const today = beijingDate(this.clock.now());
    const dates = opts.dates.length ? [...new Set(opts.dates)].sort() : [today];
    const implied = kase.parties
      .map((p) => p.ethnicity?.trim())
      .filter((e): e is string => !!e)
      .map((e) => ETHNIC_LANGUAGES[e.endsWith("族") ? e : `${e}族`])
      .filter((l): l is string => !!l);
    const languages = [...new Set([...opts.languages, ...implied])];
    const [regionNames, objections] = await Promise.all([
      loadRegionNames(this.knex, coveringCodes(kase.regionCode)),
      loadObjections(this.knex, kase.id),
    ]);
    const c: MatchCase = {
      typeCode: kase.typeCode,
      typeName: kase.typeName,
      regionCode: kase.regionCode,
      regionNames,
      organisationId: kase.organisationId,
      riskLevel: kase.riskLevel,
      amountFen: kase.amountFen,
      peopleInvolved: kase.peopleInvolved,
      languages,
      dates,
      today,
      parties: kase.parties.map((p) => ({ id: p.id, name: p.name, idNumber: p.idNumber, phone: p.phone })),
      objections,
      assigned: kase.assignments
        .filter((a) => !a.endedAt)
        .map((a) => ({ mediatorId: a.mediatorId, role: a.role })),
    };
    const scope = { caseOrganisationId: kase.organisationId, regionCode: kase.regionCode };
    const [candidates, teams] = await Promise.all([
      loadCandidates(this.knex, {
        ...scope,
        typeCode: kase.typeCode,
        parties: c.parties,
        caseId: kase.id,
        dates,
        languages: languages.length > 0,
      }),
      opts.teams === false ? Promise.resolve([]) : loadTeams(this.knex, scope),
    ]);
    const include = new Set([
      ...(opts.include ?? []),
      ...teams.flatMap((t) => t.memberIds),
      ...c.assigned.map((a) => a.mediatorId),
    ]);
    const limit = opts.limit ?? DEFAULT_LIMIT;
    const scoring = score(c, candidates);
    // Records on this type only for those who can reach the list (and those shown regardless).
    const wanted = new Set([...needsExperienceOf(scoring, limit), ...include]);
    const records = await loadExperience(this.knex, {
      typeCode: kase.typeCode,
      caseId: kase.id,
      ids: [...wanted],
    });
    for (const p of candidates) {
      if (wanted.has(p.mediatorId))
        p.experience = records.get(p.mediatorId) ?? { concluded: 0, successful: 0 };
    }
    const ranking = rankScoring(scoring, { limit, include });
    const display = await loadDisplay(
      this.knex,
      ranking.results.map((r) => r.mediatorId),
    );
    for (const r of ranking.results) {
      r.name = display.get(r.mediatorId)?.name ?? "";
      r.title = display.get(r.mediatorId)?.title ?? null;
    }
    return {
      caseId: kase.id,
      caseNumber: kase.number,
      dates,
      languages,
      results: ranking.results,
      ranked: ranking.ranked,
      excluded: ranking.excluded,
      teams: rankTeams(teams, ranking.results),
    };
  }

  /** Teams assigned as a whole and still on the case. */
  async currentTeams(caseId: number): Promise<{ id: number; name: string; kindLabel: string }[]> {
    return (await loadCurrentTeams(this.knex, caseId)).map((t) => ({
      id: t.id,
      name: t.name,
      kindLabel: TEAM_KIND_LABELS[t.kind] ?? String(t.kind),
    }));
  }

  /** A committee's own active mediators: the first choices of the assign form. */
  roster(organisationId: number): Promise<RosterEntry[]> {
    return committeeRoster(this.knex, organisationId);
  }

  /**
   * The case page's 推荐调解员 panel (views/partials/match-panel.hbs): ranked candidates with their
   * reasons, teams, and who is excluded and why; null once the case can no longer be assigned.
   * The proposed dates and languages come from the panel's own little form: bad ones are shown as
   * errors on it and the panel ranks for today.
   */
  async panel(kase: CaseDetail, query: Record<string, string>) {
    if (!PANEL_STATUSES.includes(kase.status)) return null;
    const raw = { dates: query.dates ?? "", languages: query.languages ?? "", all: query.allMatches };
    let errors: FieldError[] | undefined;
    let opts: { dates: string[]; languages: string[]; all?: boolean } = { dates: [], languages: [] };
    try {
      opts = parseOrThrow(matchQuery, raw);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      errors = err.errors;
    }
    const limit = opts.all ? Infinity : PANEL_SIZE;
    const [report, currentTeams] = await Promise.all([
      this.matchesFor(kase, { ...opts, limit }),
      this.currentTeams(kase.id),
    ]);
    const canAssign = kase.allowedActions.includes("assign");
    // The best, and whoever is on the case already wherever they stand; only the best link to the form.
    const shown = report.results
      .filter((r) => !r.excluded && ((r.rank ?? Infinity) <= limit || r.assignedRole))
      .map((r) => ({ ...r, linkable: canAssign && r.rank !== undefined && r.rank <= PANEL_SIZE }));
    return {
      caseId: kase.id,
      dates: report.dates,
      languages: report.languages,
      values: { dates: raw.dates || report.dates.join("、"), languages: raw.languages },
      errors,
      shown,
      total: report.ranked,
      more: !opts.all && report.ranked > PANEL_SIZE,
      excluded: report.results.filter((r) => r.excluded),
      excludedTotal: report.excluded,
      teams: report.teams,
      currentTeams,
      canAssign,
      canObject: kase.allowedActions.includes("record-objection"),
    };
  }
}
