import type { Express } from "express";
import type { Knex } from "knex";
import request from "supertest";
import type TestAgent from "supertest/lib/agent.js";
import { DEMO_PASSWORD } from "../../src/demo/seed.js";

export type Agent = TestAgent;

export function csrfFrom(html: string): string {
  const m = html.match(/name="_csrf" value="([^"]+)"/);
  if (!m) throw new Error("no CSRF token on the page");
  return m[1]!;
}

/** A cookie-keeping agent, logged in through the real login form. */
export async function loginAs(app: Express, username: string, password = DEMO_PASSWORD): Promise<Agent> {
  const agent = request.agent(app);
  const page = await agent.get("/login").expect(200);
  await agent
    .post("/login")
    .type("form")
    .send({ _csrf: csrfFrom(page.text), username, password, next: "/" })
    .expect(303);
  return agent;
}

/** The CSRF token of the agent's session, read from a page it can see. */
export async function csrfOf(agent: Agent, path = "/"): Promise<string> {
  return csrfFrom((await agent.get(path).expect(200)).text);
}

export async function apiToken(app: Express, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await request(app).post("/api/v1/auth/token").send({ username, password }).expect(201);
  return (res.body as { token: string }).token;
}

/**
 * A party signed in on the web as a villager does it (/my/login): asks for a code for the phone,
 * reads the code from the SMS outbox (SMS_TRANSPORT=console keeps it there), and signs in.
 */
export async function partyOnWeb(app: Express, knex: Knex, phone: string): Promise<Agent> {
  const agent = request.agent(app);
  const login = await agent.get("/my/login").expect(200);
  const step2 = await agent
    .post("/my/login/code")
    .type("form")
    .send({ _csrf: csrfFrom(login.text), phone })
    .expect(200);
  const row = (await knex("message_outbox")
    .where({ to_phone: phone, template: "sign_in_code" })
    .orderBy("id", "desc")
    .first()) as { params_json: string } | undefined;
  if (!row) throw new Error(`no sign-in code was sent to ${phone}`);
  const { code } = JSON.parse(row.params_json) as { code: string };
  await agent
    .post("/my/login")
    .type("form")
    .send({ _csrf: csrfFrom(step2.text), phone, code })
    .expect(303);
  return agent;
}
