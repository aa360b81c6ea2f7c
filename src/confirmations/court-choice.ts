/** A court as the choice needs it: its id and the region it serves. */
export interface CourtPlace {
  id: number;
  regionCode: string;
}

/**
 * The court a joint application goes to by default: the court that delegated the case (委派调解),
 * otherwise the basic court whose area holds the committee (its region code a prefix of the
 * committee's). The staff's apply-confirmation form proposes it; an online application uses it.
 */
export function homeCourt<C extends CourtPlace>(
  courts: C[],
  kase: { referringCourtId: number | null; organisationRegionCode: string },
): C | undefined {
  return (
    courts.find((c) => c.id === kase.referringCourtId) ??
    courts.find((c) => kase.organisationRegionCode.startsWith(c.regionCode.replace(/0+$/, "")))
  );
}
