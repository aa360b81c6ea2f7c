import type { Knex } from "knex";

/** An unperformed obligation falling due on a given day, with the obligor's phones. */
export interface DueObligation {
  id: number;
  caseId: number;
  content: string;
  dueOn: string;
  phone: string | null;
  agentPhone: string | null;
}

/** The cases whose agreement is being performed (src/cases/overdue.ts, PERFORMING_STATUSES). */
const PERFORMING = ["agreement", "awaiting_confirmation", "confirmed"];

/** The SQL of the obligation reminders (obligation-reminders.ts). */
export class ReminderRepository {
  constructor(private readonly knex: Knex) {}

  /** Unperformed obligations of an agreement in force (effective, case still performing) due on `dueOn`. */
  async dueOn(dueOn: string): Promise<DueObligation[]> {
    const rows = (await this.knex("obligations as ob")
      .join("agreements as ag", "ag.id", "ob.agreement_id")
      .join("cases as c", "c.id", "ob.case_id")
      .join("parties as p", "p.id", "ob.obligor_party_id")
      .where("ag.status", "effective")
      .whereIn("c.status", PERFORMING)
      .whereNull("ob.performed_on")
      .where("ob.due_on", dueOn)
      .orderBy("ob.id")
      .select("ob.id", "ob.case_id", "ob.content", "ob.due_on", "p.phone", "p.agent_phone")) as Record<
      string,
      unknown
    >[];
    return rows.map((r) => ({
      id: Number(r.id),
      caseId: Number(r.case_id),
      content: String(r.content),
      dueOn: String(r.due_on),
      phone: (r.phone as string | null) ?? null,
      agentPhone: (r.agent_phone as string | null) ?? null,
    }));
  }
}
