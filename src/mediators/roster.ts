import type { Knex } from "knex";
import { codesOf } from "../shared/codes.js";

export const MEDIATOR_KIND_LABELS = {
  staff: "专职/兼职调解员",
  five_elders: "“五老”调解员",
  sage: "乡贤调解员",
  expert: "专家调解员",
  liaison: "村民小组调解联络员",
  lawyer: "律师调解员",
  police: "民警",
};
export type MediatorKind = keyof typeof MEDIATOR_KIND_LABELS;
export const MEDIATOR_KINDS = codesOf(MEDIATOR_KIND_LABELS);

export interface RosterEntry {
  mediatorId: number;
  name: string;
  kind: MediatorKind;
  kindLabel: string;
  userId: number | null;
  phone: string | null;
}

/**
 * The mediators of record a committee can designate today: its active mediator records (users who
 * mediate, and 五老, sages and others who never log in). Pools and matching extend this later.
 */
export async function committeeRoster(knex: Knex, organisationId: number): Promise<RosterEntry[]> {
  const rows = await knex("mediators").where({ organisation_id: organisationId, active: true }).orderBy("id");
  return rows.map(
    (r: { id: number; name: string; kind: MediatorKind; user_id: number | null; phone: string | null }) => ({
      mediatorId: Number(r.id),
      name: r.name,
      kind: r.kind,
      kindLabel: MEDIATOR_KIND_LABELS[r.kind] ?? r.kind,
      userId: r.user_id === null ? null : Number(r.user_id),
      phone: r.phone ?? null,
    }),
  );
}

/** A mediator as a pool's batch and a team list it: id, name, kind in words and title, from a stored row. */
export function memberOf(m: Record<string, unknown>) {
  return {
    id: Number(m.id),
    name: String(m.name),
    kindLabel: MEDIATOR_KIND_LABELS[m.kind as MediatorKind] ?? String(m.kind),
    title: (m.title as string | null) ?? null,
  };
}
