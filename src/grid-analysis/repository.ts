import type { Knex } from "knex";
import type { ReportFactRow } from "./figures.js";
import { instantBounds } from "./figures.js";
import type { DisputeRecord } from "./repeats.js";
import type { Range } from "./rules.js";
import type { WorkOrderRow } from "./work-orders.js";

/**
 * The SQL of the 研判 page, over cases and grid reports in a region prefix ('' = everywhere). A
 * grid report sent to a committee became a case: it is counted once, as the case (reports with a
 * `case_id` are left out wherever cases are counted too).
 */
type Db = Knex | Knex.Transaction;
const VILLAGE = "substr(region_code, 1, 12)";
const inArea = (prefix: string) => (q: Knex.QueryBuilder) =>
  prefix ? q.where("region_code", "like", `${prefix}%`) : q;

/** Disputes per village and type: cases by dispute type, unlinked reports as `grid:<category>`. */
export async function hotSpotCounts(db: Db, prefix: string, range: Range) {
  const { start, end } = instantBounds(range);
  const [cases, reports] = await Promise.all([
    db("cases")
      .modify(inArea(prefix))
      .whereBetween("registered_on", [range.from, range.to])
      .select(db.raw(`${VILLAGE} as village`), "type_code as type")
      .count({ n: "*" })
      .groupByRaw(`${VILLAGE}, type_code`),
    db("grid_reports")
      .modify(inArea(prefix))
      .whereNull("case_id")
      .where("reported_at", ">=", start)
      .where("reported_at", "<", end)
      .select(db.raw(`${VILLAGE} as village`), "category")
      .count({ n: "*" })
      .groupByRaw(`${VILLAGE}, category`),
  ]);
  return [
    ...(cases as Record<string, unknown>[]).map((r) => ({
      village: String(r.village),
      type: String(r.type),
      n: Number(r.n),
    })),
    ...(reports as Record<string, unknown>[]).map((r) => ({
      village: String(r.village),
      type: `grid:${String(r.category)}`,
      n: Number(r.n),
    })),
  ];
}

export async function disputeTypeNames(db: Db): Promise<Map<string, string>> {
  const rows = await db("dispute_types").select("code", "name").orderBy("sort_order");
  return new Map(rows.map((r: { code: string; name: string }) => [r.code, r.name]));
}

/** Townships and villages of the area, in code order (the tiles of the map-like grid). */
export async function areaRegions(db: Db, prefix: string) {
  const rows = await db("regions")
    .whereIn("level", ["township", "village"])
    .modify((q) => (prefix ? q.where("code", "like", `${prefix}%`) : q))
    .select("code", "name", "level", "parent_code")
    .orderBy("code");
  return rows as { code: string; name: string; level: string; parent_code: string | null }[];
}

/** Every dispute of the window with its people and place, for repeat detection. */
export async function disputeRecords(db: Db, prefix: string, window: Range): Promise<DisputeRecord[]> {
  const { start, end } = instantBounds(window);
  const [caseRows, reportRows] = await Promise.all([
    db("cases as c")
      .leftJoin("parties as p", "p.case_id", "c.id")
      .modify((q) => (prefix ? q.where("c.region_code", "like", `${prefix}%`) : q))
      .whereBetween("c.registered_on", [window.from, window.to])
      .select(
        "c.id",
        "c.number",
        "c.registered_on",
        "c.region_code",
        "c.address",
        "p.name",
        "p.phone",
        "p.id_number",
      )
      .orderBy("c.id"),
    db("grid_reports")
      .modify(inArea(prefix))
      .whereNull("case_id")
      .where("reported_at", ">=", start)
      .where("reported_at", "<", end)
      .select("id", "reported_at", "region_code", "parties_json"),
  ]);
  const byCase = new Map<number, DisputeRecord>();
  for (const r of caseRows as Record<string, string | number | null>[]) {
    const id = Number(r.id);
    const rec = byCase.get(id) ?? {
      kind: "case" as const,
      id,
      label: String(r.number),
      href: `/cases/${id}`,
      on: String(r.registered_on),
      people: [],
      village: String(r.region_code).slice(0, 12),
      address: (r.address as string | null) ?? null,
    };
    if (r.name)
      rec.people.push({
        name: String(r.name),
        phone: r.phone as string | null,
        idNumber: r.id_number as string | null,
      });
    byCase.set(id, rec);
  }
  const reports = (reportRows as Record<string, string | number | null>[]).map((r) => ({
    kind: "report" as const,
    id: Number(r.id),
    label: `网格上报 #${Number(r.id)}`,
    href: `/grid/reports/${Number(r.id)}`,
    on: new Date(String(r.reported_at)).toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" }),
    people: parseParties(r.parties_json as string | null),
    village: String(r.region_code).slice(0, 12),
    address: null,
  }));
  return [...byCase.values(), ...reports];
}

