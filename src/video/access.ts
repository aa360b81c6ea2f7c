import { createHash } from "node:crypto";
import type { Knex } from "knex";
import type { CaseService } from "../cases/service.js";
import type { CaseView } from "../cases/views.js";
import { NotFoundError } from "../errors.js";
import type { SessionUser } from "../people/scope.js";
import type { PartyCaseService } from "../portal/case-detail.js";
import { guestBy, scheduledSession, type ScheduledSessionRow } from "./repository.js";

/** Who knocks on a room's door: a staff user, a party by their signed-in phone, or an invited guest. */
export type Principal =
  | { kind: "staff"; user: SessionUser }
  | { kind: "party"; phone: string }
  | { kind: "guest"; accessKey: string };

/** The room as one participant may use it: the session, the case, and who they are in it. */
export interface Room {
  session: ScheduledSessionRow;
  caseId: number;
  caseNumber: string;
  who: {
    kind: "staff" | "party" | "guest";
    userId: number | null;
    partyId: number | null;
    guestId: number | null;
    name: string;
    /** The mediator (the director or a mediator assigned to the case): mutes, removes, ends, invites. */
    host: boolean;
  };
}

const NOT_FOUND = "找不到该视频调解，或您无权参加";
export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** May this staff user host the case's sessions: its committee's director, or a mediator assigned to it now. */
export function mayHost(user: SessionUser, kase: CaseView): boolean {
  const director = user.roles.includes("director") && user.organisation.id === kase.organisationId;
  const assigned = kase.assignments.some((a) => !a.endedAt && a.userId === user.id);
  return director || assigned;
}

const digits = (s: string | null | undefined) => (s ?? "").replace(/\D/g, "").replace(/^86(?=1\d{10}$)/, "");

/**
 * Resolves a room for a principal, or 404: an online session of this case, scheduled or held (not
 * cancelled), and the principal one of its people — the host staff, a party or agent of the case
 * by phone, or the guest invited to this very session.
 */
export async function resolveRoom(
  deps: { knex: Knex; cases: CaseService; partyCase: PartyCaseService },
  principal: Principal,
  caseId: number,
  sessionId: number,
): Promise<Room> {
  const session = await scheduledSession(deps.knex, sessionId);
  if (
    !session ||
    session.caseId !== caseId ||
    session.placeKind !== "online" ||
    session.status === "cancelled"
  ) {
    throw new NotFoundError(NOT_FOUND);
  }
  if (principal.kind === "staff") {
    const kase = await deps.cases.get(principal.user, caseId);
    if (!mayHost(principal.user, kase)) throw new NotFoundError(NOT_FOUND);
    const who = { kind: "staff" as const, userId: principal.user.id, partyId: null, guestId: null };
    return {
      session,
      caseId,
      caseNumber: kase.number,
      who: { ...who, name: principal.user.displayName, host: true },
    };
  }
  if (principal.kind === "party") {
    const { kase, partyId } = await deps.partyCase.load(principal.phone, caseId);
    const party = kase.parties.find((p) => p.id === partyId)!;
    const own = digits(party.phone) === digits(principal.phone);
    const side = party.side === "applicant" ? "申请人" : "被申请人";
    const name =
      own || !party.agent ? `${party.name}（${side}）` : `${party.agent.name}（${party.name}的代理人）`;
    const who = { kind: "party" as const, userId: null, partyId, guestId: null, name, host: false };
    return { session, caseId, caseNumber: kase.number, who };
  }
  const guest = await guestBy(deps.knex, { access_hash: sha256(principal.accessKey) });
  if (!guest || guest.sessionId !== sessionId) throw new NotFoundError(NOT_FOUND);
  const name = guest.relation ? `${guest.name}（${guest.relation}）` : guest.name;
  const who = { kind: "guest" as const, userId: null, partyId: null, guestId: guest.id, name, host: false };
  return { session, caseId, caseNumber: "", who };
}
