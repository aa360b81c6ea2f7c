import type { Knex } from "knex";

export interface PartyCaseRow {
  id: number;
  number: string;
  status: string;
  typeName: string;
  committee: string;
  updatedAt: string;
  /** An online application's tracking code (查询码), else null. */
  trackingCode: string | null;
  /** Why a case ended without mediation (declined, terminated): the committee's stated ground. */
  reason: string | null;
}

/**
 * The spellings a phone may have been typed in at intake (phoneField accepts spaces, hyphens and
 * +86): matched by equality, so the parties' phone index serves the look-up on both databases.
 */
export function phoneSpellings(phone: string): string[] {
  const [a, b, c] = [phone.slice(0, 3), phone.slice(3, 7), phone.slice(7)];
  const local = [phone, `${a} ${b} ${c}`, `${a}-${b}-${c}`];
  return [...local, ...local.map((p) => `+86${p}`), ...local.map((p) => `+86 ${p}`)];
}

/** The cases in which a party, or a party's agent, has this phone. */
export class PartyCasesRepository {
  constructor(private readonly knex: Knex) {}

  async forPhone(phone: string): Promise<PartyCaseRow[]> {
    const spellings = phoneSpellings(phone);
    const ids = this.knex("parties")
      .whereIn("phone", spellings)
      .orWhereIn("agent_phone", spellings)
      .select("case_id");
    const rows = (await this.knex("cases as c")
      .join("dispute_types as t", "t.code", "c.type_code")
      .join("organisations as o", "o.id", "c.organisation_id")
      .whereIn("c.id", ids)
      .orderBy("c.updated_at", "desc")
      .orderBy("c.id", "desc")
      .select(
        "c.id",
        "c.number",
        "c.status",
        "t.name as type_name",
        "o.name as org_name",
        "c.updated_at",
        "c.tracking_code",
        "c.conclusion_note",
      )) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: Number(r.id),
      number: String(r.number),
      status: String(r.status),
      typeName: String(r.type_name),
      committee: String(r.org_name),
      updatedAt: String(r.updated_at),
      trackingCode: r.tracking_code ? String(r.tracking_code) : null,
      reason:
        (r.status === "declined" || r.status === "terminated") && r.conclusion_note
          ? String(r.conclusion_note)
          : null,
    }));
  }
}
