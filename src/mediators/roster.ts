import type { Knex } from "knex";

export const MEDIATOR_KINDS = [
  "staff",
  "five_elders",
  "sage",
  "expert",
  "liaison",
  "lawyer",
  "police",
] as const;
export type MediatorKind = (typeof MEDIATOR_KINDS)[number];

export const MEDIATOR_KIND_LABELS: Record<MediatorKind, string> = {
  staff: "专职/兼职调解员",
  five_elders: "“五老”调解员",
  sage: "乡贤调解员",
  expert: "专家调解员",
  liaison: "村民小组调解联络员",
  lawyer: "律师调解员",
  police: "民警",
};

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
