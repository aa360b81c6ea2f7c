import { TEAM_KIND_LABELS } from "./labels.js";
import type { MatchResult, TeamMatch, TeamProfile } from "./match-types.js";

/**
 * Teams that can take the case as a whole, scored by their lead. Members who are excluded (or not
 * candidates for this case at all) stay out; a team whose lead is excluded cannot be assigned.
 */
export function rankTeams(teams: TeamProfile[], results: MatchResult[]): TeamMatch[] {
  const byId = new Map(results.map((r) => [r.mediatorId, r]));
  const out = teams.map((t): TeamMatch => {
    const members = t.memberIds.map((id) => {
      const r = byId.get(id);
      if (!r) return { mediatorId: id, name: "", excluded: "不在本案可指派的范围内" };
      return { mediatorId: id, name: r.name, ...(r.excluded ? { excluded: r.excluded } : {}) };
    });
    const lead = byId.get(t.leadMediatorId);
    const joining = members.filter((m) => !m.excluded);
    const reasons = [
      lead
        ? `负责人${lead.name}${lead.excluded ? "" : `（推荐得分 ${lead.score}）`}`
        : "负责人不在本案可指派的范围内",
      `可参加成员 ${joining.length} / ${members.length} 人`,
      ...members.filter((m) => m.excluded && m.name).map((m) => `${m.name}不参加：${m.excluded}`),
    ];
    const excluded = !lead
      ? "负责人不在本案可指派的范围内"
      : lead.excluded
        ? `负责人${lead.name}${lead.excluded}`
        : undefined;
    return {
      teamId: t.teamId,
      name: t.name,
      kind: t.kind,
      kindLabel: TEAM_KIND_LABELS[t.kind] ?? t.kind,
      leadMediatorId: t.leadMediatorId,
      leadName: lead?.name ?? "",
      score: excluded ? 0 : lead!.score,
      reasons,
      members: members.filter((m) => m.name),
      ...(excluded ? { excluded } : {}),
    };
  });
  return out.sort(
    (a, b) => Number(!!a.excluded) - Number(!!b.excluded) || b.score - a.score || a.teamId - b.teamId,
  );
}
