import type { CaseDetail } from "../../cases/service.js";
import type { MatchResult } from "../../mediators/match-types.js";
import { CHOSEN_BY_LABELS } from "../../mediators/labels.js";
import { PANEL_SIZE } from "../../mediators/matching-service.js";
import { MEDIATOR_KIND_LABELS, type MediatorKind } from "../../mediators/roster.js";
import type { Services } from "../../services.js";
import { rowsOf } from "../cases/rows.js";
import { ASSIGNMENT_LABELS, options } from "./common.js";

/** How many of the best-ranked mediators the assign form shows before “其他调解员” (a phone screen's worth). */
export const ASSIGN_SHOWN = 5;

/**
 * The assign form (case-action-forms.ts): the committee's own mediators, the best-ranked candidates
 * from elsewhere (township, professional committees, studios, expert pools) and anyone from
 * elsewhere already on the case, in one list in matching's order (the 推荐调解员 panel's), the
 * excluded last; teams to assign as a whole. The best ASSIGN_SHOWN, and anyone with a role (on the
 * case, preselected, or posted), are shown; the rest are folded. The list depends only on the case,
 * so a form sent back with errors lines up with what was posted. `?lead=`, `?co=`, `?invited=` and
 * `?team=` (links from the panel) preselect.
 */
export async function assignFormData(
  services: Services,
  kase: CaseDetail,
  query: Record<string, unknown>,
  posted?: Record<string, unknown>,
) {
  const matching = services.mediators.matching;
  const roster = await matching.roster(kase.organisationId);
  // Enough ranked to find the best PANEL_SIZE from elsewhere, and the committee's own wherever they stand.
  const report = await matching.matchesFor(kase, {
    dates: [],
    languages: [],
    limit: roster.length + PANEL_SIZE,
    include: roster.map((m) => m.mediatorId),
  });
  const byId = new Map(report.results.map((r) => [r.mediatorId, r]));
  const current = kase.assignments.filter((a) => !a.endedAt);
  const inRoster = new Set(roster.map((m) => m.mediatorId));
  const outsiders = report.results
    .filter((r) => !r.excluded && r.rank !== undefined && !inRoster.has(r.mediatorId))
    .slice(0, PANEL_SIZE)
    .map((r) => r.mediatorId);
  for (const a of current)
    if (!inRoster.has(a.mediatorId) && !outsiders.includes(a.mediatorId)) outsiders.push(a.mediatorId);
  // Ranked first by rank, then the excluded, then anyone matching did not explain; ties keep the roster's order.
  const orderOf = (r: MatchResult | undefined) =>
    r?.rank !== undefined && !r.excluded ? r.rank : r ? 1e6 : 2e6;
  const hint = (id: number) => {
    const r = byId.get(id);
    if (!r) return "不在本案可指派的调解员范围内";
    if (r.excluded) return `不宜指派：${r.excluded}`;
    const place = r.rank !== undefined ? `推荐第 ${r.rank} 名（${r.score} 分）` : `推荐得分 ${r.score}`;
    return r.reasons.length ? `${place}：${r.reasons.slice(0, 3).join("；")}` : place;
  };
  const rows = [
    ...roster.map((m) => ({ mediatorId: m.mediatorId, label: `${m.name}（${m.kindLabel} · 本委员会）` })),
    ...outsiders.map((id) => {
      const r = byId.get(id);
      const a = current.find((x) => x.mediatorId === id);
      return {
        mediatorId: id,
        label: r
          ? `${r.name}（${r.kindLabel} · ${r.source}）`
          : `${a?.mediatorName ?? ""}（${MEDIATOR_KIND_LABELS[a?.mediatorKind as MediatorKind] ?? ""}）`,
      };
    }),
  ]
    .map((row) => ({ ...row, order: orderOf(byId.get(row.mediatorId)) }))
    .sort((a, b) => a.order - b.order)
    .map(({ order: _order, ...row }, index) => ({ ...row, index, hint: hint(row.mediatorId) }));
  const preset = new Map<number, string>();
  for (const role of ["lead", "co", "invited"] as const) {
    const id = Number(query[role]);
    if (Number.isInteger(id) && id > 0) preset.set(id, role);
  }
  const team = Number(query.team);
  const presetLead = [...preset.values()].includes("lead");
  const roleOf = (id: number) => {
    if (preset.has(id)) return preset.get(id)!;
    if (Number.isInteger(team) && team > 0) return "";
    const role = current.find((a) => a.mediatorId === id)?.role ?? "";
    return presetLead && role === "lead" ? "" : role;
  };
  const teams = report.teams.filter((t) => !t.excluded);
  const postedRows = posted ? rowsOf(posted.mediators) : [];
  const hasRole = (r: (typeof rows)[number]) =>
    posted ? !!(postedRows[r.index] as { role?: unknown } | undefined)?.role : !!roleOf(r.mediatorId);
  const shown = rows.filter((r, i) => i < ASSIGN_SHOWN || hasRole(r));
  return {
    shown,
    folded: rows.filter((r) => !shown.includes(r)),
    teamOptions: teams.map((t) => ({
      value: t.teamId,
      label: `${t.name}（负责人${t.leadName}，得分 ${t.score}）`,
    })),
    teamLeadOptions: teams.flatMap((t) =>
      t.members
        .filter((m) => !m.excluded)
        .map((m) => ({ value: m.mediatorId, label: `${t.name}：${m.name}` })),
    ),
    chosenByOptions: options(CHOSEN_BY_LABELS),
    values: {
      mediators: rows.map((r) => ({ mediatorId: r.mediatorId, role: roleOf(r.mediatorId) })),
      teamId: Number.isInteger(team) && team > 0 ? team : "",
      chosenBy: "committee",
      partiesConsented: current.some((a) => a.partiesConsented) ? "on" : "",
    },
  };
}

/** The objection form: the party, and the mediator (those on the case first, then the committee and the best candidates). */
export async function objectionFormData(
  services: Services,
  kase: CaseDetail,
  query: Record<string, unknown>,
) {
  const matching = services.mediators.matching;
  const roster = await matching.roster(kase.organisationId);
  const report = await matching.matchesFor(kase, { dates: [], languages: [], limit: PANEL_SIZE });
  const current = kase.assignments.filter((a) => !a.endedAt);
  const seen = new Set<number>();
  const choices: { value: number; label: string }[] = [];
  const add = (id: number, label: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    choices.push({ value: id, label });
  };
  for (const a of current) add(a.mediatorId, `${a.mediatorName}（本案${ASSIGNMENT_LABELS[a.role]}）`);
  for (const m of roster) add(m.mediatorId, `${m.name}（${m.kindLabel}）`);
  for (const r of report.results.filter((x) => !x.excluded).slice(0, PANEL_SIZE))
    add(r.mediatorId, `${r.name}（${r.kindLabel} · ${r.source}）`);
  const preset = Number(query.mediator);
  return {
    mediatorOptions: choices,
    values: {
      mediatorId: seen.has(preset) ? preset : (current.find((a) => a.role === "lead")?.mediatorId ?? ""),
    },
  };
}
