import type { Knex } from "knex";
import type { AreaScope } from "./scope.js";

/**
 * The SQL of the 管控 watch list (watch_items, watch_checkins). Visibility: a dispatcher their
 * centre's items, an officer or admin the items of centres in their area, a director the items
 * whose case is their committee's (or whose report was sent to it).
 */
type Db = Knex | Knex.Transaction;

export function whereWatchVisible(q: Knex.QueryBuilder, scope: AreaScope): Knex.QueryBuilder {
  if (scope.centreId !== null) return q.where("w.centre_id", scope.centreId);
  if (scope.committeeId !== null) {
    const committee = scope.committeeId;
    return q.where((w) => w.where("c.organisation_id", committee).orWhere("r.dispatched_to", committee));
  }
  return scope.prefix ? q.where("centre.region_code", "like", `${scope.prefix}%`) : q;
}

export function itemBase(db: Db): Knex.QueryBuilder {
  return db("watch_items as w")
    .join("organisations as centre", "centre.id", "w.centre_id")
    .leftJoin("cases as c", "c.id", "w.case_id")
    .leftJoin("organisations as co", "co.id", "c.organisation_id")
    .leftJoin("grid_reports as r", "r.id", "w.report_id")
    .select(
      "w.*",
      "centre.name as centre_name",
      "c.number as case_number",
      "c.summary as case_summary",
      "c.status as case_status",
      "c.region_code as case_region",
      "co.name as committee_name",
      "r.summary as report_summary",
      "r.status as report_status",
      "r.region_code as report_region",
    );
}

export type ItemRow = Record<string, string | number | null>;

export async function listItems(
  db: Db,
  scope: AreaScope,
  filter: { status: "open" | "closed"; overdueBefore?: string },
): Promise<ItemRow[]> {
  const q = whereWatchVisible(itemBase(db), scope).where("w.status", filter.status);
  if (filter.overdueBefore) q.where("w.next_check_on", "<", filter.overdueBefore);
  return q
    .orderBy(
      filter.status === "open" ? "w.next_check_on" : "w.closed_at",
      filter.status === "open" ? "asc" : "desc",
    )
    .orderBy("w.id")
    .limit(200);
}

export async function findItem(db: Db, scope: AreaScope, id: number): Promise<ItemRow | undefined> {
  return whereWatchVisible(itemBase(db), scope).where("w.id", id).first();
}

export async function countOverdue(db: Db, scope: AreaScope, today: string): Promise<number> {
  const row = await whereWatchVisible(
    db("watch_items as w")
      .join("organisations as centre", "centre.id", "w.centre_id")
      .leftJoin("cases as c", "c.id", "w.case_id")
      .leftJoin("grid_reports as r", "r.id", "w.report_id"),
    scope,
  )
    .where("w.status", "open")
    .where("w.next_check_on", "<", today)
    .count({ n: "*" })
    .first();
  return Number(row?.n ?? 0);
}

export async function checkinsOf(db: Db, itemIds: number[]) {
  if (!itemIds.length) return [];
  return db("watch_checkins as k")
    .join("users as u", "u.id", "k.by_user_id")
    .whereIn("k.item_id", itemIds)
    .select("k.*", "u.display_name as by_name")
    .orderBy("k.checked_on", "desc")
    .orderBy("k.id", "desc") as Promise<ItemRow[]>;
}

export async function regionNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(codes.filter(Boolean))];
  if (!wanted.length) return new Map();
  const rows = await db("regions").whereIn("code", wanted).select("code", "name");
  return new Map(rows.map((r: { code: string; name: string }) => [r.code, r.name]));
}

const OPEN_CASE = ["closed", "declined"];
const THREAT_RISKS = ["criminal", "public_security"];

/**
 * Open disputes of the area that may belong on the list: risk serious or major, threats (a
 * report's flag; a case's 防激化措施 naming a criminal or public-order risk), five or more
 * people, or one of `repeated`; none already on an open item.
 */
export async function candidates(db: Db, prefix: string, repeated: { cases: number[]; reports: number[] }) {
  const area = (col: string) => (q: Knex.QueryBuilder) => (prefix ? q.where(col, "like", `${prefix}%`) : q);
  const threatCase = db("case_interventions as i")
    .whereRaw("i.case_id = c.id")
    .where((w) => THREAT_RISKS.forEach((r) => w.orWhere("i.risks_json", "like", `%"${r}"%`)))
    .select(db.raw("1"));
  const cases = await db("cases as c")
    .join("organisations as o", "o.id", "c.organisation_id")
    .modify(area("c.region_code"))
    .whereNotIn("c.status", OPEN_CASE)
    .whereNotExists(
      db("watch_items as w").whereRaw("w.case_id = c.id").where("w.status", "open").select(db.raw("1")),
    )
    .where((w) =>
      w
        .whereIn("c.risk_level", ["serious", "major"])
        .orWhere("c.people_involved", ">=", 5)
        .orWhereExists(threatCase)
        .orWhereIn("c.id", repeated.cases.slice(0, 500)),
    )
    .select(
      "c.id",
      "c.number",
      "c.summary",
      "c.region_code",
      "c.risk_level",
      "c.people_involved",
      "o.name as committee",
    )
    .orderBy("c.registered_on", "desc")
    .limit(50);
  const reports = await db("grid_reports as r")
    .modify(area("r.region_code"))
    .whereIn("r.status", ["new", "dispatched"])
    .whereNull("r.case_id")
    .whereNotExists(
      db("watch_items as w").whereRaw("w.report_id = r.id").where("w.status", "open").select(db.raw("1")),
    )
    .where((w) =>
      w
        .whereIn("r.risk_level", ["serious", "major"])
        .orWhere("r.threats", true)
        .orWhere("r.people", ">=", 5)
        .orWhereIn("r.id", repeated.reports.slice(0, 500)),
    )
    .select("r.id", "r.summary", "r.region_code", "r.risk_level", "r.people", "r.threats")
    .orderBy("r.reported_at", "desc")
    .limit(50);
  const caseIds = (cases as ItemRow[]).map((c) => Number(c.id));
  const threatened = caseIds.length
    ? await db("case_interventions")
        .whereIn("case_id", caseIds)
        .where((w) => THREAT_RISKS.forEach((r) => w.orWhere("risks_json", "like", `%"${r}"%`)))
        .distinct("case_id")
    : [];
  const threats = new Set(threatened.map((r: { case_id: number }) => Number(r.case_id)));
  return {
    cases: (cases as ItemRow[]).map((c): ItemRow => ({ ...c, threats: threats.has(Number(c.id)) ? 1 : 0 })),
    reports: reports as ItemRow[],
  };
}
