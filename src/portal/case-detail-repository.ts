import type { Knex } from "knex";
import { memo } from "../shared/request-memo.js";
import { phoneSpellings } from "./cases-repository.js";

/** Which parties of one case the phone is (as the party or as the party's agent): none, not theirs. */
export function partyIdsForPhone(knex: Knex, phone: string, caseId: number): Promise<number[]> {
  return memo(`partyIdsForPhone:${caseId}:${phone}`, () => lookUp(knex, phone, caseId));
}

async function lookUp(knex: Knex, phone: string, caseId: number): Promise<number[]> {
  const spellings = phoneSpellings(phone);
  const rows = (await knex("parties")
    .where("case_id", caseId)
    .andWhere((q) => q.whereIn("phone", spellings).orWhereIn("agent_phone", spellings))
    .orderBy("position")
    .select("id")) as { id: number | string }[];
  return rows.map((r) => Number(r.id));
}
