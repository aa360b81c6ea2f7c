import type { AgreementView } from "../cases/views.js";
import type { ESignatureView, ESignedView, SigningView } from "./views.js";

const shown = (s: ESignatureView) => ({
  partyId: s.partyId,
  partyName: s.partyName,
  hash: s.hash,
  signedAt: s.signedAt,
  phone: s.phoneMasked,
  ip: s.ipMasked,
  provider: s.provider,
  ...(s.voidAt ? { voidAt: s.voidAt, voidReason: s.voidReason } : {}),
});

/**
 * The case's `agreement` in `GET /api/v1/cases/{id}` (api.md): with `effective` and `hash`. An
 * agreement out for signing on the phone is shown with `effective: false`, its text, the
 * signatures on it and those voided; phones and addresses masked.
 */
export function withAgreementSigning<
  T extends { agreement: AgreementView | null; signing?: SigningView | null },
>(detail: T) {
  const { signing, ...rest } = detail;
  if (signing) {
    const { eSigned: _none, ...a } = signing.agreement;
    return {
      ...rest,
      agreement: {
        ...a,
        effectiveOn: null,
        effective: false,
        hash: signing.hash,
        text: signing.text,
        sentForSigningAt: signing.sentAt,
        eSignatures: signing.signatures.map(shown),
        voidedSignatures: signing.voided.map(shown),
      },
    };
  }
  if (!rest.agreement) return rest;
  const { eSigned, ...a } = rest.agreement;
  const e: ESignedView | null | undefined = eSigned;
  return {
    ...rest,
    agreement: {
      ...a,
      effective: a.status === "effective",
      ...(e ? { hash: e.hash, text: e.text, eSignatures: e.signatures.map(shown) } : {}),
    },
  };
}
