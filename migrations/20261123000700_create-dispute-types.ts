import type { Knex } from "knex";

// Dispute types are data, not an enum in code; these are the Ministry of Justice's statistical types.
const TYPES: [string, string][] = [
  ["marriage_family", "婚姻家庭"],
  ["neighbourhood", "邻里"],
  ["housing_homestead", "房屋宅基地"],
  ["contract", "合同"],
  ["production_business", "生产经营"],
  ["damages", "损害赔偿"],
  ["forest_land", "山林土地"],
  ["land_requisition", "征地拆迁"],
  ["environment", "环境污染"],
  ["labour", "劳动争议"],
  ["consumer", "消费"],
  ["medical", "医疗"],
  ["road_traffic", "道路交通事故"],
  ["property_management", "物业"],
  ["other", "其他"],
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("dispute_types", (t) => {
    t.string("code", 32).primary();
    t.string("name", 50).notNullable().unique();
    t.integer("sort_order").notNullable();
    t.boolean("active").notNullable().defaultTo(true);
  });
  await knex("dispute_types").insert(
    TYPES.map(([code, name], i) => ({ code, name, sort_order: (i + 1) * 10, active: true })),
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("dispute_types");
}
