import type { Express } from "express";
import type { Knex } from "knex";
import request from "supertest";
import { DEMO_USERS } from "../../src/demo/seed.js";
import { listRoutes, type RouteEntry } from "../../src/http/route-list.js";
import { intakeBody, person } from "../support/cases.js";
import { apiToken } from "../support/web.js";

/**
 * A committee in another county (郴州市北湖区) that no demo user but the admin may see, with a
 * clerk of its own, a mediator and a case: the records the authorisation matrix asks for.
 */
export interface ForeignWorld {
  organisationId: number;
  userId: number;
  mediatorId: number;
  caseId: number;
  caseNumber: string;
  /** A grid report at the foreign county's centre, and its photo. */
  reportId: number;
  reportPhotoId: number;
  /** Strings that appear in the foreign records only: no page or list of another user may show them. */
  markers: string[];
}

const REGIONS: [code: string, name: string, level: string, parent: string][] = [
  ["431000000000", "郴州市", "city", "430000000000"],
  ["431002000000", "北湖区", "county", "431000000000"],
  ["431002100000", "安和街道", "township", "431002000000"],
  ["431002100201", "安和村", "village", "431002100000"],
];

export async function buildForeignWorld(app: Express, knex: Knex): Promise<ForeignWorld> {
  const now = new Date().toISOString();
  for (const [code, name, level, parent] of REGIONS) {
    await knex("regions").insert({ code, name, level, parent_code: parent, version: 1 });
  }
  const idOf = (row: unknown) => Number(typeof row === "object" ? (row as { id: number }).id : row);
  const [org] = await knex("organisations")
    .insert({
      name: "安和村人民调解委员会",
      kind: "village_committee",
      region_code: "431002100201",
      number_prefix: "安和",
      seal_name: "安和村人民调解委员会",
      active: true,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning("id");
  const organisationId = idOf(org);
  const { password_hash } = (await knex("users").where({ username: "clerk" }).first()) as {
    password_hash: string;
  };
  const [user] = await knex("users")
    .insert({
      username: "xclerk",
      display_name: "外区登记员",
      password_hash,
      organisation_id: organisationId,
      active: true,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning("id");
  const userId = idOf(user);
  await knex("user_roles").insert({ user_id: userId, role: "clerk" });
  const [mediator] = await knex("mediators")
    .insert({
      name: "外区调解员甲",
      kind: "staff",
      organisation_id: organisationId,
      phone: "13800009999",
      active: true,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning("id");
  const token = await apiToken(app, "xclerk");
  const res = await request(app)
    .post("/api/v1/cases")
    .set("Authorization", `Bearer ${token}`)
    .send(
      intakeBody({
        regionCode: "431002100201",
        address: "安和村第一组",
        parties: [person("applicant", "外区申请人"), person("respondent", "外区被申请人")],
      }),
    );
  if (res.status !== 201) throw new Error(`foreign case not registered: ${res.status} ${res.text}`);
  const { id, number } = res.body as { id: number; number: string };
  const { reportId, reportPhotoId } = await foreignReport(knex, now);
  return {
    organisationId,
    userId,
    mediatorId: idOf(mediator),
    caseId: id,
    caseNumber: number,
    reportId,
    reportPhotoId,
    // Organisation names are reference data (every committee is listed for referrals and rosters).
    markers: [number, "外区申请人", "外区被申请人", "外区调解员甲", "外区登记员", "外区网格上报事项"],
  };
}

/** The foreign county's governance centre and a report waiting there, with a photo. */
async function foreignReport(knex: Knex, now: string): Promise<{ reportId: number; reportPhotoId: number }> {
  const idOf = (row: unknown) => Number(typeof row === "object" ? (row as { id: number }).id : row);
  const [centre] = await knex("organisations")
    .insert({
      name: "北湖区综治中心",
      kind: "governance_center",
      region_code: "431002000000",
      number_prefix: "北湖综治",
      active: true,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning("id");
  const [report] = await knex("grid_reports")
    .insert({
      version: 1,
      category: "dispute",
      region_code: "431002100201",
      summary: "外区网格上报事项",
      risk_level: "ordinary",
      threats: false,
      reporter_kind: "party",
      reporter_phone: "13800007777",
      centre_id: idOf(centre),
      status: "new",
      reported_at: now,
      updated_at: now,
    })
    .returning("id");
  const png = Buffer.from(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082",
    "hex",
  );
  const [photo] = await knex("grid_report_photos")
    .insert({
      report_id: idOf(report),
      name: "外区.png",
      mime: "image/png",
      size: png.length,
      sha256: "0".repeat(64),
      bytes: png,
      thumbnail: null,
      uploaded_at: now,
    })
    .returning("id");
  return { reportId: idOf(report), reportPhotoId: idOf(photo) };
}

/** The demo users the matrix runs as: everyone but the admin, who may see every record. */
export const MATRIX_USERS = DEMO_USERS.map(([username]) => username).filter((u) => u !== "admin");

/** Routes that anyone may call, signed in or not: no record behind them to protect. */
const PUBLIC = [/^\/static\//, /^\/healthz$/, /^\/login$/, /^\/logout$/, /^\/verify/, /^\/preferences\//];

/** Every route of the application, read from its router (so a new route is in the matrix at once). */
export function appRoutes(app: Express): RouteEntry[] {
  const router = (app as unknown as { router: { stack: unknown[] } }).router;
  return listRoutes(router).filter(
    (r) => !PUBLIC.some((p) => p.test(r.path)) && r.path !== "/api/v1/auth/token",
  );
}

/**
 * The parties' side (/my pages on the party session, /api/v1/portal on party tokens): no staff
 * sign-in reaches it (303 to /my/login, 401), and its scope, a party's own cases by phone, is
 * tested with party sign-ins by the portal suites (test/integration/portal-*.test.ts, evidence).
 */
const PARTY_SIDE = [/^\/my(\/|$)/, /^\/api\/v1\/portal\//];

/** The routes a staff sign-in or staff token may reach: the matrix's subject. */
export function staffRoutes(app: Express): RouteEntry[] {
  return appRoutes(app).filter((r) => !PARTY_SIDE.some((p) => p.test(r.path)));
}

/** An id that no record has. */
export const MISSING = "999999";

/**
 * A path with its parameters filled: ids of the foreign committee's records (or `MISSING` where it
 * has none of that kind), all ids `MISSING` with `missing`, and each id as `spell` writes it.
 */
export function fillPath(
  path: string,
  world: ForeignWorld,
  options: { missing?: boolean; spell?: (id: string) => string } = {},
): string {
  const parts = path.split("/");
  const spell = options.spell ?? ((id: string) => id);
  const idFor = (name: string, before: string | undefined): string => {
    if (options.missing) return MISSING;
    if (name === "caseId" || (name === "id" && before === "cases")) return String(world.caseId);
    if (name === "mediatorId" || (name === "id" && before === "mediators")) return String(world.mediatorId);
    if (name === "id" && before === "organisations") return String(world.organisationId);
    if (name === "id" && before === "users") return String(world.userId);
    if (name === "id" && before === "reports") return String(world.reportId);
    if (name === "id" && before === "report-photos") return String(world.reportPhotoId);
    return MISSING;
  };
  return parts
    .map((part, i) => {
      if (!part.startsWith(":")) return part;
      const name = part.slice(1);
      if (/^id$|Id$/.test(name)) return encodeURIComponent(spell(idFor(name, parts[i - 1])));
      if (name === "action") return "accept";
      if (name === "code") return "431002000000";
      if (name === "year") return "2026";
      if (name === "kind") return "agreement";
      if (name === "file") return "x.pdf";
      return "x";
    })
    .join("/");
}
