import type { Express } from "express";
import type { Knex } from "knex";
import request from "supertest";
import { DEMO_PASSWORD } from "../../src/demo/seed.js";

/**
 * A case with something on every panel of its page, built through the JSON API as the committee
 * would: registered, accepted, consents, a lead mediator, an on-site intervention, two sessions
 * (the second ending in agreement) and a written agreement with three obligations. Shared by the
 * statement budget test and bench/case-page-profile.ts, so it imports nothing from Vitest.
 */

export const BUSY_APPLICANT_PHONE = "13955507001";

/** Statement counting through knex's `query` event (transactions included). */
export class StatementLog {
  readonly sql: string[] = [];
  private on = false;
  constructor(knex: Knex) {
    knex.on("query", (q: { sql: string }) => {
      if (this.on) this.sql.push(q.sql);
    });
  }
  /** The statements `fn` runs. */
  async count(fn: () => Promise<unknown>): Promise<string[]> {
    this.sql.length = 0;
    this.on = true;
    try {
      await fn();
    } finally {
      this.on = false;
    }
    return [...this.sql];
  }
}

/** The table a statement mainly reads or writes (the first after FROM, INTO, UPDATE or JOIN). */
export function tableOf(sql: string): string {
  const m = sql.match(/\b(?:from|into|update)\s+["`]?([a-z_]+)/i);
  if (m) return m[1]!;
  return sql.trim().split(/\s+/)[0]!.toLowerCase();
}

export async function tokenFor(app: Express, username: string): Promise<string> {
  const res = await request(app).post("/api/v1/auth/token").send({ username, password: DEMO_PASSWORD });
  if (res.status !== 201) throw new Error(`token for ${username}: ${res.status} ${res.text}`);
  return (res.body as { token: string }).token;
}

interface PartyJson {
  id: number;
  side: string;
}

/** Takes one action through the API at the case's current version; throws unless 200. */
export async function act(
  app: Express,
  token: string,
  id: number,
  action: string,
  body: Record<string, unknown> = {},
): Promise<{ version: number; parties: PartyJson[] }> {
  const auth = `Bearer ${token}`;
  const now = await request(app).get(`/api/v1/cases/${id}`).set("Authorization", auth);
  const res = await request(app)
    .post(`/api/v1/cases/${id}/actions/${action}`)
    .set("Authorization", auth)
    .send({ version: (now.body as { version: number }).version, ...body });
  if (res.status !== 200) throw new Error(`${action}: ${res.status} ${res.text}`);
  return res.body as { version: number; parties: PartyJson[] };
}

export function intakeRequest(serial: number, applicantPhone: string) {
  const id = (birth: string, seq: number) => {
    const first17 = `430212${birth}${String(seq).padStart(3, "0")}`;
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = w.reduce((s, x, i) => s + x * Number(first17[i]), 0);
    return first17 + "10X98765432"[sum % 11]!;
  };
  const party = (side: string, name: string, seq: number, phone: string) => ({
    side,
    kind: "person",
    name,
    idNumber: id("19700101", seq),
    ethnicity: "汉族",
    occupation: "农民",
    phone,
    address: "湖南省株洲市渌口区南洲镇北洲村",
  });
  return {
    source: "application",
    typeCode: "neighbourhood",
    summary: "两家因宅旁排水沟堵塞引发争执，申请人要求被申请人疏通并赔偿损失。",
    occurredOn: "2026-08-20",
    regionCode: "430212101201",
    address: "北洲村第二村民小组",
    amountFen: 130000,
    peopleInvolved: 2,
    riskLevel: "ordinary",
    parties: [
      party("applicant", "张建国", 100 + 2 * serial, applicantPhone),
      party("respondent", "王桂香", 101 + 2 * serial, `1397332${String(serial).padStart(4, "0")}`),
    ],
  };
}

/** Registers a case (201 expected) and returns its id. */
export async function registerCase(app: Express, token: string, serial: number, phone: string) {
  const res = await request(app)
    .post("/api/v1/cases")
    .set("Authorization", `Bearer ${token}`)
    .send(intakeRequest(serial, phone));
  if (res.status !== 201) throw new Error(`intake: ${res.status} ${res.text}`);
  return (res.body as { id: number }).id;
}

export function sessionRequest(heldAt: string, outcome: "continue" | "agreement") {
  return {
    heldAt,
    placeKind: "office",
    place: "北洲村人民调解室",
    isPublic: true,
    attendees: [
      { name: "王德明", role: "调解员" },
      { name: "当事人", role: "双方当事人" },
    ],
    applicantStatement: "要求对方赔偿损失。",
    respondentStatement: "愿意协商解决。",
    proposals: "由被申请人分期赔偿。",
    record: outcome === "agreement" ? "双方同意分期赔偿。" : "双方各执一词，约定再谈。",
    outcome,
  };
}

/**
 * The busy case, on 2026-09-01 (Beijing): `setClock` moves the app's clock through that day.
 * Returns its id.
 */
export async function buildBusyCase(
  app: Express,
  knex: Knex,
  tokens: { clerk: string; mediator: string },
  serial: number,
  setClock: (iso: string) => void,
): Promise<number> {
  setClock("2026-09-01T09:00:00+08:00");
  const id = await registerCase(app, tokens.clerk, serial, BUSY_APPLICANT_PHONE);
  const accepted = await act(app, tokens.clerk, id, "accept");
  await act(app, tokens.clerk, id, "record-consent", {
    noticeGivenOn: "2026-09-01",
    consents: accepted.parties.map((p) => ({ partyId: p.id, consented: true })),
  });
  const wang = (await knex("mediators").where({ name: "王德明" }).first("id")) as { id: number };
  await act(app, tokens.clerk, id, "assign", { mediators: [{ mediatorId: Number(wang.id), role: "lead" }] });
  setClock("2026-09-01T10:30:00+08:00");
  await act(app, tokens.clerk, id, "record-intervention", {
    takenAt: "2026-09-01T10:00:00+08:00",
    measures: "当场将双方分开，稳定情绪",
    risks: ["other"],
    riskDetail: "双方言语冲突",
    people: 2,
  });
  setClock("2026-09-01T15:00:00+08:00");
  await act(
    app,
    tokens.mediator,
    id,
    "record-session",
    sessionRequest("2026-09-01T11:00:00+08:00", "continue"),
  );
  const kase = await act(
    app,
    tokens.mediator,
    id,
    "record-session",
    sessionRequest("2026-09-01T14:30:00+08:00", "agreement"),
  );
  const applicant = kase.parties.find((p) => p.side === "applicant")!;
  const respondent = kase.parties.find((p) => p.side === "respondent")!;
  setClock("2026-09-01T16:00:00+08:00");
  const dues = ["2026-10-01", "2026-11-01", "2026-12-01"];
  await act(app, tokens.mediator, id, "record-agreement", {
    form: "written",
    facts: "双方因排水沟堵塞发生纠纷。",
    disputedMatters: "损失赔偿数额及排水沟疏通责任。",
    responsibilities: "被申请人负主要责任。",
    terms: "被申请人疏通排水沟并赔偿申请人损失。",
    obligations: dues.map((dueOn, i) => ({
      obligor: respondent.id,
      obligee: applicant.id,
      content: i === 0 ? "疏通宅旁排水沟" : `赔偿损失第 ${i} 期`,
      ...(i === 0 ? {} : { amountFen: 50000 }),
      manner: i === 0 ? "自行疏通" : "现金支付",
      place: i === 0 ? "两家宅旁排水沟" : "北洲村人民调解室",
      dueOn,
    })),
    signedOn: "2026-09-01",
    signatures: kase.parties.map((p) => ({ partyId: p.id, signedOn: "2026-09-01", method: "sign" })),
    mediatorSignedOn: "2026-09-01",
    sealedOn: "2026-09-01",
  });
  return id;
}
