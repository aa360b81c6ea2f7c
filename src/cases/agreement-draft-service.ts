import type { Knex } from "knex";
import { recordAudit } from "../audit/audit.js";
import { isoNow, type Clock } from "../clock.js";
import { ConflictError, ForbiddenError, LegalRuleError, ValidationError } from "../errors.js";
import type { SessionUser } from "../people/scope.js";
import { parseOrThrow } from "../validation.js";
import { draftCase, draftPayload, draftSchema } from "./agreement-draft-schema.js";
import { findDraft, saveDraft, type AgreementDraft } from "./agreement-drafts.js";
import { lockCase } from "./repository.js";
import type { CaseService } from "./service.js";
import type { CaseView } from "./views.js";

export const DRAFT_CONFLICT =
  "保存失败：协议草稿已被他人修改。请重新打开“记录调解协议”查看最新草稿，您填写的内容已保留。";

/**
 * 书面协议草稿（待签署）: committees print the agreement, then sign it. Whoever may record the
 * agreement may save it unsigned, as often as needed, without the completeness and signature
 * checks; the case stays in mediation. Recording the signed agreement deletes the draft
 * (record-agreement, in its transaction).
 */
export class AgreementDraftService {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly cases: CaseService,
  ) {}

  /** The case's draft, or null (404 when the case is out of the user's sight). */
  async get(user: SessionUser, caseId: number): Promise<AgreementDraft | null> {
    await this.cases.get(user, caseId);
    return findDraft(this.knex, caseId);
  }

  /** The draft of a case already loaded for the user (the case page's part). */
  of(kase: CaseView): Promise<AgreementDraft | null> {
    return findDraft(this.knex, kase.id);
  }

  /**
   * Saves the form's values as the draft. `draftVersion` is the version the form was opened at
   * (blank or 0: no draft yet); a draft saved by someone else meanwhile is a conflict, not overwritten.
   */
  async save(user: SessionUser, caseId: number, body: Record<string, unknown>): Promise<AgreementDraft> {
    const kase = await this.cases.get(user, caseId);
    if (!kase.allowedActions.includes("record-agreement")) {
      const why = this.cases.explain(user, kase, "record-agreement");
      if (why.status === 403) throw new ForbiddenError(why.message);
      if (why.status === 422) throw new LegalRuleError(why.message);
      throw new ConflictError(why.message);
    }
    parseOrThrow(draftSchema(), body);
    const expected =
      body.draftVersion === undefined || body.draftVersion === "" ? 0 : Number(body.draftVersion);
    if (!Number.isInteger(expected) || expected < 0) {
      throw new ValidationError([{ field: "draftVersion", message: "草稿版本号无效，请刷新页面后重试" }]);
    }
    const payload = draftPayload(body);
    const at = isoNow(this.clock);
    await this.knex.transaction(async (trx) => {
      await lockCase(trx, caseId);
      const before = await findDraft(trx, caseId);
      if ((before?.version ?? 0) !== expected) throw new ConflictError(DRAFT_CONFLICT);
      if (!(await saveDraft(trx, { caseId, payload, expected, by: user.id, at })))
        throw new ConflictError(DRAFT_CONFLICT);
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "agreement_draft.save",
        entityType: "case",
        entityId: caseId,
        before: before?.payload,
        after: payload,
        at,
      });
    });
    return (await findDraft(this.knex, caseId))!;
  }

  /** The case as the unsigned agreement prints it (null: no draft). */
  async printable(user: SessionUser, caseId: number): Promise<CaseView | null> {
    const kase = await this.cases.get(user, caseId);
    const draft = await findDraft(this.knex, caseId);
    return draft ? draftCase(kase, parseOrThrow(draftSchema(), draft.payload)) : null;
  }
}
