import type { Knex } from "knex";
import { phoneSpellings } from "./cases-repository.js";

/** Which parties of one case the phone is (as the party or as the party's agent): none, not theirs. */
export async function partyIdsForPhone(knex: Knex, phone: string, caseId: number): Promise<number[]> {
  const spellings = phoneSpellings(phone);
  const rows = (await knex("parties")
    .where("case_id", caseId)
    .andWhere((q) => q.whereIn("phone", spellings).orWhereIn("agent_phone", spellings))
    .orderBy("position")
    .select("id")) as { id: number | string }[];
  return rows.map((r) => Number(r.id));
}
