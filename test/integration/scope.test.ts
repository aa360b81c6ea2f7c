import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../src/demo/seed.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { loginAs } from "../support/web.js";

let ctx: TestContext;
let orgId: (name: string) => number;
beforeAll(async () => {
  ctx = await createTestContext();
  const orgs = await ctx.knex("organisations").select("id", "name");
  orgId = (name) => Number(orgs.find((o: { name: string }) => o.name === name)!.id);
});
afterAll(() => ctx.close());

const HOMES: Record<string, string> = {
  admin: "系统管理",
  clerk: "登记员工作台",
  clerk2: "登记员工作台",
  mediator: "调解员工作台",
  director: "调委会主任工作台",
  officer: "司法行政工作台",
  judge: "法官工作台",
  // The grid roles' home is their own page (src/routes/home.ts redirects there).
  grid: "网格上报",
  center: "南洲镇综治中心 调度台",
  city: "渌口区城市管理和综合执法局 工单",
};

describe("each role lands on its own home page", () => {
  it.each(DEMO_USERS.map(([username, name]) => [username, name]))("%s (%s)", async (username, name) => {
    const agent = await loginAs(ctx.app, username);
    const res = await agent.get("/").redirects(1).expect(200);
    expect(res.text).toContain(`<h1>${HOMES[username]}</h1>`);
    expect(res.text).toContain(name);
  });

  it("shows the officer every organisation in the county and the judge the committees of the court's area", async () => {
    const officer = (await (await loginAs(ctx.app, "officer")).get("/")).text;
    for (const name of [
      "北洲村人民调解委员会",
      "洲坪村人民调解委员会",
      "南洲镇司法所",
      "株洲市渌口区人民法院",
    ]) {
      expect(officer).toContain(name);
    }
    const judge = (await (await loginAs(ctx.app, "judge")).get("/")).text;
    expect(judge).toContain("渌口区道路交通事故纠纷人民调解委员会");
    expect(judge).not.toContain("南洲镇司法所");
  });
});

describe("records out of scope are 404; pages for other roles are 403", () => {
  const cases: [user: string, org: string, status: number][] = [
    ["clerk", "北洲村人民调解委员会", 200],
    ["clerk", "洲坪村人民调解委员会", 404],
    ["clerk2", "北洲村人民调解委员会", 404],
    ["mediator", "南洲镇人民调解委员会", 404],
    ["director", "北洲村人民调解委员会", 200],
    ["officer", "洲坪村人民调解委员会", 200],
    ["officer", "株洲市渌口区人民法院", 200],
    ["judge", "株洲市渌口区人民法院", 200],
    ["judge", "北洲村人民调解委员会", 404],
    ["admin", "洲坪村人民调解委员会", 200],
  ];
  it.each(cases)("%s → %s: %i", async (user, org, status) => {
    const agent = await loginAs(ctx.app, user);
    const res = await agent.get(`/organisations/${orgId(org)}`);
    expect(res.status).toBe(status);
    if (status === 404) {
      expect(res.text).toContain("页面不存在");
      expect(res.text).not.toContain(org);
    } else {
      expect(res.text).toContain(org);
    }
  });

  it("answers 404 for an organisation that does not exist", async () => {
    const agent = await loginAs(ctx.app, "admin");
    await agent.get("/organisations/999999").expect(404);
    await agent.get("/organisations/abc").expect(404);
  });

  it.each(["clerk", "mediator", "director", "officer", "judge"])(
    "%s may not open admin pages",
    async (user) => {
      const agent = await loginAs(ctx.app, user);
      for (const path of ["/admin/users", "/admin/organisations", "/admin/regions", "/admin/audit"]) {
        const res = await agent.get(path);
        expect(res.status).toBe(403);
        expect(res.text).toContain("无权访问");
      }
    },
  );

  it("admin opens every admin page", async () => {
    const agent = await loginAs(ctx.app, "admin");
    for (const path of ["/admin/users", "/admin/organisations", "/admin/regions", "/admin/audit"]) {
      await agent.get(path).expect(200);
    }
  });

  it("an unknown page is a 404 page without a stack trace", async () => {
    const res = await request(ctx.app).get("/no/such/page");
    // Anonymous: asked to log in first, so nothing about the site's pages leaks.
    expect(res.status).toBe(302);
    const agent = await loginAs(ctx.app, "clerk");
    const page = await agent.get("/no/such/page").expect(404);
    expect(page.text).toContain("页面不存在");
  });
});
