import { MATERIAL_LABELS, type MATERIALS } from "../cases/labels.js";
import type { CaseView, PartyView } from "../cases/views.js";
import { describeApplication, type ApplicationView } from "./application-view.js";
import type { ConsentRow } from "./repository.js";
import { confirmationWindow, type ConfirmationWindow } from "./window.js";

type Material = (typeof MATERIALS)[number];
const BASE_MATERIALS: Material[] = ["application", "agreement", "identity", "service_addresses"];

export const NO_COURT = "系统无法确定受理本案司法确认的人民法院，请联系调委会办理";

/** The materials an online application carries: the usual four, and the power of attorney when an agent acts. */
export function materialsFor(kase: CaseView): Material[] {
  return kase.parties.some((p) => p.agent) ? [...BASE_MATERIALS, "power_of_attorney"] : BASE_MATERIALS;
}

/** Where the online application stands for one reader (the page, the card, `GET …/confirmation`). */
export interface ConfirmationOverview {
  caseId: number;
  number: string;
  window: ConfirmationWindow;
  court: { id: number; name: string } | null;
  materials: { code: Material; label: string }[];
  parties: { partyId: number; name: string; mine: boolean; agreedAt: string | null }[];
  me: { agreed: boolean; agreedAt: string | null };
  /** The reader may agree now (window open, a court, not agreed yet). */
  canAgree: boolean;
  /** Why not, when the window is open but agreeing is not possible. */
  blocked?: string;
  /** The latest application for the case, as the parties see it (filed, material asked, ruling). */
  application: ApplicationView | null;
}

/** Pure: the case, the reader's parties, today, this round's agreements and the court found. */
export function buildOverview(
  kase: CaseView,
  partyIds: number[],
  today: string,
  consents: ConsentRow[],
  court: { id: number; name: string } | undefined,
): ConfirmationOverview {
  const window = confirmationWindow(kase, today);
  const agreedAt = (p: PartyView) => consents.find((c) => c.partyId === p.id)?.agreedAt ?? null;
  const mine = kase.parties.filter((p) => partyIds.includes(p.id));
  const agreed = mine.every((p) => agreedAt(p));
  const blocked = window.stage === "open" && !court ? NO_COURT : undefined;
  return {
    caseId: kase.id,
    number: kase.number,
    window,
    court: court ? { id: court.id, name: court.name } : null,
    materials: materialsFor(kase).map((code) => ({ code, label: MATERIAL_LABELS[code] })),
    parties: kase.parties.map((p) => ({
      partyId: p.id,
      name: p.name,
      mine: partyIds.includes(p.id),
      agreedAt: agreedAt(p),
    })),
    me: { agreed, agreedAt: mine.map(agreedAt).find(Boolean) ?? null },
    canAgree: window.stage === "open" && !!court && !agreed,
    ...(blocked ? { blocked } : {}),
    application: describeApplication(kase),
  };
}
