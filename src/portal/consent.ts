import type { Knex } from "knex";
import { z } from "zod";
import type { Clock } from "../clock.js";
import { CONSENT_STATUSES, mayAnswerOnline, recordConsents } from "../cases/consent.js";
import { PARTY_STALE_MESSAGE, partyStep } from "../cases/party-steps.js";
import { loadCase } from "../cases/repository.js";
import type { CaseView } from "../cases/views.js";
import { noticeBlocks, noticeSalutation, type NoticeBlock } from "../documents/notice-text.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { beijingDate } from "../shared/dates.js";
import { parseOrThrow } from "../validation.js";
import { partyIdsForPhone } from "./case-detail-repository.js";

const yesNo = (v: unknown) =>
  v === true || v === "true" || v === "yes" ? true : v === false || v === "false" || v === "no" ? false : v;

/** `POST /portal/cases/{id}/consent {noticeRead: true, consented}` (+ `version`, the page's, optional). */
export const consentSchema = z.object({
  noticeRead: z.preprocess(yesNo, z.literal(true, { error: "请先阅读告知书，并确认已阅读告知书" })),
  consented: z.preprocess(yesNo, z.boolean({ error: "请选择是否同意调解" })),
  version: z.coerce.number({ error: "版本号 version 应为整数" }).int("版本号 version 应为整数").optional(),
});

export interface PartyNotice {
  caseId: number;
  version: number;
  number: string;
  committee: string;
  title: string;
  salutation: string;
  blocks: NoticeBlock[];
  /** The whole notice as plain text (paragraphs separated by blank lines). */
  text: string;
  /** Whether the reader may still answer (the case in mediation, their answer not given). */
  canAnswer: boolean;
  me: { partyId: number; consent?: { consented: boolean; online: boolean; at?: string } };
}

const NOT_FOUND = "找不到该纠纷，或它与您的手机号无关";

/**
 * A party reads the rights-and-duties notice (告知书, GD30) on their phone and says whether they
 * agree to mediation (RL17): the same record as staff's record-consent (src/cases/consent.ts),
 * marked online with its time, written as the party's own step (src/cases/party-steps.ts). A
 * phone that is the party's and, as agent, another's answers for each of them not yet answered.
 * The case's notice date (consent_notice_on) is the day of the first answer, online or staff's;
 * one recorded already is kept.
 */
export class PartyConsent {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
  ) {}

  private async load(phone: string, id: number): Promise<{ kase: CaseView; partyIds: number[] }> {
    if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError(NOT_FOUND);
    const partyIds = await partyIdsForPhone(this.knex, phone, id);
    const kase = partyIds.length ? await loadCase(this.knex, id) : null;
    if (!kase) throw new NotFoundError(NOT_FOUND);
    return { kase, partyIds };
  }

  async notice(phone: string, id: number): Promise<PartyNotice> {
    const { kase, partyIds } = await this.load(phone, id);
    const mine = kase.parties.filter((p) => partyIds.includes(p.id));
    const me = mine[0]!;
    const blocks = noticeBlocks(kase);
    const salutation = noticeSalutation(kase);
    return {
      caseId: kase.id,
      version: kase.version,
      number: kase.number,
      committee: kase.organisationName,
      title: "人民调解告知书",
      salutation,
      blocks,
      text: [salutation, ...blocks.map((b) => (b.kind === "list" ? b.items.join("\n") : b.text))].join(
        "\n\n",
      ),
      canAnswer: mine.some((p) => mayAnswerOnline(kase, p)),
      me: {
        partyId: me.id,
        ...(me.consent
          ? {
              consent: {
                consented: me.consent === "yes",
                online: !!me.consentOnlineAt,
                ...(me.consentOnlineAt ? { at: me.consentOnlineAt } : {}),
              },
            }
          : {}),
      },
    };
  }

  /** What answer() would refuse (404, 400, 409), without answering: the web asks to confirm a "no" first. */
  async check(phone: string, id: number, body: unknown): Promise<void> {
    const { kase, partyIds } = await this.load(phone, id);
    const input = parseOrThrow(consentSchema, body ?? {});
    if (input.version !== undefined && input.version !== kase.version)
      throw new ConflictError(PARTY_STALE_MESSAGE);
    openParties(kase, partyIds);
  }

  /** The party's answer. 400 without noticeRead: true; 409 when not theirs to give now. */
  async answer(phone: string, id: number, body: unknown): Promise<{ consented: boolean; at: string }> {
    const { partyIds } = await this.load(phone, id);
    const input = parseOrThrow(consentSchema, body ?? {});
    const now = this.clock.now();
    await partyStep(
      this.knex,
      now,
      { caseId: id, partyId: partyIds[0]!, version: input.version },
      async ({ kase, store, now: at }) => {
        const open = openParties(kase, partyIds);
        const answers = open.map((p) => ({ partyId: p.id, consented: input.consented }));
        const recorded = await recordConsents(kase, store, answers, {
          channel: "online",
          at,
          noticeOn: kase.consentNoticeOn ?? beijingDate(now),
        });
        return {
          action: "party-consent",
          summary: `${open.map((p) => p.name).join("、")}在网上阅读了权利义务告知书；${recorded.text}`,
          caseUpdate: recorded.caseUpdate,
          data: { consents: answers, channel: "online" },
        };
      },
    );
    return { consented: input.consented, at: now.toISOString() };
  }
}

/** The reader's parties who have not answered yet; 409 when the case is past it or all have answered. */
function openParties(kase: CaseView, partyIds: number[]) {
  if (!CONSENT_STATUSES.includes(kase.status)) {
    throw new ConflictError("这起纠纷现在不在调解阶段，不能再表示是否同意调解");
  }
  const open = kase.parties.filter((p) => partyIds.includes(p.id) && p.consent === null);
  if (!open.length) {
    throw new ConflictError("您已经表示过是否同意调解，不能重复提交；如需改变，请联系调委会");
  }
  return open;
}
