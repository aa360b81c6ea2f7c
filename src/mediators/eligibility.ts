import type { Knex } from "knex";
import type { CaseView } from "../cases/views.js";
import { ValidationError } from "../errors.js";
import { BARS, exclusionsOf, type MatchCase } from "./matching.js";
import { loadCandidates } from "./candidates-repository.js";
import { loadAssignable, loadObjections, loadTeams } from "./matching-repository.js";

export type Role = "lead" | "co" | "invited";

export interface AssignRequest {
  mediators: { mediatorId: number; role: Role }[];
  teamId?: number;
  teamLeadId?: number;
}

export interface AssignPlan {
  /** `fromTeam`: brought in by the team rather than named one by one. */
  mediators: { mediatorId: number; role: Role; name: string; fromTeam: boolean }[];
  team: { id: number; name: string } | null;
  /** Team members left out, each with why. */
  skipped: string[];
}

const fail = (field: string, message: string): never => {
  throw new ValidationError([{ field, message }]);
};

const SCOPE_MESSAGE =
  "不在本案可指派的调解员范围内（本委员会，本村“五老”、乡贤，服务本地的乡镇、专业调委会和调解工作室，覆盖本地的专家库）";

/**
 * Who an assignment puts on the case, checked by the matching rules: every mediator must be a
 * candidate for this case, and none may be barred (a tie to a party, a party's objection, an
 * expert out of term). A team assigned as a whole brings its members: its lead (or the member
 * named instead) leads, the others co-mediate, and members who are excluded for any reason,
 * absence and a full load included, stay out and are named. A clerk who names a mediator who is
 * away or fully loaded takes that decision knowingly; the panel has shown it.
 */
export async function planAssignment(
  trx: Knex.Transaction,
  kase: CaseView,
  req: AssignRequest,
  today: string,
): Promise<AssignPlan> {
  const scope = { caseOrganisationId: kase.organisationId, regionCode: kase.regionCode };
  let team: { id: number; name: string; lead: number; members: number[] } | null = null;
  if (req.teamId !== undefined) {
    const found = (await loadTeams(trx, scope)).find((t) => t.teamId === req.teamId);
    if (!found) fail("teamId", "该调解团队不存在、已停用，或不服务于本案纠纷发生地");
    team = {
      id: found!.teamId,
      name: found!.name,
      lead: req.teamLeadId ?? found!.leadMediatorId,
      members: found!.memberIds,
    };
    if (!team.members.includes(team.lead)) fail("teamLeadId", "团队主持调解员须是该团队的成员");
    if (req.mediators.some((m) => m.role === "lead" && m.mediatorId !== team!.lead)) {
      fail("mediators", "整体指派团队时由团队主持调解员主持调解；如需他人主持，请在“团队主持调解员”中另选");
    }
  }
  const ids = [...new Set([...req.mediators.map((m) => m.mediatorId), ...(team?.members ?? [])])];
  const parties = kase.parties.map((p) => ({ id: p.id, name: p.name, idNumber: p.idNumber, phone: p.phone }));
  const candidates = await loadCandidates(trx, {
    ...scope,
    typeCode: kase.typeCode,
    parties,
    caseId: kase.id,
    dates: [today],
    onlyIds: ids,
  });
  const c: Pick<MatchCase, "parties" | "objections" | "dates" | "today"> = {
    parties,
    objections: await loadObjections(trx, kase.id),
    dates: [today],
    today,
  };
  const byId = new Map(
    candidates.map((p) => [p.mediatorId, { p, exclusions: exclusionsOf(c as MatchCase, p) }]),
  );
  const rows = await loadAssignable(trx, ids);
  const nameOf = (id: number) => rows.find((r) => r.id === id)?.name ?? "";

  const plan: AssignPlan = {
    mediators: [],
    team: team ? { id: team.id, name: team.name } : null,
    skipped: [],
  };
  req.mediators.forEach((m, i) => {
    const row = rows.find((r) => r.id === m.mediatorId);
    if (!row || !row.active) fail(`mediators.${i}.mediatorId`, "该调解员不存在或已停用");
    const found = byId.get(m.mediatorId);
    if (!found) fail(`mediators.${i}.mediatorId`, `${row!.name}${SCOPE_MESSAGE}`);
    const bar = found!.exclusions.find((e) => BARS.includes(e.kind));
    if (bar) fail(`mediators.${i}.mediatorId`, `${row!.name}${bar.text}`);
    plan.mediators.push({ ...m, name: row!.name, fromTeam: false });
  });
  if (team) {
    for (const id of team.members) {
      if (req.mediators.some((m) => m.mediatorId === id)) continue;
      const found = byId.get(id);
      const why = !found ? SCOPE_MESSAGE : found.exclusions.map((e) => e.text).join("；");
      if (id === team.lead) {
        if (why) fail("teamLeadId", `团队主持调解员${nameOf(id)}${why}，请另选团队主持调解员`);
        plan.mediators.unshift({ mediatorId: id, role: "lead", name: nameOf(id), fromTeam: true });
      } else if (why) {
        plan.skipped.push(`${nameOf(id)}不参加：${why}`);
      } else {
        plan.mediators.push({ mediatorId: id, role: "co", name: nameOf(id), fromTeam: true });
      }
    }
  }
  return plan;
}
