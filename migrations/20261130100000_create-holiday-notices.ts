import type { Knex } from "knex";

/**
 * The State Council's yearly holiday notices (调休 arrangements) as data an admin loads; the 2025
 * and 2026 notices are seeded (day data as carried by chinese-days 1.5.7). A frozen snapshot.
 */
const NOTICES: { year: number; number: string; issuedOn: string; days: [string, string, string][] }[] = [
  {
    year: 2025,
    number: "国办发明电〔2024〕12号",
    issuedOn: "2024-11-12",
    days: [
      ["2025-01-01", "off", "元旦"],
      ["2025-01-26", "work", "春节"],
      ["2025-01-28", "off", "春节"],
      ["2025-01-29", "off", "春节"],
      ["2025-01-30", "off", "春节"],
      ["2025-01-31", "off", "春节"],
      ["2025-02-01", "off", "春节"],
      ["2025-02-02", "off", "春节"],
      ["2025-02-03", "off", "春节"],
      ["2025-02-04", "off", "春节"],
      ["2025-02-08", "work", "春节"],
      ["2025-04-04", "off", "清明"],
      ["2025-04-05", "off", "清明"],
      ["2025-04-06", "off", "清明"],
      ["2025-04-27", "work", "劳动节"],
      ["2025-05-01", "off", "劳动节"],
      ["2025-05-02", "off", "劳动节"],
      ["2025-05-03", "off", "劳动节"],
      ["2025-05-04", "off", "劳动节"],
      ["2025-05-05", "off", "劳动节"],
      ["2025-05-31", "off", "端午"],
      ["2025-06-01", "off", "端午"],
      ["2025-06-02", "off", "端午"],
      ["2025-09-28", "work", "国庆节"],
      ["2025-10-01", "off", "国庆节"],
      ["2025-10-02", "off", "国庆节"],
      ["2025-10-03", "off", "国庆节"],
      ["2025-10-04", "off", "国庆节"],
      ["2025-10-05", "off", "国庆节"],
      ["2025-10-06", "off", "中秋"],
      ["2025-10-07", "off", "国庆节"],
      ["2025-10-08", "off", "国庆节"],
      ["2025-10-11", "work", "国庆节"],
    ],
  },
  {
    year: 2026,
    number: "国办发明电〔2025〕7号",
    issuedOn: "2025-11-04",
    days: [
      ["2026-01-01", "off", "元旦"],
      ["2026-01-02", "off", "元旦"],
      ["2026-01-03", "off", "元旦"],
      ["2026-01-04", "work", "元旦"],
      ["2026-02-14", "work", "春节"],
      ["2026-02-15", "off", "春节"],
      ["2026-02-16", "off", "春节"],
      ["2026-02-17", "off", "春节"],
      ["2026-02-18", "off", "春节"],
      ["2026-02-19", "off", "春节"],
      ["2026-02-20", "off", "春节"],
      ["2026-02-21", "off", "春节"],
      ["2026-02-22", "off", "春节"],
      ["2026-02-23", "off", "春节"],
      ["2026-02-28", "work", "春节"],
      ["2026-04-04", "off", "清明"],
      ["2026-04-05", "off", "清明"],
      ["2026-04-06", "off", "清明"],
      ["2026-05-01", "off", "劳动节"],
      ["2026-05-02", "off", "劳动节"],
      ["2026-05-03", "off", "劳动节"],
      ["2026-05-04", "off", "劳动节"],
      ["2026-05-05", "off", "劳动节"],
      ["2026-05-09", "work", "劳动节"],
      ["2026-06-19", "off", "端午"],
      ["2026-06-20", "off", "端午"],
      ["2026-06-21", "off", "端午"],
      ["2026-09-20", "work", "国庆节"],
      ["2026-09-25", "off", "中秋"],
      ["2026-09-26", "off", "中秋"],
      ["2026-09-27", "off", "中秋"],
      ["2026-10-01", "off", "国庆节"],
      ["2026-10-02", "off", "国庆节"],
      ["2026-10-03", "off", "国庆节"],
      ["2026-10-04", "off", "国庆节"],
      ["2026-10-05", "off", "国庆节"],
      ["2026-10-06", "off", "国庆节"],
      ["2026-10-07", "off", "国庆节"],
      ["2026-10-10", "work", "国庆节"],
    ],
  },
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("holiday_notices", (t) => {
    t.increments("id").primary();
    t.integer("year").notNullable().unique();
    t.string("number", 60).notNullable();
    t.string("issued_on", 10).notNullable();
    t.string("source", 20).notNullable();
    t.integer("loaded_by").nullable().references("id").inTable("users");
    t.string("loaded_at", 30).notNullable();
  });
  await knex.schema.createTable("holiday_notice_days", (t) => {
    t.integer("notice_id").notNullable().references("id").inTable("holiday_notices").onDelete("CASCADE");
    t.string("date", 10).notNullable();
    t.string("kind", 8).notNullable();
    t.string("name", 30).notNullable();
    t.primary(["notice_id", "date"]);
  });
  const at = new Date().toISOString();
  for (const n of NOTICES) {
    const [row] = await knex("holiday_notices")
      .insert({
        year: n.year,
        number: n.number,
        issued_on: n.issuedOn,
        source: "seed",
        loaded_by: null,
        loaded_at: at,
      })
      .returning("id");
    const id = typeof row === "object" ? (row as { id: number }).id : (row as number);
    await knex("holiday_notice_days").insert(
      n.days.map(([date, kind, name]) => ({ notice_id: id, date, kind, name })),
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("holiday_notice_days");
  await knex.schema.dropTable("holiday_notices");
}
