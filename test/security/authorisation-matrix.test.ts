/**
 * The authorisation matrix (issue 14): every demo role × every route of the application, read from
 * the Express router stack. A record of a committee in another county is out of everyone's scope
 * (but the admin's): asking for it must be 404 — never 2xx, never a 403 that confirms it exists —
 * and no list or page may show it. A new route without a scope check fails here.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../support/context.js";
import { apiToken, csrfOf, loginAs, type Agent } from "../support/web.js";
import {
  appRoutes,
  buildForeignWorld,
  fillPath,
  MATRIX_USERS,
  staffRoutes,
  type ForeignWorld,
} from "./world.js";

let ctx: TestContext;
let world: ForeignWorld;
const web = new Map<string, { agent: Agent; csrf: string }>();
const tokens = new Map<string, string>();

beforeAll(async () => {
  ctx = await createTestContext({ config: { apiTokenHours: 24 * 800 } });
  world = await buildForeignWorld(ctx.app, ctx.knex);
  for (const username of [...MATRIX_USERS, "admin"]) {
    const agent = await loginAs(ctx.app, username);
    // Some roles' home is another page (a grid worker lands on /grid): read the token there.
    const home = await agent.get("/");
    const path = home.status === 303 ? String(home.headers.location) : "/";
    web.set(username, { agent, csrf: await csrfOf(agent, path) });
    tokens.set(username, await apiToken(ctx.app, username));
  }
});
afterAll(() => ctx?.close());

async function call(username: string, method: string, path: string) {
  const m = method.toLowerCase() as "get" | "post" | "put" | "delete" | "patch";
  if (path.startsWith("/api/")) {
    return request(ctx.app)
      [m](path)
      .set("Authorization", `Bearer ${tokens.get(username)}`)
      .send(method === "GET" ? undefined : { version: 1 });
  }
  const { agent, csrf } = web.get(username)!;
  if (method === "GET") return agent.get(path);
  return agent[m](path).type("form").send({ _csrf: csrf, version: "1" });
}

describe("the authorisation matrix", () => {
  it("reads the routes from the router", () => {
    const routes = appRoutes(ctx.app);
    expect(routes.length).toBeGreaterThan(80);
    expect(routes).toContainEqual({ method: "GET", path: "/api/v1/cases/:id" });
    expect(routes).toContainEqual({ method: "POST", path: "/cases/:id/actions/:action" });
  });

  it("answers another committee's records as if they did not exist, to every role on every route", async () => {
    const failures: string[] = [];
    for (const username of MATRIX_USERS) {
      for (const route of staffRoutes(ctx.app)) {
        if (!route.path.includes(":")) continue;
        const path = fillPath(route.path, world);
        const res = await call(username, route.method, path);
        // A record one may not see is not found. A role kept out of a whole area (admin pages,
        // the court's desk, statistics) gets 403 there, and a malformed body 400, for any id:
        // the answer must be the one for an id that exists nowhere, so it confirms nothing.
        const missing = await call(username, route.method, fillPath(route.path, world, { missing: true }));
        const allowed = route.method === "GET" ? [404, 403] : [404, 403, 400];
        if (res.status !== missing.status || !allowed.includes(res.status)) {
          failures.push(
            `${username} ${route.method} ${path} → ${res.status} (missing id → ${missing.status})`,
          );
        }
        if (route.method === "GET" && res.status === 403 && missing.status !== 403) failures.push(path);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it("never shows another committee's records in a list or page", async () => {
    const failures: string[] = [];
    for (const username of MATRIX_USERS) {
      for (const route of appRoutes(ctx.app)) {
        if (route.method !== "GET" || route.path.includes(":")) continue;
        const res = await call(username, "GET", route.path);
        const body = res.text ?? "";
        const leaked = world.markers.filter((m) => body.includes(m));
        if (res.status < 500 && leaked.length === 0) continue;
        failures.push(`${username} GET ${route.path} → ${res.status} ${leaked.join("、")}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it("lets the admin reach the foreign records, so the 404s above are the scope's doing", async () => {
    const admin = web.get("admin")!.agent;
    expect((await admin.get(`/cases/${world.caseId}`)).status).toBe(200);
    const res = await request(ctx.app)
      .get(`/api/v1/cases/${world.caseId}`)
      .set("Authorization", `Bearer ${tokens.get("admin")}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(world.caseNumber);
  });

  it("reads ids as digits only on every :id route (1e0, 0x1, 1.0 are not ids)", async () => {
    const spellings = [
      (id: string) => `${id}e0`,
      (id: string) => `0x${Number(id).toString(16)}`,
      (id: string) => `${id}.0`,
    ];
    const failures: string[] = [];
    for (const route of staffRoutes(ctx.app)) {
      if (!/:([a-z]+I|i)d\b/.test(route.path)) continue;
      // The admin sees the foreign records; the judge alone reaches the court's desk.
      for (const username of ["admin", "judge"]) {
        const plain = await call(username, route.method, fillPath(route.path, world));
        if (plain.status === 403) continue;
        // A body checked before the record is looked up may answer 400, as it does for any id.
        const missing = await call(username, route.method, fillPath(route.path, world, { missing: true }));
        for (const spell of spellings) {
          const path = fillPath(route.path, world, { spell });
          const res = await call(username, route.method, path);
          if (res.status !== 404 && !(res.status === 400 && missing.status === 400)) {
            failures.push(`${username} ${route.method} ${path} → ${res.status}`);
          }
        }
        break;
      }
    }
    expect(failures).toEqual([]);
  });
});
