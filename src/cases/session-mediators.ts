import type { SessionMediator } from "./views.js";

type Row = Record<string, unknown>;

const ORDER = { lead: 0, co: 1, invited: 2 } as const;
const time = (v: unknown) => new Date(String(v)).getTime();

/**
 * The mediators present at a session. Recorded sessions store them (`mediators_json`, written by
 * the record-session action from the case's assignments at that moment). Sessions recorded before
 * that was stored fall back to the assignment history: every assignment made by the time the
 * session was recorded and not ended before it was held. Both are fixed once the session exists,
 * so a later change of mediator changes neither the 调解笔录 nor its verification code.
 */
export function sessionMediators(
  session: Row,
  assignments: Row[],
): { mediators: SessionMediator[]; mediatorsStored: boolean } {
  if (session.mediators_json) {
    return {
      mediators: JSON.parse(String(session.mediators_json)) as SessionMediator[],
      mediatorsStored: true,
    };
  }
  const held = time(session.held_at);
  const recorded = time(session.created_at);
  const mediators = assignments
    .filter((a) => time(a.assigned_at) <= recorded && (!a.ended_at || time(a.ended_at) > held))
    .map((a) => ({
      id: Number(a.mediator_id),
      name: String(a.mediator_name),
      role: a.role as SessionMediator["role"],
    }))
    .sort((a, b) => ORDER[a.role] - ORDER[b.role]);
  return { mediators, mediatorsStored: false };
}

/** What the record-session action stores: the case's current assignments, presiding mediator first. */
export function currentMediators(
  assignments: {
    mediatorId: number;
    mediatorName: string;
    role: SessionMediator["role"];
    endedAt: string | null;
  }[],
): SessionMediator[] {
  return assignments
    .filter((a) => !a.endedAt)
    .map((a) => ({ id: a.mediatorId, name: a.mediatorName, role: a.role }))
    .sort((a, b) => ORDER[a.role] - ORDER[b.role]);
}
