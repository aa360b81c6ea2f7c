import { createHash } from "node:crypto";
import type { Knex } from "knex";
import { z } from "zod";
import { recordAudit } from "../audit/audit.js";
import { isoNow, type Clock } from "../clock.js";
import { partyStep } from "../cases/party-steps.js";
import { loadCase } from "../cases/repository.js";
import type { CaseView } from "../cases/views.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { hasRole, type SessionUser } from "../people/scope.js";
import { partyIdsForPhone } from "../portal/case-detail-repository.js";
import { parseOrThrow } from "../validation.js";
import { checkPng, pngFromDataUrl, SEAL_LIMITS, SIGNATURE_LIMITS } from "./png.js";
import type { SignatureProvider } from "./provider.js";
import { findSeal, saveSeal, signatureImage } from "./repository.js";

const NOT_FOUND = "找不到该纠纷，或它与您的手机号无关";
export const STALE_TEXT = "协议内容已修改，您看到的不是最新文本，此前签名已作废，请重新阅读后签署";
export const VOID_REASON = "协议内容已修改，此前签名已作废，请重新签署";

/** `POST /portal/cases/{id}/agreement/sign {code, hash, signature}`. */
export const signSchema = z.object({
  code: z.unknown(),
  hash: z
    .string({ error: "缺少协议文本的哈希值 hash，请刷新页面后重试" })
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{64}$/, "hash 应为协议文本的 SHA-256（64 位十六进制）"),
  signature: z.unknown(),
});

export interface PartySigningPage {
  caseId: number;
  number: string;
  committee: string;
  text: string;
  hash: string;
  effective: boolean;
  effectiveOn: string | null;
  parties: { name: string; side: string; signedAt: string | null; mine: boolean }[];
  /** The reader signed an earlier text that was then changed (their signature voided). */
  voidedMine: boolean;
  canSign: boolean;
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/**
 * A party signs the written agreement on their phone (issue 19): reads the whole text, signs by
 * hand on the screen and confirms with a fresh SMS code (the SignatureProvider). Each signature
 * is kept with the hash of the text, the time, the phone, IP and browser and the image; a text
 * changed since it was shown is 409. The committee's seal image (admin) is kept here too.
 */
export class AgreementSigning {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly provider: SignatureProvider,
  ) {}

  private async load(phone: string, id: number): Promise<{ kase: CaseView; partyIds: number[] }> {
    if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError(NOT_FOUND);
    const partyIds = await partyIdsForPhone(this.knex, phone, id);
    const kase = partyIds.length ? await loadCase(this.knex, id) : null;
    if (!kase) throw new NotFoundError(NOT_FOUND);
    return { kase, partyIds };
  }

  /** The signing page: 404 when the case is not the phone's or there is no agreement signed on the phone. */
  async page(phone: string, id: number): Promise<PartySigningPage> {
    const { kase, partyIds } = await this.load(phone, id);
    const s = kase.signing;
    const done = kase.agreement?.eSigned;
    const source = s ?? done;
    if (!source) throw new NotFoundError("这起纠纷目前没有需要在网上签署的调解协议");
    const signed = new Map(source.signatures.map((x) => [x.partyId, x.signedAt]));
    const mineUnsigned = s ? s.unsigned.filter((u) => partyIds.includes(u.partyId)) : [];
    return {
      caseId: kase.id,
      number: kase.number,
      committee: kase.organisationName,
      text: source.text,
      hash: source.hash,
      effective: !s,
      effectiveOn: s ? null : (kase.agreement?.effectiveOn ?? null),
      parties: kase.parties.map((p) => ({
        name: p.name,
        side: p.side === "applicant" ? "申请人" : "被申请人",
        signedAt: signed.get(p.id) ?? null,
        mine: partyIds.includes(p.id),
      })),
      voidedMine: !!s && s.voided.some((v) => partyIds.includes(v.partyId)) && mineUnsigned.length > 0,
      canSign: mineUnsigned.length > 0,
    };
  }

