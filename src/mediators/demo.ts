import type { Knex } from "knex";
import type { FiveEldersKind, RelationKind, TeamKind, UnavailabilityReason } from "./labels.js";
import type { MediatorKind } from "./roster.js";

/**
 * The demo county's mediators beyond the users: enough for matching to mean something. 北洲村
 * gets a 五老 team led by its retired party secretary and a sages' council; the township a
 * Miao-speaking staff mediator; the county bureau a pool of experts in road traffic, medical,
 * property and marriage & family disputes in two batches (the first one's term is over); and a
 * marriage & family studio. One 五老 member has declared his nephew, so a case with the nephew
 * as a party shows him excluded. Loaded by the demo seed, after the mediators it already had.
 */

interface DemoMediator {
  name: string;
  kind: MediatorKind;
  org: string;
  phone: string;
  fiveElders?: FiveEldersKind;
  title?: string;
  gender?: "male" | "female";
  birthYear?: number;
  ethnicity?: string;
  languages?: string[];
  home?: string;
  specialties?: string[];
  certifications?: string[];
  since?: number;
  capacity?: number;
}

const LOCAL = ["普通话", "渌口话"];

export const DEMO_POOL_MEDIATORS: DemoMediator[] = [
  {
    name: "何德顺",
    kind: "five_elders",
    org: "beizhou",
    phone: "13907330011",
    fiveElders: "old_cadre",
    title: "原北洲村党支部书记（已退休）",
    gender: "male",
    birthYear: 1951,
    ethnicity: "汉族",
    languages: LOCAL,
    home: "430212101201",
    specialties: ["housing_homestead", "forest_land", "land_requisition", "neighbourhood"],
    certifications: ["人民调解员岗位培训合格（2019）"],
    since: 1986,
    capacity: 4,
  },
  {
    name: "罗玉梅",
    kind: "five_elders",
    org: "beizhou",
    phone: "13907330012",
    fiveElders: "old_teacher",
    title: "北洲小学退休教师",
    gender: "female",
    birthYear: 1958,
    ethnicity: "汉族",
    languages: LOCAL,
    home: "430212101201002",
    specialties: ["marriage_family", "neighbourhood"],
    since: 2015,
    capacity: 3,
  },
  {
    name: "谢春生",
    kind: "five_elders",
    org: "beizhou",
    phone: "13907330013",
    fiveElders: "old_soldier",
    title: "退役军人、老党员",
    gender: "male",
    birthYear: 1955,
    ethnicity: "汉族",
    languages: LOCAL,
    home: "430212101201001",
    specialties: ["neighbourhood", "damages"],
    since: 2012,
    capacity: 3,
  },
  {
    name: "彭思源",
    kind: "sage",
    org: "beizhou",
    phone: "13907330014",
    title: "返乡创业企业家、北洲村乡贤理事会理事",
    gender: "male",
    birthYear: 1968,
    ethnicity: "汉族",
    languages: [...LOCAL, "粤语"],
    home: "430212101201",
    specialties: ["contract", "production_business", "labour"],
    since: 2020,
    capacity: 3,
  },
  {
    name: "王小平",
    kind: "liaison",
    org: "beizhou",
    phone: "13907330015",
    title: "北洲村第一村民小组组长",
    gender: "male",
    birthYear: 1972,
    languages: LOCAL,
    home: "430212101201001",
    specialties: ["neighbourhood"],
    since: 2018,
    capacity: 2,
  },
  {
    name: "龙秀英",
    kind: "staff",
    org: "nanzhou",
    phone: "13907330016",
    title: "南洲镇人民调解委员会专职调解员",
    gender: "female",
    birthYear: 1979,
    ethnicity: "苗族",
    languages: ["普通话", "苗语", "湘语"],
    home: "430212101000",
    specialties: ["marriage_family", "neighbourhood", "labour"],
    certifications: ["湖南省金牌人民调解员（2023）"],
    since: 2008,
    capacity: 8,
  },
  {
    name: "汤文斌",
    kind: "expert",
    org: "bureau",
    phone: "13907330017",
    title: "株洲市中心医院退休主任医师",
    gender: "male",
    birthYear: 1956,
    languages: ["普通话"],
    specialties: ["medical"],
    since: 2016,
    capacity: 4,
  },
  {
    name: "钟晓燕",
    kind: "lawyer",
    org: "bureau",
    phone: "13907330018",
    title: "执业律师（湖南湘渌律师事务所）",
    gender: "female",
    birthYear: 1983,
    languages: ["普通话"],
    specialties: ["property_management", "contract", "housing_homestead"],
    certifications: ["律师执业证"],
    since: 2014,
    capacity: 5,
  },
  {
    name: "曾国栋",
    kind: "expert",
    org: "bureau",
    phone: "13907330019",
    title: "原保险公司车险理赔经理",
    gender: "male",
    birthYear: 1962,
    languages: ["普通话"],
    specialties: ["road_traffic", "damages"],
    since: 2010,
    capacity: 5,
  },
  {
    name: "贺明珠",
    kind: "expert",
    org: "studio_he",
    phone: "13907330020",
    title: "区妇联退休干部、婚姻家庭咨询师",
    gender: "female",
    birthYear: 1960,
    languages: LOCAL,
    home: "430212100001",
    specialties: ["marriage_family"],
    certifications: ["国家二级心理咨询师", "婚姻家庭咨询师"],
    since: 2005,
    capacity: 6,
  },
  {
    name: "陈小兰",
    kind: "staff",
    org: "studio_he",
    phone: "13907330021",
    title: "调解工作室调解助理",
    gender: "female",
    birthYear: 1990,
    languages: ["普通话"],
    specialties: ["marriage_family"],
    since: 2021,
    capacity: 4,
  },
];

