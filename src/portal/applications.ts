import { randomInt } from "node:crypto";
import type { Knex } from "knex";
import { isoNow, type Clock } from "../clock.js";
import { writeCaseEvent } from "../cases/events.js";
import { indexCase, insertCase, issueNumber, missingReferences } from "../cases/intake-repository.js";
import { ValidationError, type FieldError } from "../errors.js";
import { beijingDate } from "../shared/dates.js";
import { parseOrThrow } from "../validation.js";
import { applicationSchema } from "./application-schema.js";
import { ApplicationsRepository, type Committee } from "./applications-repository.js";

/** 查询码: eight characters a party can read out over the phone — no 0/O or 1/I to confuse. */
export const TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const TRACKING_CODE = /^[2-9A-HJ-NP-Z]{8}$/;

/** Applications one phone may make in 24 hours: enough for a family's disputes, not for a flood. */
export const APPLICATIONS_PER_DAY = 5;

export type ApplicationResult =
  | { outcome: "created"; id: number; trackingCode: string; status: "intake"; committee: string }
  | { outcome: "limited"; message: string; retryAfterSeconds: number };

/**
 * A party applies for mediation from their phone (我要调解): the case is registered as staff
 * intake registers it — the same party rules, the committee's number series, the search index —
 * in the intake queue of the committee serving the place (or the professional committee chosen),
 * with source `application`, channel `online` and a tracking code. The event's actor is the party.
 */
export class PortalApplications {
  readonly repo: ApplicationsRepository;

  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly random: (n: number) => number = (n) => randomInt(n),
  ) {
    this.repo = new ApplicationsRepository(knex);
  }

  /** The committees a party may choose instead of the one serving the place (the form's list). */
  choosableCommittees() {
    return this.repo.choosableCommittees();
  }

  /** What the confirmation page shows: only to the phone that applied. */
  confirmation(phone: string, caseId: number) {
    return this.repo.confirmation(phone, caseId);
  }

  /**
   * `within` runs in the application's transaction once the case is stored (the web form's photos
   * as the applicant's evidence): if it throws, nothing of the application is stored.
   */
  async apply(
    phone: string,
    body: unknown,
    within?: (
      trx: Knex.Transaction,
      stored: { caseId: number; party: { id: number; name: string }; at: string },
    ) => Promise<void>,
  ): Promise<ApplicationResult> {
    const now = this.clock.now();
    const today = beijingDate(now);
    const data = parseOrThrow(applicationSchema(today, phone), body);
    const at = isoNow(this.clock);
    return this.knex.transaction(async (trx) => {
      const since = new Date(now.getTime() - 24 * 3600_000).toISOString();
      if ((await this.repo.countSince(trx, phone, since)) >= APPLICATIONS_PER_DAY) {
        return {
          outcome: "limited" as const,
          retryAfterSeconds: 24 * 3600,
          message: `同一手机号 24 小时内最多提交 ${APPLICATIONS_PER_DAY} 份调解申请，请明天再试；急事请直接到当地调解委员会或拨打司法所电话`,
        };
      }
      const org = await this.destination(trx, data);
      const mediator = data.preferredMediatorId
        ? await this.repo.activeMediator(trx, data.preferredMediatorId)
        : null;
      if (data.preferredMediatorId && !mediator) {
        throw new ValidationError([
          { field: "preferredMediatorId", message: "希望的调解员不存在或已不在岗" },
        ]);
      }
      const issued = await issueNumber(trx, org, Number(today.slice(0, 4)));
      const caseId = await insertCase(
        trx,
        {
          number: issued.number,
          organisation_id: org.id,
          status: "intake",
          source: "application",
          type_code: data.typeCode,
          summary: data.summary,
          occurred_on: data.occurredOn ?? null,
          region_code: data.regionCode,
          address: null,
          amount_fen: data.amountFen,
          risk_level: "ordinary",
          registered_on: today,
          created_by: null,
          version: 1,
          created_at: at,
          updated_at: at,
        },
        data.parties,
      );
      await issued.record(caseId);
      const trackingCode = await this.newTrackingCode(trx);
      await this.repo.markOnline(trx, caseId, trackingCode);
      await indexCase(trx, caseId);
      const partyId = await this.repo.applicantPartyId(trx, caseId);
      const wish = mediator ? `，希望由调解员${mediator.name}调解` : "";
      await writeCaseEvent(trx, {
        caseId,
        actorUserId: null,
        action: "intake",
        fromStatus: null,
        toStatus: "intake",
        summary: `当事人网上申请调解（查询码 ${trackingCode}），案号 ${issued.number}，当事人 ${data.parties.length} 人${wish}`,
        data: {
          actor: { kind: "party", partyId },
          source: "application",
          channel: "online",
          typeCode: data.typeCode,
          trackingCode,
          preferredMediatorId: mediator?.id ?? null,
        },
        at,
      });
      if (within) await within(trx, { caseId, party: { id: partyId, name: data.parties[0]!.name }, at });
      return {
        outcome: "created" as const,
        id: caseId,
        trackingCode,
        status: "intake" as const,
        committee: org.name,
      };
    });
  }

  /** The chosen committee, or the one serving the place; a place no committee serves is refused. */
  private async destination(
    trx: Knex.Transaction,
    data: { typeCode: string; regionCode: string; organisationId?: number },
  ): Promise<Committee> {
    const errors: FieldError[] = await missingReferences(trx, data);
    if (errors.length) throw new ValidationError(errors);
    if (data.organisationId !== undefined) {
      const chosen = await this.repo.chosenCommittee(trx, data.organisationId, data.regionCode);
      if (!chosen) {
        throw new ValidationError([
          { field: "organisationId", message: "所选调解委员会不存在，或不受理该地的网上申请" },
        ]);
      }
      return chosen;
    }
    const serving = await this.repo.servingCommittee(trx, data.regionCode);
    if (!serving) {
      throw new ValidationError([
        {
          field: "regionCode",
          message:
            "该地暂无受理网上申请的村（社区）或乡镇人民调解委员会，请选择专业调解委员会，或到当地司法所申请",
        },
      ]);
    }
    return serving;
  }

  private async newTrackingCode(trx: Knex.Transaction): Promise<string> {
    for (let tries = 0; tries < 50; tries++) {
      const code = Array.from(
        { length: 8 },
        () => TRACKING_ALPHABET[this.random(TRACKING_ALPHABET.length)],
      ).join("");
      if (!(await this.repo.trackingCodeTaken(trx, code))) return code;
    }
    throw new Error("no free tracking code after 50 tries");
  }
}
