import type { Knex } from "knex";
import type { Notice, NoticeDay, NoticeDayKind } from "./notices.js";

/** The holiday_notices tables: every notice with its days, and a cheap version stamp. */

export interface StoredNotice extends Notice {
  id: number;
  source: string;
  loadedAt: string;
  loadedBy: string | null;
}

export async function readNotices(db: Knex | Knex.Transaction): Promise<StoredNotice[]> {
  const [rows, days] = await Promise.all([
    db("holiday_notices as n")
      .leftJoin("users as u", "u.id", "n.loaded_by")
      .select("n.id", "n.year", "n.number", "n.issued_on", "n.source", "n.loaded_at", "u.display_name")
      .orderBy("n.year"),
    db("holiday_notice_days").select("notice_id", "date", "kind", "name").orderBy("date"),
  ]);
  const byNotice = new Map<number, NoticeDay[]>();
  for (const d of days as Record<string, unknown>[]) {
    const list = byNotice.get(Number(d.notice_id)) ?? [];
    list.push({ date: String(d.date), kind: String(d.kind) as NoticeDayKind, name: String(d.name) });
    byNotice.set(Number(d.notice_id), list);
  }
  return (rows as Record<string, unknown>[]).map((r) => ({
    id: Number(r.id),
    year: Number(r.year),
    number: String(r.number),
    issuedOn: String(r.issued_on),
    source: String(r.source),
    loadedAt: String(r.loaded_at),
    loadedBy: (r.display_name as string | null) ?? null,
    days: byNotice.get(Number(r.id)) ?? [],
  }));
}

/** Changes whenever a notice is added or replaced (a replaced notice gets a new id). */
export async function noticesVersion(db: Knex): Promise<string> {
  const row = (await db("holiday_notices").max({ maxId: "id" }).count({ n: "*" }).first()) as
    { maxId: number | string | null; n: number | string } | undefined;
  return `${row?.maxId ?? 0}/${row?.n ?? 0}`;
}

/** Replaces the year's notice and its days by `notice` (its days go with it: ON DELETE CASCADE). */
export async function replaceNotice(
  trx: Knex.Transaction,
  notice: Notice,
  meta: { source: string; loadedBy: number | null; loadedAt: string },
): Promise<void> {
  await trx("holiday_notices").where({ year: notice.year }).delete();
  const [row] = await trx("holiday_notices")
    .insert({
      year: notice.year,
      number: notice.number,
      issued_on: notice.issuedOn,
      source: meta.source,
      loaded_by: meta.loadedBy,
      loaded_at: meta.loadedAt,
    })
    .returning("id");
  const id = typeof row === "object" ? Number((row as { id: number }).id) : Number(row);
  await trx("holiday_notice_days").insert(
    notice.days.map((d) => ({ notice_id: id, date: d.date, kind: d.kind, name: d.name })),
  );
}