/** Profiles for mediators the seed already made (never 刘长庚's or 周桂兰's rows: only their specialties). */
const EXISTING: Record<string, { specialties: string[]; title?: string; since?: number; capacity?: number }> =
  {
    王德明: { specialties: ["neighbourhood", "housing_homestead"], since: 2010 },
    陈志强: { specialties: ["neighbourhood", "marriage_family", "contract"], since: 2006 },
    刘长庚: { specialties: ["neighbourhood", "forest_land"] },
    周桂兰: { specialties: ["marriage_family", "neighbourhood"] },
    谭国富: { specialties: ["neighbourhood"] },
    易建华: { specialties: ["land_requisition", "forest_land", "housing_homestead", "labour"], since: 2011 },
    黄立新: {
      specialties: ["road_traffic", "damages"],
      title: "交通事故纠纷调委会专职调解员（原交警大队事故中队长）",
      since: 2009,
      capacity: 8,
    },
  };

const POOL = {
  name: "渌口区人民调解专家库",
  org: "bureau",
  batches: [
    {
      name: "第一批",
      appointedOn: "2023-02-20",
      termStart: "2023-03-01",
      termEnd: "2026-02-28",
      members: ["黄立新", "曾国栋", "汤文斌"],
    },
    {
      name: "第二批",
      appointedOn: "2025-06-20",
      termStart: "2025-07-01",
      termEnd: "2028-06-30",
      members: ["黄立新", "汤文斌", "钟晓燕", "贺明珠"],
    },
  ],
};

const TEAMS: { name: string; kind: TeamKind; org: string; lead: string; members: string[] }[] = [
  {
    name: "北洲村“五老”调解队",
    kind: "five_elders",
    org: "beizhou",
    lead: "何德顺",
    members: ["刘长庚", "罗玉梅", "谢春生"],
  },
  { name: "北洲村乡贤理事会", kind: "sages_council", org: "beizhou", lead: "周桂兰", members: ["彭思源"] },
  { name: "贺明珠婚姻家庭调解工作室", kind: "studio", org: "studio_he", lead: "贺明珠", members: ["陈小兰"] },
];

const RELATIONS: {
  mediator: string;
  kind: RelationKind;
  personName: string;
  idNumber: string;
  phone: string;
  note: string;
}[] = [
  {
    mediator: "谢春生",
    kind: "kin",
    personName: "刘建军",
    idNumber: "430212198003152118",
    phone: "13973310211",
    note: "外甥",
  },
];

