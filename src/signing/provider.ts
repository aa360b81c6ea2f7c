import type { Knex } from "knex";
import type { StepCodes, StepCodeTicket } from "../portal/step-codes.js";

/**
 * The one place a way of signing plugs in (电子签名法 第十三条: the signing data under the signer's
 * sole control; any change after signing detectable). A provider proves that the person signing
 * controls the means of signing, in two parts: `prepare` before the step's transaction (a wrong
 * answer is counted and refused with 400 naming the field), `complete` inside it (the proof is
 * used up with the signature, or not at all). What it returns is kept with the signature.
 *
 * The built-in provider is a handwritten signature on the screen plus a fresh SMS code sent to the
 * party's phone for this case and this purpose. Where the law or a court requires a certificate
 * from a licensed CA (电子认证服务机构), a provider for that CA implements this interface: its
 * `prepare` has the signer's certificate sign `hash` (in the CA's app or with a cloud key) and
 * checks the signature and the certificate chain; its `complete` returns the signature (PKCS#7 /
 * CMS) and the certificate's serial number as `evidence`, kept with the signature.
 */
export interface SignatureProvider {
  /** Stored with each signature (agreement_e_signatures.provider). */
  readonly id: string;
  /** In Chinese, for the signature record (电子签名记录). */
  readonly label: string;
  prepare(req: SignatureRequest): Promise<SignatureTicket>;
  complete(trx: Knex.Transaction, ticket: SignatureTicket): Promise<{ evidence: Record<string, string> }>;
}

export interface SignatureRequest {
  phone: string;
  caseId: number;
  /** The SHA-256 of the text being signed. */
  hash: string;
  /** What the signer answered the challenge with (the SMS code for the built-in provider). */
  code: unknown;
}

export interface SignatureTicket {
  readonly provider: string;
  readonly ref: unknown;
}

/** 手写签名 + 短信验证码: the code proves the phone (src/portal/step-codes.ts, purpose "sign"). */
export class SmsHandwritingProvider implements SignatureProvider {
  readonly id = "sms-handwriting";
  readonly label = "手写签名＋短信验证码";

  constructor(private readonly codes: StepCodes) {}

  async prepare(req: SignatureRequest): Promise<SignatureTicket> {
    const ticket = await this.codes.verify(req.phone, req.caseId, "sign", req.code);
    return { provider: this.id, ref: ticket };
  }

  async complete(
    trx: Knex.Transaction,
    ticket: SignatureTicket,
  ): Promise<{ evidence: Record<string, string> }> {
    await this.codes.consume(trx, ticket.ref as StepCodeTicket);
    return { evidence: { method: "sms", codeId: String((ticket.ref as StepCodeTicket).id) } };
  }
}
