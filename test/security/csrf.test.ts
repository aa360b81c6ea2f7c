/**
 * The CSRF sweep (issue 14): every form post of the web pages, read from the router, refused with
 * 403 when the synchroniser token is missing or wrong — signed in as the admin (who may do the
 * most) and as a clerk, with a urlencoded and a multipart body. The API (bearer tokens, no
 * cookies) is not in the sweep; its unknown paths must not reach the web's CSRF check at all.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../support/context.js";
import { loginAs, type Agent } from "../support/web.js";
import { appRoutes, buildForeignWorld, fillPath, type ForeignWorld } from "./world.js";

let ctx: TestContext;
let world: ForeignWorld;
const agents = new Map<string, Agent>();

beforeAll(async () => {
  ctx = await createTestContext();
  world = await buildForeignWorld(ctx.app, ctx.knex);
  for (const username of ["admin", "clerk"]) agents.set(username, await loginAs(ctx.app, username));
});
afterAll(() => ctx?.close());

const formPosts = () => appRoutes(ctx.app).filter((r) => r.method === "POST" && !r.path.startsWith("/api/"));

describe("CSRF", () => {
  it("finds the form posts in the router", () => {
    const paths = formPosts().map((r) => r.path);
    expect(paths.length).toBeGreaterThan(30);
    expect(paths).toContain("/cases/:id/actions/:action");
    expect(paths).toContain("/admin/users/:id/password");
  });

  it("refuses every form post without a token, or with another session's token", async () => {
    const failures: string[] = [];
    for (const [username, agent] of agents) {
      for (const route of formPosts()) {
        const path = fillPath(route.path, world);
        const bodies = [
          agent.post(path).type("form").send({ version: "1", name: "x" }),
          agent.post(path).type("form").send({ _csrf: "forged-token", version: "1" }),
          agent.post(path).field("version", "1").field("_csrf", "forged-token"),
        ];
        for (const res of await Promise.all(bodies)) {
          if (res.status !== 403 || !res.text.includes("表单已过期")) {
            failures.push(`${username} POST ${path} → ${res.status}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("refuses the login form without a token, so no one is signed in from another site", async () => {
    const res = await request(ctx.app)
      .post("/login")
      .type("form")
      .send({ username: "admin", password: "demo1234" });
    expect(res.status).toBe(403);
    expect(res.headers.location).toBeUndefined();
  });
});
