import type { Knex } from "knex";
import type { Status } from "../cases/lifecycle.js";
import { PartyCasesRepository } from "./cases-repository.js";

/** Each status as a party reads it: what has happened and what comes next, in plain words. */
export const PARTY_STATUS_TEXT: Record<Status, string> = {
  intake: "已收到，等待调解委员会决定是否受理",
  accepted: "已受理，正在安排调解员",
  in_mediation: "正在调解",
  agreement: "已达成调解协议",
  awaiting_confirmation: "已申请法院司法确认，等待法院决定",
  confirmed: "法院已确认调解协议有效",
  confirmation_rejected: "法院没有确认调解协议",
  performed: "调解协议已履行",
  terminated: "调解已终止",
  declined: "调解委员会没有受理",
  closed: "已结案",
};

export interface PartyCase {
  id: number;
  number: string;
  status: string;
  statusText: string;
  typeName: string;
  committee: string;
  updatedAt: string;
  trackingCode: string | null;
  reason: string | null;
}

/** The parties' view of their cases: only what a party may see (no notes, no other ID numbers). */
export class PartyCases {
  private readonly repo: PartyCasesRepository;

  constructor(knex: Knex) {
    this.repo = new PartyCasesRepository(knex);
  }

  async list(phone: string): Promise<PartyCase[]> {
    const rows = await this.repo.forPhone(phone);
    return rows.map((r) => ({ ...r, statusText: PARTY_STATUS_TEXT[r.status as Status] ?? "处理中" }));
  }
}
