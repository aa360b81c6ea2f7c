/**
 * The void rule, pure: a signature counts only for the exact text it was given on. When the text
 * out for signing changes (a new hash), every signature not yet void on another hash is voided
 * (kept, with the reason); a re-draft with the same text keeps them. SigningStore.draft applies
 * the same rule in SQL; loadSigning reads the current signatures through `currentSignatures`.
 */
export interface SignatureState {
  hash: string;
  voidAt: string | null;
}

/** The signatures that count for the text with this hash. */
export function currentSignatures<S extends SignatureState>(all: readonly S[], hash: string): S[] {
  return all.filter((s) => !s.voidAt && s.hash === hash);
}

/** The signatures a new text with this hash voids. */
export function voidedBy<S extends SignatureState>(all: readonly S[], newHash: string): S[] {
  return all.filter((s) => !s.voidAt && s.hash !== newHash);
}
