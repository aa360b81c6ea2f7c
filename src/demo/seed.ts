import type { Knex } from "knex";
import { recordAudit } from "../audit/audit.js";
import { isoNow, type Clock } from "../clock.js";
import { seedMatchingDemo } from "../mediators/demo.js";
import { hashPassword } from "../people/passwords.js";
import type { Role } from "../people/roles.js";
import type { OrganisationKind, RegionLevel } from "../places/kinds.js";

/** The demo county, modelled on the seeds: 湖南省 › 株洲市 › 渌口区. */
export const DEMO_REGIONS: [code: string, name: string, level: RegionLevel, parent: string | null][] = [
  ["430000000000", "湖南省", "province", null],
  ["430200000000", "株洲市", "city", "430000000000"],
  ["430212000000", "渌口区", "county", "430200000000"],
  ["430212100000", "渌口镇", "township", "430212000000"],
  ["430212101000", "南洲镇", "township", "430212000000"],
  ["430212100001", "渌口社区", "village", "430212100000"],
  ["430212101201", "北洲村", "village", "430212101000"],
  ["430212101202", "洲坪村", "village", "430212101000"],
  ["430212101201001", "北洲村第一村民小组", "group", "430212101201"],
  ["430212101201002", "北洲村第二村民小组", "group", "430212101201"],
  ["430212101202001", "洲坪村第一村民小组", "group", "430212101202"],
];

export const DEMO_ORGANISATIONS: [
  key: string,
  name: string,
  kind: OrganisationKind,
  region: string,
  prefix: string,
][] = [
  ["beizhou", "北洲村人民调解委员会", "village_committee", "430212101201", "北洲"],
  ["zhouping", "洲坪村人民调解委员会", "village_committee", "430212101202", "洲坪"],
  ["nanzhou", "南洲镇人民调解委员会", "township_committee", "430212101000", "南洲"],
  ["traffic", "渌口区道路交通事故纠纷人民调解委员会", "professional_committee", "430212000000", "渌口交调"],
  ["nanzhou_office", "南洲镇司法所", "justice_office", "430212101000", "南洲司"],
  ["bureau", "渌口区司法局", "justice_bureau", "430212000000", "渌口司"],
  ["court", "株洲市渌口区人民法院", "court", "430212000000", "湘0212"],
  ["studio_he", "渌口区贺明珠婚姻家庭调解工作室", "studio", "430212000000", "明珠"],
  ["nanzhou_center", "南洲镇综治中心", "governance_center", "430212101000", "南洲综治"],
  ["county_center", "渌口区综治中心", "governance_center", "430212000000", "渌口综治"],
  ["cgj", "渌口区城市管理和综合执法局", "department", "430212000000", "渌口城管"],
  ["zjj", "渌口区住房和城乡建设局", "department", "430212000000", "渌口住建"],
];

export const DEMO_PASSWORD = "demo1234";

export const DEMO_USERS: [username: string, name: string, org: string, roles: Role[]][] = [
  ["admin", "孙伟", "bureau", ["admin"]],
  ["clerk", "张秀英", "beizhou", ["clerk"]],
  ["clerk2", "李建国", "zhouping", ["clerk"]],
  ["mediator", "王德明", "beizhou", ["mediator"]],
  ["director", "陈志强", "beizhou", ["director", "mediator"]],
  ["officer", "赵丽华", "bureau", ["officer"]],
  ["judge", "周文斌", "court", ["judge"]],
  ["grid", "刘小红", "nanzhou_center", ["grid_worker"]],
  ["center", "彭海燕", "nanzhou_center", ["dispatcher"]],
  ["city", "罗志刚", "cgj", ["department_staff"]],
];

/** The demo grid worker's grid (北洲村) and mobile, for the report form and the SMS feedback. */
export const DEMO_GRID_WORKER = { username: "grid", gridRegionCode: "430212101201", phone: "13907330101" };

/** Mediators of record who do not log in: village 五老 and sages, the traffic committee's staff. */
export const DEMO_MEDIATORS: [name: string, kind: string, org: string, phone: string][] = [
  ["刘长庚", "five_elders", "beizhou", "13907330001"],
  ["周桂兰", "sage", "beizhou", "13907330002"],
  ["谭国富", "five_elders", "zhouping", "13907330003"],
  ["易建华", "staff", "nanzhou", "13907330004"],
  ["黄立新", "expert", "traffic", "13907330005"],
];

/** Loads the demo county into an empty database. Returns false (and changes nothing) if it has users. */
export async function seedDemo(knex: Knex, clock: Clock): Promise<boolean> {
  const hash = await hashPassword(DEMO_PASSWORD);
  return knex.transaction(async (trx) => {
    const existing = await trx("users").count({ n: "*" }).first();
    if (Number(existing?.n ?? 0) > 0) return false;
    const now = isoNow(clock);
    for (const [code, name, level, parent] of DEMO_REGIONS) {
      if (!(await trx("regions").where({ code }).first())) {
        await trx("regions").insert({ code, name, level, parent_code: parent, version: 1 });
      }
    }
    const orgIds = new Map<string, number>();
    for (const [key, name, kind, region, prefix] of DEMO_ORGANISATIONS) {
      const [row] = await trx("organisations")
        .insert({
          name,
          kind,
          region_code: region,
          number_prefix: prefix,
          seal_name: kind === "court" ? null : name,
          active: true,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .returning("id");
      orgIds.set(key, Number(typeof row === "object" ? row.id : row));
    }
    for (const [username, displayName, org, roles] of DEMO_USERS) {
      const [row] = await trx("users")
        .insert({
          username,
          display_name: displayName,
          password_hash: hash,
          organisation_id: orgIds.get(org),
          active: true,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .returning("id");
      const id = Number(typeof row === "object" ? row.id : row);
      await trx("user_roles").insert(roles.map((role) => ({ user_id: id, role })));
      if (roles.includes("mediator") || roles.includes("director")) {
        await trx("mediators").insert({
          name: displayName,
          kind: "staff",
          organisation_id: orgIds.get(org),
          user_id: id,
          active: true,
          version: 1,
          created_at: now,
          updated_at: now,
        });
      }
    }
    await trx("users")
      .where({ username: DEMO_GRID_WORKER.username })
      .update({ grid_region_code: DEMO_GRID_WORKER.gridRegionCode, phone: DEMO_GRID_WORKER.phone });
    for (const [name, kind, org, phone] of DEMO_MEDIATORS) {
      await trx("mediators").insert({
        name,
        kind,
        organisation_id: orgIds.get(org),
        phone,
        active: true,
        version: 1,
        created_at: now,
        updated_at: now,
      });
    }
    // Pools, teams, profiles and more mediators for matching (src/mediators/demo.ts).
    await seedMatchingDemo(trx, orgIds, now);
    await recordAudit(trx, {
      actorUserId: null,
      action: "demo.seed",
      entityType: "system",
      entityId: "demo",
      after: {
        regions: DEMO_REGIONS.length,
        organisations: DEMO_ORGANISATIONS.length,
        users: DEMO_USERS.length,
      },
      at: now,
    });
    return true;
  });
}