function parseParties(json: string | null): DisputeRecord["people"] {
  if (!json) return [];
  try {
    const list = JSON.parse(json) as { name?: unknown; phone?: unknown }[];
    return Array.isArray(list)
      ? list
          .filter((p) => typeof p?.name === "string" && p.name)
          .map((p) => ({ name: String(p.name), phone: typeof p.phone === "string" ? p.phone : null }))
      : [];
  } catch {
    return [];
  }
}

/** Work orders (reports sent to a department) overdue now, or answered in the period. */
export async function workOrderRows(
  db: Db,
  prefix: string,
  range: Range,
  today: string,
): Promise<WorkOrderRow[]> {
  const rows = await db("grid_reports as r")
    .join("organisations as o", "o.id", "r.dispatched_to")
    .where("o.kind", "department")
    .modify((q) => (prefix ? q.where("r.region_code", "like", `${prefix}%`) : q))
    .where((q) =>
      q
        .where((w) => w.where("r.status", "dispatched").where("r.due_on", "<", today))
        .orWhereBetween("r.done_on", [range.from, range.to]),
    )
    .select("r.id", "r.dispatched_to", "o.name", "r.status", "r.due_on", "r.done_on");
  return (rows as Record<string, string | number | null>[]).map((r) => ({
    id: Number(r.id),
    departmentId: Number(r.dispatched_to),
    department: String(r.name),
    status: String(r.status),
    dueOn: (r.due_on as string | null) ?? null,
    doneOn: (r.done_on as string | null) ?? null,
  }));
}

/** The period's reports as the figures need them, and the ratings given in the period. */
export async function figureRows(db: Db, prefix: string, range: Range) {
  const { start, end } = instantBounds(range);
  const [reports, ratings] = await Promise.all([
    db("grid_reports")
      .modify(inArea(prefix))
      .where("reported_at", ">=", start)
      .where("reported_at", "<", end)
      .select("category", "reporter_kind", "status", "reported_at", "dispatched_at", "due_on", "done_on"),
    db("grid_report_ratings as g")
      .join("grid_reports as r", "r.id", "g.report_id")
      .modify((q) => (prefix ? q.where("r.region_code", "like", `${prefix}%`) : q))
      .where("g.rated_at", ">=", start)
      .where("g.rated_at", "<", end)
      .select("g.satisfaction"),
  ]);
  const rows: ReportFactRow[] = (reports as Record<string, string | null>[]).map((r) => ({
    category: String(r.category),
    reporterKind: String(r.reporter_kind),
    status: String(r.status),
    reportedAt: String(r.reported_at),
    dispatchedAt: r.dispatched_at ?? null,
    dueOn: r.due_on ?? null,
    doneOn: r.done_on ?? null,
  }));
  return { rows, ratings: ratings as { satisfaction: string }[] };
}

/** Cases in intake in the area, newest first: the only status an escalation warning is raised in. */
export async function intakeCaseIds(db: Db, prefix: string, limit: number): Promise<number[]> {
  const rows = await db("cases")
    .modify(inArea(prefix))
    .where("status", "intake")
    .orderBy("registered_on", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .select("id");
  return rows.map((r: { id: number }) => Number(r.id));
}
