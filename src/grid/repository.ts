import type { Knex } from "knex";
import { phoneSpellings } from "../portal/cases-repository.js";
import type { OrganisationKind } from "../places/kinds.js";
import { GridRecordsRepository } from "./records-repository.js";
import type { GridCategory, GridRiskLevel, GridStatus } from "./types.js";

export type { Org } from "./records-repository.js";

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

/** Which reports a caller may see: any one of these (OR); nothing set means nothing visible. */
export interface Sight {
  all?: boolean;
  regionPrefixes?: string[];
  reporterUserId?: number;
  dispatchedTo?: number;
  partyPhone?: string;
}

export interface ReportRow {
  id: number;
  version: number;
  category: GridCategory;
  regionCode: string;
  regionName: string;
  summary: string;
  occurredOn: string | null;
  people: number | null;
  partiesJson: string | null;
  riskLevel: GridRiskLevel;
  threats: boolean;
  reporterKind: "grid_worker" | "party";
  reporterUserId: number | null;
  reporterName: string | null;
  reporterPhone: string | null;
  centreId: number;
  centreName: string;
  status: GridStatus;
  dispatchedTo: number | null;
  dispatchedName: string | null;
  dispatchedKind: OrganisationKind | null;
  dispatchedAt: string | null;
  dueOn: string | null;
  dispatchNote: string | null;
  caseId: number | null;
  caseNumber: string | null;
  result: string | null;
  doneOn: string | null;
  closedReason: string | null;
  reportedAt: string;
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const idOf = (row: unknown) => Number(typeof row === "object" && row ? (row as { id: number }).id : row);

function toRow(r: Row): ReportRow {
  return {
    id: Number(r.id),
    version: Number(r.version),
    category: r.category as GridCategory,
    regionCode: String(r.region_code),
    regionName: String(r.region_name ?? r.region_code),
    summary: String(r.summary),
    occurredOn: str(r.occurred_on),
    people: num(r.people),
    partiesJson: str(r.parties_json),
    riskLevel: r.risk_level as GridRiskLevel,
    threats: r.threats === true || r.threats === 1 || r.threats === "1",
    reporterKind: r.reporter_kind as "grid_worker" | "party",
    reporterUserId: num(r.reporter_user_id),
    reporterName: str(r.reporter_name),
    reporterPhone: str(r.reporter_phone),
    centreId: Number(r.centre_id),
    centreName: String(r.centre_name),
    status: r.status as GridStatus,
    dispatchedTo: num(r.dispatched_to),
    dispatchedName: str(r.dispatched_name),
    dispatchedKind: (str(r.dispatched_kind) as OrganisationKind | null) ?? null,
    dispatchedAt: str(r.dispatched_at),
    dueOn: str(r.due_on),
    dispatchNote: str(r.dispatch_note),
    caseId: num(r.case_id),
    caseNumber: str(r.case_number),
    result: str(r.result),
    doneOn: str(r.done_on),
    closedReason: str(r.closed_reason),
    reportedAt: String(r.reported_at),
  };
}

/** The SQL of the grid reports themselves (the rest in records-repository.ts). */
export class GridRepository extends GridRecordsRepository {
  private selected(db: Db) {
    return db("grid_reports as g")
      .join("regions as rg", "rg.code", "g.region_code")
      .join("organisations as c", "c.id", "g.centre_id")
      .leftJoin("organisations as d", "d.id", "g.dispatched_to")
      .leftJoin("users as u", "u.id", "g.reporter_user_id")
      .leftJoin("cases as k", "k.id", "g.case_id")
      .select(
        "g.*",
        "rg.name as region_name",
        "c.name as centre_name",
        "d.name as dispatched_name",
        "d.kind as dispatched_kind",
        "u.display_name as reporter_name",
        "k.number as case_number",
      );
  }

  private visible(q: Knex.QueryBuilder, sight: Sight) {
    if (sight.all) return q;
    return q.where((w) => {
      w.whereRaw("1 = 0");
      for (const p of sight.regionPrefixes ?? []) w.orWhere("g.region_code", "like", `${p}%`);
      if (sight.reporterUserId) w.orWhere("g.reporter_user_id", sight.reporterUserId);
      if (sight.dispatchedTo) w.orWhere("g.dispatched_to", sight.dispatchedTo);
      if (sight.partyPhone) {
        const phones = phoneSpellings(sight.partyPhone);
        w.orWhere((p) => p.where("g.reporter_kind", "party").whereIn("g.reporter_phone", phones));
      }
    });
  }

  async find(db: Db, id: number, sight: Sight): Promise<ReportRow | null> {
    const r = (await this.visible(this.selected(db).where("g.id", id), sight).first()) as Row | undefined;
    return r ? toRow(r) : null;
  }

  async list(
    sight: Sight,
    f: { status?: GridStatus; page: number; pageSize: number; oldestFirst: boolean },
  ): Promise<{ rows: ReportRow[]; total: number }> {
    const base = this.visible(this.selected(this.knex), sight);
    if (f.status) base.where("g.status", f.status);
    const counted = (await this.visible(this.knex("grid_reports as g"), sight)
      .modify((q) => (f.status ? q.where("g.status", f.status) : q))
      .count({ n: "*" })
      .first()) as { n: number | string } | undefined;
    const dir = f.oldestFirst ? "asc" : "desc";
    const rows = (await base
      .orderBy("g.reported_at", dir)
      .orderBy("g.id", dir)
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)) as Row[];
    return { rows: rows.map(toRow), total: Number(counted?.n ?? 0) };
  }

  /** The comment of the latest dissatisfied rating of each report put back to 'new'. */
  async insertReport(trx: Knex.Transaction, row: Row): Promise<number> {
    const [inserted] = (await trx("grid_reports").insert(row).returning("id")) as unknown[];
    return idOf(inserted);
  }

  /** The guarded transition: only from the version and status the caller saw. */
  async updateGuarded(
    trx: Knex.Transaction,
    id: number,
    from: { version: number; status: GridStatus },
    patch: Row,
  ): Promise<boolean> {
    const n = await trx("grid_reports")
      .where({ id, version: from.version, status: from.status })
      .update({ ...patch, version: from.version + 1 });
    return Number(n) === 1;
  }

  async waitingOnCase(trx: Knex.Transaction, caseId: number): Promise<ReportRow | null> {
    const r = (await this.selected(trx).where({ "g.case_id": caseId, "g.status": "dispatched" }).first()) as
      Row | undefined;
    return r ? toRow(r) : null;
  }

  async linkCase(trx: Knex.Transaction, caseId: number, reportId: number): Promise<void> {
    await trx("cases").where({ id: caseId }).update({ grid_report_id: reportId });
  }
}
