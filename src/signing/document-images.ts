import type { Knex } from "knex";
import type { CaseView } from "../cases/views.js";
import { findSeal, signatureImages } from "./repository.js";

/** What the agreement's PDF draws for an agreement signed on the phone: the signatures' and the seal's images. */
export async function signedImages(
  knex: Knex,
  kase: CaseView,
): Promise<{ signatureImages?: Map<number, Buffer>; sealImage?: Buffer | null }> {
  const e = kase.agreement?.eSigned;
  if (!e) return {};
  return {
    signatureImages: await signatureImages(
      knex,
      e.signatures.map((s) => s.id),
    ),
    sealImage: (await findSeal(knex, kase.organisationId))?.image ?? null,
  };
}
