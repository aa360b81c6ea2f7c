import type { CaseView } from "../../cases/views.js";
import type { DocWriter, Verification } from "../pdf.js";

/** What every document builder draws from: the case, its committee, and the document's own verification. */
export interface DocContext {
  kase: CaseView;
  committee: { name: string; sealName: string; address: string | null; phone: string | null };
  regionPath: string;
  registeredBy: string | null;
  courtName: string | null;
  /** Where parties follow their cases (PUBLIC_URL + "/my"): configuration, not case data, so not in a fingerprint. */
  portalUrl: string;
  /** Null for a draft (待签署, 待送达): not issued, no code (DocWriter prints the draft mark). */
  verification: Verification | null;
  /** An agreement signed on the phone: each signature's PNG by its id, and the committee's seal image (src/signing/). */
  signatureImages?: Map<number, Buffer>;
  sealImage?: Buffer | null;
}

export type Builder = (w: DocWriter, ctx: DocContext, ref: string) => void;
