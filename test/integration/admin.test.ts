import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../support/context.js";
import { csrfOf, loginAs, type Agent } from "../support/web.js";

let ctx: TestContext;
let admin: Agent;
let beizhouId: number;
let courtId: number;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await loginAs(ctx.app, "admin");
  beizhouId = Number((await ctx.knex("organisations").where({ name: "北洲村人民调解委员会" }).first()).id);
  courtId = Number((await ctx.knex("organisations").where({ kind: "court" }).first()).id);
});
afterAll(() => ctx.close());

async function count(table: string): Promise<number> {
  return Number((await ctx.knex(table).count({ n: "*" }).first())?.n);
}

describe("users", () => {
  it("creates a user with roles, audited, who can then log in", async () => {
    const res = await admin
      .post("/admin/users")
      .type("form")
      .send({
        _csrf: await csrfOf(admin),
        username: "wanglaoshi",
        password: "laoshi-2026",
        displayName: "王老师",
        organisationId: beizhouId,
        roles: ["mediator", "clerk"],
        phone: "13800000000",
        active: "on",
      })
      .expect(303);
    const id = Number(res.headers.location!.match(/\/admin\/users\/(\d+)/)![1]);
    const roles = await ctx.knex("user_roles").where({ user_id: id }).orderBy("role").pluck("role");
    expect(roles).toEqual(["clerk", "mediator"]);
    const event = await ctx
      .knex("audit_events")
      .where({ entity_type: "user", entity_id: String(id) })
      .first();
    expect(event.action).toBe("user.create");
    expect(event.after_json).not.toContain("password");
    const user = await loginAs(ctx.app, "wanglaoshi", "laoshi-2026");
    expect((await user.get("/").expect(200)).text).toContain("王老师");
  });

  it("rejects bad input naming each field, keeps what was typed, stores nothing", async () => {
    const before = await count("users");
    const events = await count("audit_events");
    const res = await admin
      .post("/admin/users")
      .type("form")
      .send({
        _csrf: await csrfOf(admin),
        username: "a b",
        password: "short",
        displayName: "<script>alert(1)</script>",
        organisationId: "",
      })
      .expect(400);
    expect(res.text).toContain("用户名应为 2–64 位字母");
    expect(res.text).toContain("密码至少 8 位");
    expect(res.text).toContain("请选择所属机构");
    expect(res.text).toContain("请至少选择一个角色");
    expect(res.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(res.text).not.toContain("<script>alert(1)</script>");
    expect(res.text).toContain('value="a b"');
    expect(await count("users")).toBe(before);
    expect(await count("audit_events")).toBe(events);
  });

  it("refuses a role that does not fit the organisation", async () => {
    const res = await admin
      .post("/admin/users")
      .type("form")
      .send({
        _csrf: await csrfOf(admin),
        username: "fake-judge",
        password: "Tiaojie-2026x",
        displayName: "假法官",
        organisationId: beizhouId,
        roles: "judge",
      })
      .expect(400);
    expect(res.text).toContain("村（社区）人民调解委员会的用户不能担任：法官");
  });

  it("refuses a duplicate username", async () => {
    const res = await admin
      .post("/admin/users")
      .type("form")
      .send({
        _csrf: await csrfOf(admin),
        username: "Clerk",
        password: "Tiaojie-2026x",
        displayName: "重名",
        organisationId: beizhouId,
        roles: "clerk",
      })
      .expect(400);
    expect(res.text).toContain("该用户名已被使用");
  });

  it("never silently overwrites a concurrent edit", async () => {
    const judge = await ctx.knex("users").where({ username: "judge" }).first();
    const edit = (displayName: string) =>
      csrfOf(admin).then((csrf) =>
        admin.post(`/admin/users/${judge.id}`).type("form").send({
          _csrf: csrf,
          version: judge.version,
          displayName,
          organisationId: courtId,
          roles: "judge",
          active: "on",
        }),
      );
    expect((await edit("周文斌（一）")).status).toBe(303);
    const second = await edit("周文斌（二）");
    expect(second.status).toBe(409);
    expect(second.text).toContain("该记录已被他人修改");
    expect(second.text).toContain('value="周文斌（二）"');
    const after = await ctx.knex("users").where({ id: judge.id }).first();
    expect(after.display_name).toBe("周文斌（一）");
    expect(after.version).toBe(judge.version + 1);
  });

  it("resets a password and revokes the user's API tokens", async () => {
    const officer = await ctx.knex("users").where({ username: "officer" }).first();
    await ctx.services.auth.issueToken(officer.id);
    await admin
      .post(`/admin/users/${officer.id}/password`)
      .type("form")
      .send({ _csrf: await csrfOf(admin), version: officer.version, password: "new-password-1" })
      .expect(303);
    expect(
      Number((await ctx.knex("api_tokens").where({ user_id: officer.id }).count({ n: "*" }).first())?.n),
    ).toBe(0);
    await loginAs(ctx.app, "officer", "new-password-1");
  });

  it("does not let an admin lock themselves out", async () => {
    const me = await ctx.knex("users").where({ username: "admin" }).first();
    const res = await admin
      .post(`/admin/users/${me.id}`)
      .type("form")
      .send({
        _csrf: await csrfOf(admin),
        version: me.version,
        displayName: me.display_name,
        organisationId: me.organisation_id,
        roles: "officer",
      })
      .expect(400);
    expect(res.text).toContain("不能停用自己的账号");
  });
});

describe("organisations and regions", () => {
  it("creates an organisation in a township and audits it", async () => {
    const res = await admin
      .post("/admin/organisations")
      .type("form")
      .send({
        _csrf: await csrfOf(admin),
        name: "渌口镇人民调解委员会",
        kind: "township_committee",
        regionCode: "430212100000",
        numberPrefix: "渌口",
        active: "on",
      })
      .expect(303);
    const id = res.headers.location!.match(/(\d+)/)![1];
    const event = await ctx
      .knex("audit_events")
      .where({ entity_type: "organisation", entity_id: id })
      .first();
    expect(event.action).toBe("organisation.create");
  });

  it("rejects an organisation placed in a villager group or with a missing name", async () => {
    const res = await admin
      .post("/admin/organisations")
      .type("form")
      .send({
        _csrf: await csrfOf(admin),
        name: "",
        kind: "village_committee",
        regionCode: "430212101201001",
        numberPrefix: "一组",
      })
      .expect(400);
    expect(res.text).toContain("请填写机构名称");
  });

  it("adds a village under a township, checking the statistical code", async () => {
    const csrf = await csrfOf(admin);
    const bad = await admin
      .post("/admin/regions")
      .type("form")
      .send({ _csrf: csrf, parentCode: "430212101000", code: "430212100203", name: "错村" })
      .expect(400);
    expect(bad.text).toContain("并以上级代码 430212101 开头");
    expect(await ctx.knex("regions").where({ code: "430212100203" }).first()).toBeUndefined();
    await admin
      .post("/admin/regions")
      .type("form")
      .send({ _csrf: csrf, parentCode: "430212101000", code: "430212101203", name: "新洲村" })
      .expect(303);
    const region = await ctx.knex("regions").where({ code: "430212101203" }).first();
    expect(region).toMatchObject({ name: "新洲村", level: "village", parent_code: "430212101000" });
    const page = await admin.get("/admin/regions?parent=430212101000").expect(200);
    expect(page.text).toContain("新洲村");
  });

  it("renames a region with a version check", async () => {
    const region = await ctx.knex("regions").where({ code: "430212101202" }).first();
    const csrf = await csrfOf(admin);
    await admin
      .post("/admin/regions/430212101202")
      .type("form")
      .send({ _csrf: csrf, version: region.version, name: "洲坪村（改）" })
      .expect(303);
    const stale = await admin
      .post("/admin/regions/430212101202")
      .type("form")
      .send({ _csrf: csrf, version: region.version, name: "洲坪村（再改）" })
      .expect(409);
    expect(stale.text).toContain('value="洲坪村（再改）"');
    expect((await ctx.knex("regions").where({ code: "430212101202" }).first()).name).toBe("洲坪村（改）");
  });

  it("shows the audit log", async () => {
    const page = await admin.get("/admin/audit").expect(200);
    expect(page.text).toContain("region.update");
    expect(page.text).toContain("孙伟");
    expect(page.text).toContain("修改区划");
  });
});
