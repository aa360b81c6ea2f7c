import type { AgreementView } from "../cases/views.js";

/** One party's electronic signature: what was signed, when, from where (the image is fetched apart). */
export interface ESignatureView {
  id: number;
  partyId: number;
  partyName: string;
  /** The SHA-256 of the agreement text signed. */
  hash: string;
  signedAt: string;
  phone: string;
  /** 138****8000 */
  phoneMasked: string;
  ip: string | null;
  /** 203.0.*.* */
  ipMasked: string;
  userAgent: string | null;
  provider: string;
  imageSha256: string;
  voidAt: string | null;
  voidReason: string | null;
}

/** A written agreement out for signing on the phone (agreements.status = 'signing'). */
export interface SigningView {
  agreement: AgreementView;
  /** The exact text the parties read and sign (src/signing/agreement-text.ts). */
  text: string;
  hash: string;
  sentAt: string;
  /** Valid signatures on the current hash. */
  signatures: ESignatureView[];
  /** Signatures voided because the text changed, newest first. */
  voided: ESignatureView[];
  /** Each party with their signature on the current text, or null. */
  parties: { partyId: number; name: string; signature: ESignatureView | null }[];
  /** Parties who have not signed the current text. */
  unsigned: { partyId: number; name: string }[];
}

/** An effective agreement that was signed on the phone: its text, hash and the signatures. */
export interface ESignedView {
  text: string;
  hash: string;
  signatures: ESignatureView[];
}