const ABSENCES: {
  mediator: string;
  fromOn: string;
  toOn: string;
  reason: UnavailabilityReason;
  note: string;
}[] = [
  {
    mediator: "彭思源",
    fromOn: "2026-11-16",
    toOn: "2026-12-20",
    reason: "training",
    note: "赴省外考察学习",
  },
];

/** Adds the matching demo to a freshly seeded county; `orgIds` maps the seed's organisation keys. */
export async function seedMatchingDemo(
  trx: Knex.Transaction,
  orgIds: Map<string, number>,
  now: string,
): Promise<void> {
  for (const m of DEMO_POOL_MEDIATORS) {
    await trx("mediators").insert({
      name: m.name,
      kind: m.kind,
      organisation_id: orgIds.get(m.org),
      phone: m.phone,
      five_elders_kind: m.fiveElders ?? null,
      title: m.title ?? null,
      gender: m.gender ?? null,
      birth_year: m.birthYear ?? null,
      ethnicity: m.ethnicity ?? null,
      languages_json: JSON.stringify(m.languages ?? []),
      home_region_code: m.home ?? null,
      certifications_json: JSON.stringify(m.certifications ?? []),
      since_year: m.since ?? null,
      capacity: m.capacity ?? 6,
      active: true,
      version: 1,
      created_at: now,
      updated_at: now,
    });
  }
  const rows = (await trx("mediators").select("id", "name")) as { id: number; name: string }[];
  const id = (name: string) => Number(rows.find((r) => r.name === name)!.id);
  for (const m of DEMO_POOL_MEDIATORS) {
    for (const type_code of m.specialties ?? []) {
      await trx("mediator_specialties").insert({ mediator_id: id(m.name), type_code });
    }
  }
  for (const [name, p] of Object.entries(EXISTING)) {
    for (const type_code of p.specialties)
      await trx("mediator_specialties").insert({ mediator_id: id(name), type_code });
    const profile = {
      ...(p.title ? { title: p.title } : {}),
      ...(p.since ? { since_year: p.since } : {}),
      ...(p.capacity ? { capacity: p.capacity } : {}),
    };
    if (Object.keys(profile).length)
      await trx("mediators")
        .where({ id: id(name) })
        .update(profile);
  }
  const [pool] = await trx("expert_pools")
    .insert({
      name: POOL.name,
      level: "county",
      region_code: "430212000000",
      organisation_id: orgIds.get(POOL.org),
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning("id");
  const poolId = Number(typeof pool === "object" ? pool.id : pool);
  for (const [i, b] of POOL.batches.entries()) {
    const [batch] = await trx("expert_pool_batches")
      .insert({
        pool_id: poolId,
        seq: i + 1,
        name: b.name,
        appointed_on: b.appointedOn,
        term_start: b.termStart,
        term_end: b.termEnd,
        created_at: now,
      })
      .returning("id");
    const batchId = Number(typeof batch === "object" ? batch.id : batch);
    for (const name of b.members) {
      await trx("expert_pool_members").insert({ batch_id: batchId, mediator_id: id(name), created_at: now });
    }
  }
  for (const t of TEAMS) {
    const [team] = await trx("mediator_teams")
      .insert({
        name: t.name,
        kind: t.kind,
        organisation_id: orgIds.get(t.org),
        lead_mediator_id: id(t.lead),
        active: true,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .returning("id");
    const teamId = Number(typeof team === "object" ? team.id : team);
    for (const name of [t.lead, ...t.members]) {
      await trx("mediator_team_members").insert({ team_id: teamId, mediator_id: id(name) });
    }
  }
  for (const r of RELATIONS) {
    await trx("mediator_relations").insert({
      mediator_id: id(r.mediator),
      kind: r.kind,
      person_name: r.personName,
      id_number: r.idNumber,
      phone: r.phone,
      note: r.note,
      created_at: now,
    });
  }
  for (const a of ABSENCES) {
    await trx("mediator_unavailability").insert({
      mediator_id: id(a.mediator),
      from_on: a.fromOn,
      to_on: a.toOn,
      reason: a.reason,
      note: a.note,
      created_at: now,
    });
  }
}