  /** The party's signature; 400 (input, code), 404 (not theirs), 409 (text changed, signed already). */
  async sign(
    phone: string,
    id: number,
    body: unknown,
    meta: { ip: string | null; userAgent: string | null },
  ): Promise<{ signedAt: string; hash: string }> {
    const { kase, partyIds } = await this.load(phone, id);
    const input = parseOrThrow(signSchema, body ?? {});
    const image = pngFromDataUrl(input.signature, "signature");
    await checkPng(image, "signature", SIGNATURE_LIMITS, "签名");
    const signerId = this.signer(kase, partyIds, input.hash);
    const ticket = await this.provider.prepare({ phone, caseId: id, hash: input.hash, code: input.code });
    const now = this.clock.now();
    await partyStep(
      this.knex,
      now,
      { caseId: id, partyId: signerId },
      async ({ kase: k, party, store, now: at }) => {
        if (this.signer(k, partyIds, input.hash) !== party.id)
          throw new ConflictError("您已签署过当前协议文本");
        const signing = store.signing();
        const { evidence } = await this.provider.complete(signing.trx, ticket);
        const signatureId = await signing.addSignature({
          caseId: k.id,
          agreementId: k.signing!.agreement.id,
          partyId: party.id,
          hash: input.hash,
          signedAt: at,
          phone,
          ip: meta.ip,
          userAgent: meta.userAgent?.slice(0, 500) ?? null,
          provider: this.provider.id,
          evidence,
          image,
          imageSha256: sha256(image),
        });
        const left = k.signing!.unsigned.filter((u) => u.partyId !== party.id).length;
        return {
          action: "party-sign-agreement",
          summary: `${party.name}在网上签署了调解协议（${this.provider.label}）${left ? `，尚有 ${left} 方未签署` : "，各方当事人均已签署，待调解员签名、调委会盖章后生效"}`,
          data: { hash: input.hash, signatureId },
        };
      },
    );
    return { signedAt: now.toISOString(), hash: input.hash };
  }

  /** Which of the phone's parties signs now: 409 when the text is not the current one or all have signed. */
  private signer(kase: CaseView, partyIds: number[], hash: string): number {
    const s = kase.signing;
    if (!s) throw new ConflictError("这起纠纷目前没有待签署的调解协议（协议可能已生效或已撤回）");
    if (s.hash !== hash) throw new ConflictError(STALE_TEXT);
    const open = s.unsigned.find((u) => partyIds.includes(u.partyId));
    if (!open) throw new ConflictError("您已签署过当前协议文本");
    return open.partyId;
  }

  /** A signature's image for staff who may see the case (the caller checked the case). */
  async image(caseId: number, signatureId: number): Promise<Buffer> {
    const found = await signatureImage(this.knex, signatureId);
    if (!found || found.caseId !== caseId) throw new NotFoundError("找不到该签名");
    return found.image;
  }

  async seal(organisationId: number): Promise<{ image: Buffer; sha256: string; uploadedAt: string } | null> {
    return findSeal(this.knex, organisationId);
  }

  /** The committee's seal image (admin): a PNG with a transparent background. */
  async uploadSeal(user: SessionUser, organisationId: number, file: unknown): Promise<void> {
    if (!hasRole(user, "admin")) throw new ForbiddenError("只有系统管理员可以上传印章图片");
    const data = (file as { data?: unknown } | undefined)?.data;
    const bytes = Buffer.isBuffer(data) ? data : Buffer.alloc(0);
    if (!bytes.length) throw new ValidationError([{ field: "seal", message: "请选择印章图片（PNG）" }]);
    const { hasAlpha } = await checkPng(bytes, "seal", SEAL_LIMITS, "印章");
    if (!hasAlpha) throw new ValidationError([{ field: "seal", message: "印章图片须为透明背景的 PNG" }]);
    const at = isoNow(this.clock);
    const hash = sha256(bytes);
    await this.knex.transaction(async (trx) => {
      const before = await saveSeal(trx, { organisationId, image: bytes, sha256: hash, by: user.id, at });
      await recordAudit(trx, {
        actorUserId: user.id,
        action: "organisation.seal",
        entityType: "organisation",
        entityId: organisationId,
        before: before ? { sha256: before } : undefined,
        after: { sha256: hash, bytes: bytes.length },
        at,
      });
    });
  }
}
