import type { Express } from "express";
import type { Knex } from "knex";
import sharp from "sharp";
import request from "supertest";
import { apiToken } from "./web.js";

/** A small JPEG, as a phone camera would send. */
export function photo(): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 90, g: 140, b: 60 } } })
    .jpeg()
    .toBuffer();
}

/** A party's token: the sign-in code is read from the outbox, as the phone would receive it. */
export async function partyToken(app: Express, knex: Knex, phone: string): Promise<string> {
  await request(app).post("/api/v1/portal/auth/code").send({ phone });
  const row = (await knex("message_outbox").where({ to_phone: phone }).orderBy("id", "desc").first()) as {
    params_json: string;
  };
  const { code } = JSON.parse(row.params_json) as { code: string };
  return (await request(app).post("/api/v1/portal/auth/token").send({ phone, code })).body.token as string;
}

/** A member of staff (by token) calling the grid API. */
export class GridApi {
  private constructor(
    readonly app: Express,
    private readonly token: string,
    private readonly base: string,
  ) {}

  static async as(app: Express, username: string): Promise<GridApi> {
    return new GridApi(app, await apiToken(app, username), "/api/v1");
  }

  static party(app: Express, token: string): GridApi {
    return new GridApi(app, token, "/api/v1/portal");
  }

  get(path: string) {
    return request(this.app).get(`${this.base}${path}`).set("Authorization", `Bearer ${this.token}`);
  }

  post(path: string, body?: object) {
    const req = request(this.app).post(`${this.base}${path}`).set("Authorization", `Bearer ${this.token}`);
    return body ? req.send(body) : req;
  }
}

/** Another governance centre (渌口镇) with a dispatcher of its own: a centre that must not see 南洲镇's reports. */
export async function otherCentre(knex: Knex): Promise<string> {
  const now = new Date().toISOString();
  const [org] = (await knex("organisations")
    .insert({
      name: "渌口镇综治中心",
      kind: "governance_center",
      region_code: "430212100000",
      number_prefix: "渌口综治镇",
      active: true,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning("id")) as ({ id: number } | number)[];
  const orgId = typeof org === "object" ? org.id : org;
  const { password_hash } = (await knex("users").where({ username: "center" }).first()) as {
    password_hash: string;
  };
  const [user] = (await knex("users")
    .insert({
      username: "center2",
      display_name: "渌口镇调度员",
      password_hash,
      organisation_id: orgId,
      active: true,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning("id")) as ({ id: number } | number)[];
  await knex("user_roles").insert({ user_id: typeof user === "object" ? user.id : user, role: "dispatcher" });
  const [dept] = (await knex("users")
    .insert({
      username: "zjj",
      display_name: "住建局办理员",
      password_hash,
      organisation_id: (await knex("organisations").where({ name: "渌口区住房和城乡建设局" }).first()).id,
      active: true,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning("id")) as ({ id: number } | number)[];
  await knex("user_roles").insert({
    user_id: typeof dept === "object" ? dept.id : dept,
    role: "department_staff",
  });
  return "center2";
}
