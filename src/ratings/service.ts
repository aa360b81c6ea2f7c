import type { Knex } from "knex";
import { writeCaseEvent } from "../cases/events.js";
import type { Clock } from "../clock.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { beijingDate } from "../shared/dates.js";
import { parseOrThrow } from "../validation.js";
import { RatingRepository, type RatingRow } from "./repository.js";
import {
  ALREADY_RATED_MESSAGE,
  isRateable,
  NOT_CONCLUDED_MESSAGE,
  RATING_LABELS,
  ratingSchema,
  type RatingSatisfaction,
} from "./rules.js";

/** What the party's rating card shows: rate now, already rated, or not yet. */
export type RatingCard =
  | { state: "open"; partyName: string }
  | { state: "rated"; satisfaction: RatingSatisfaction; label: string }
  | { state: "not_yet"; message: string };

export interface RatingCreated {
  id: number;
  partyId: number;
  satisfaction: RatingSatisfaction;
  comment: string | null;
  ratedAt: string;
}

export interface RatingView extends RatingRow {
  label: string;
}

const label = (s: string) => RATING_LABELS[s as RatingSatisfaction] ?? s;

/**
 * 群众评单: each party rates a concluded case once (src/ratings/README.md). A phone rates for the
 * parties it speaks for on the case (its own first, then those it is the agent of), one per call.
 */
export class RatingService {
  private readonly repo: RatingRepository;

  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
  ) {
    this.repo = new RatingRepository(knex);
  }

  async rate(phone: string, caseId: number, body: unknown): Promise<RatingCreated> {
    const input = parseOrThrow(ratingSchema, body ?? {});
    return this.repo.transaction(async (trx) => {
      const parties = await this.repo.partiesForPhone(trx, caseId, phone);
      if (parties.length === 0) throw new NotFoundError("找不到该案件");
      const status = (await this.repo.caseStatus(trx, caseId))!;
      if (!isRateable(status)) throw new ConflictError(NOT_CONCLUDED_MESSAGE);
      const rated = await this.repo.ratedPartyIds(trx, caseId);
      const party = parties.find((p) => !rated.has(p.partyId));
      if (!party) throw new ConflictError(ALREADY_RATED_MESSAGE);
      const now = this.clock.now();
      const at = now.toISOString();
      // The unique (case_id, party_id) key also refuses a second rating sent at the same instant.
      const id = await this.repo
        .insert(trx, { caseId, partyId: party.partyId, ...input, at, on: beijingDate(now) })
        .catch((err: unknown) => {
          if (/unique|duplicate/i.test(String(err))) throw new ConflictError(ALREADY_RATED_MESSAGE);
          throw err;
        });
      await writeCaseEvent(trx, {
        caseId,
        actorUserId: null,
        action: "party-rating",
        fromStatus: null,
        toStatus: null,
        summary: `${party.name}评价本案：${label(input.satisfaction)}${input.comment ? `。${input.comment}` : ""}`,
        data: { actor: { kind: "party", partyId: party.partyId }, satisfaction: input.satisfaction },
        at,
      });
      return {
        id,
        partyId: party.partyId,
        satisfaction: input.satisfaction,
        comment: input.comment,
        ratedAt: at,
      };
    });
  }

  /** The card on the party's case page; null when the phone has no party on the case (404). */
  async card(phone: string, caseId: number): Promise<RatingCard | null> {
    const db = this.knex;
    const parties = await this.repo.partiesForPhone(db, caseId, phone);
    if (parties.length === 0) return null;
    const status = (await this.repo.caseStatus(db, caseId))!;
    const rated = await this.repo.ratedPartyIds(db, caseId);
    const party = parties.find((p) => !rated.has(p.partyId));
    if (!party) {
      const mine = (await this.repo.forCase(caseId)).filter((r) =>
        parties.some((p) => p.partyId === r.partyId),
      );
      const last = mine.at(-1)!;
      const satisfaction = last.satisfaction as RatingSatisfaction;
      return { state: "rated", satisfaction, label: label(satisfaction) };
    }
    if (!isRateable(status)) return { state: "not_yet", message: NOT_CONCLUDED_MESSAGE };
    return { state: "open", partyName: party.name };
  }

  /** Whether every party this phone speaks for has rated (api.md `me.rated`). */
  async rated(phone: string, caseId: number): Promise<boolean> {
    return (await this.card(phone, caseId))?.state === "rated";
  }

  /** The parties' ratings of one case, for the staff's case page. */
  async forCase(caseId: number): Promise<RatingView[]> {
    return (await this.repo.forCase(caseId)).map((r) => ({ ...r, label: label(r.satisfaction) }));
  }

  /** The ratings of the cases a mediator led: counts by answer and the dissatisfied comments. */
  async forMediator(mediatorId: number) {
    const rows = await this.repo.forLeadMediator(mediatorId);
    const count = (s: RatingSatisfaction) => rows.filter((r) => r.satisfaction === s).length;
    return {
      total: rows.length,
      satisfied: count("satisfied"),
      basicallySatisfied: count("basically_satisfied"),
      dissatisfied: count("dissatisfied"),
      complaints: rows
        .filter((r) => r.satisfaction === "dissatisfied")
        .map((r) => ({ caseId: r.caseId, caseNumber: r.caseNumber, comment: r.comment, ratedAt: r.ratedAt })),
    };
  }
}
