import type { Express } from "express";
import type { Knex } from "knex";
import { PDFParse } from "pdf-parse";
import request from "supertest";
import { expect } from "vitest";
import type { CaseDetail, CaseListItem, Page } from "../../src/cases/service.js";
import type { Clock } from "../../src/clock.js";
import { apiToken } from "./web.js";

/* ------------------------------------------------------------------ clock */

/**
 * A clock the test moves by hand. `set("2026-09-01")` means 10:00 Beijing time that day; a full
 * ISO instant is taken as given.
 */
export class TestClock implements Clock {
  private current: Date;
  constructor(start: string) {
    this.current = TestClock.parse(start);
  }
  static parse(value: string): Date {
    const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T10:00:00+08:00` : value);
    if (Number.isNaN(d.getTime())) throw new Error(`bad test time ${value}`);
    return d;
  }
  now(): Date {
    return new Date(this.current);
  }
  set(value: string): void {
    this.current = TestClock.parse(value);
  }
  /** The Beijing date the clock shows. */
  today(): string {
    return new Date(this.current.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  }
  /** The year as the case numbers print it. */
  year(): number {
    return Number(this.today().slice(0, 4));
  }
}

/** Tokens must outlive the months a test moves its clock through. */
export const LONG_TOKENS = { apiTokenHours: 24 * 800 };

/* ------------------------------------------------------------------ identity numbers */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/** The GB 11643 check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(first17[i]), 0);
  return CHECK[sum % 11]!;
}

/** A valid resident ID: region, birth date (YYYYMMDD), a three-digit sequence (odd = male). */
export function residentId(birth: string, seq: number, region = "430212"): string {
  const first17 = `${region}${birth}${String(seq % 1000).padStart(3, "0")}`;
  return first17 + idCheckChar(first17);
}

/** The same ID with a wrong check character. */
export function withBadCheckDigit(id: string): string {
  const good = id[17]!;
  const bad = [..."0123456789X"].find((c) => c !== good)!;
  return id.slice(0, 17) + bad;
}

const UCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const UCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A valid unified social credit code (GB 32100) from its first 17 characters. */
export function unifiedCode(first17: string): string {
  const sum = UCC_WEIGHTS.reduce((s, w, i) => s + w * UCC_CHARS.indexOf(first17[i]!), 0);
  return first17 + UCC_CHARS[(31 - (sum % 31)) % 31]!;
}

/* ------------------------------------------------------------------ intake bodies */

export interface AgentBody {
  name: string;
  phone?: string;
  idNumber?: string;
}

export interface PartyBody {
  side: "applicant" | "respondent";
  kind: "person" | "organisation";
  name: string;
  idNumber?: string;
  unifiedCode?: string;
  gender?: "male" | "female";
  birthDate?: string;
  ethnicity?: string;
  occupation?: string;
  phone?: string;
  address?: string;
  legalRepresentative?: string;
  legalRepresentativeTitle?: string;
  agent?: AgentBody;
}

export interface IntakeBody {
  source: string;
  typeCode: string;
  summary: string;
  occurredOn?: string;
  regionCode: string;
  address?: string;
  amountFen?: unknown;
  peopleInvolved?: number;
  riskLevel?: "ordinary" | "serious" | "major";
  externalRef?: string;
  referringCourtId?: number;
  organisationId?: number;
  parties: PartyBody[];
}

export const REGIONS = {
  beizhou: "430212101201",
  zhouping: "430212101202",
  nanzhou: "430212101000",
} as const;

let serial = 0;
/** A number unique within the test file, for IDs and phones that must not collide. */
export function nextSerial(): number {
  return ++serial;
}

/** A natural person with every particular a written agreement needs, and a fresh ID and phone. */
export function person(side: PartyBody["side"], name: string, overrides: Partial<PartyBody> = {}): PartyBody {
  const n = nextSerial();
  const year = 1960 + (n % 40);
  const birth = `${year}${String((n % 12) + 1).padStart(2, "0")}${String((n % 28) + 1).padStart(2, "0")}`;
  return {
    side,
    kind: "person",
    name,
    idNumber: residentId(birth, 100 + n),
    ethnicity: "汉族",
    occupation: "农民",
    phone: `1397331${String(n).padStart(4, "0")}`,
    address: "湖南省株洲市渌口区南洲镇北洲村",
    ...overrides,
  };
}

/** An organisation party (a company) with its legal representative and domicile. */
export function organisation(
  side: PartyBody["side"],
  name: string,
  overrides: Partial<PartyBody> = {},
): PartyBody {
  const n = nextSerial();
  return {
    side,
    kind: "organisation",
    name,
    unifiedCode: unifiedCode(`91430212MA4L${String(n).padStart(5, "0")}`),
    legalRepresentative: "彭立军",
    legalRepresentativeTitle: "执行董事",
    phone: `0731-2${String(n).padStart(6, "0")}`,
    address: "湖南省株洲市渌口区南洲镇工业园 8 号",
    ...overrides,
  };
}

/** A valid intake body: one applicant, one respondent, both with valid resident IDs. */
export function intakeBody(overrides: Partial<IntakeBody> = {}): IntakeBody {
  return {
    source: "application",
    typeCode: "neighbourhood",
    summary: "两家因宅旁排水沟堵塞引发争执，申请人要求被申请人疏通并赔偿损失。",
    occurredOn: "2026-08-20",
    regionCode: REGIONS.beizhou,
    address: "北洲村第二村民小组",
    amountFen: 130000,
    peopleInvolved: 2,
    riskLevel: "ordinary",
    parties: [person("applicant", "张建国"), person("respondent", "王桂香")],
    ...overrides,
  };
}

/* ------------------------------------------------------------------ problems */

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

/** Asserts an RFC 9457 problem with this status and returns it. */
export function expectProblem(res: request.Response, status: number): Problem {
  expect(res.status, res.text).toBe(status);
  expect(res.headers["content-type"]).toContain("application/problem+json");
  const body = JSON.parse(res.text) as Problem;
  expect(body.status).toBe(status);
  expect(body.title).toBeTruthy();
  expect(body.detail).toBeTruthy();
  return body;
}

/** The fields a 400/422 names. */
export function fieldsOf(problem: Problem): string[] {
  return (problem.errors ?? []).map((e) => e.field);
}

/* ------------------------------------------------------------------ API client */

export type CaseJson = CaseDetail & { url: string };
export type ActionBody = Record<string, unknown>;

/** The case API as one user sees it, through a bearer token. */
export class CaseApi {
  private constructor(
    readonly app: Express,
    readonly username: string,
    private readonly token: string,
  ) {}

  static async as(app: Express, username: string): Promise<CaseApi> {
    return new CaseApi(app, username, await apiToken(app, username));
  }

  private auth(req: request.Test): request.Test {
    return req.set("Authorization", `Bearer ${this.token}`);
  }

  intake(body: unknown, idempotencyKey?: string): request.Test {
    const req = this.auth(request(this.app).post("/api/v1/cases")).send(body as object);
    return idempotencyKey === undefined ? req : req.set("Idempotency-Key", idempotencyKey);
  }

  /** Registers a case and returns its id and number (expects 201). */
  async create(
    body: IntakeBody = intakeBody(),
  ): Promise<{ id: number; number: string; warnings: unknown[] }> {
    const res = await this.intake(body);
    expect(res.status, res.text).toBe(201);
    return res.body as { id: number; number: string; warnings: unknown[] };
  }

  get(id: number): request.Test {
    return this.auth(request(this.app).get(`/api/v1/cases/${id}`));
  }

  /** The whole case (expects 200). */
  async detail(id: number): Promise<CaseJson> {
    const res = await this.get(id);
    expect(res.status, res.text).toBe(200);
    return res.body as CaseJson;
  }

  list(query: Record<string, string | number | boolean> = {}): request.Test {
    return this.auth(request(this.app).get("/api/v1/cases")).query(query);
  }

  /** One page of the list (expects 200). */
  async page(query: Record<string, string | number | boolean> = {}): Promise<Page<CaseListItem>> {
    const res = await this.list(query);
    expect(res.status, res.text).toBe(200);
    return res.body as Page<CaseListItem>;
  }

  act(id: number, action: string, body: ActionBody): request.Test {
    return this.auth(request(this.app).post(`/api/v1/cases/${id}/actions/${action}`)).send(body);
  }

  /** Takes an action at the case's current version (read first); expects 200 and returns the case. */
  async do(id: number, action: string, body: ActionBody = {}): Promise<CaseJson> {
    const { version } = await this.detail(id);
    const res = await this.act(id, action, { version, ...body });
    expect(res.status, `${action}: ${res.text}`).toBe(200);
    return res.body as CaseJson;
  }

  /** A GET under /api/v1 with this user's token. */
  getApi(path: string): request.Test {
    return this.auth(request(this.app).get(`/api/v1${path}`));
  }

  /** A PDF under /api/v1 (expects 200 and application/pdf). */
  async pdf(path: string): Promise<Buffer> {
    const res = await this.getApi(path)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on("data", (c: Buffer) => chunks.push(c));
        r.on("end", () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status, String(res.body)).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    return res.body as Buffer;
  }

  /** Takes an action at the current version and returns the raw response (for refusals). */
  async try(id: number, action: string, body: ActionBody = {}): Promise<request.Response> {
    const { version } = await this.detail(id);
    return this.act(id, action, { version, ...body });
  }
}

/* ------------------------------------------------------------------ reference data */

export interface Refs {
  org(name: string): number;
  mediator(name: string): number;
  courtId: number;
}

export async function loadRefs(knex: Knex): Promise<Refs> {
  const orgs = (await knex("organisations").select("id", "name", "kind")) as {
    id: number;
    name: string;
    kind: string;
  }[];
  const mediators = (await knex("mediators").select("id", "name")) as { id: number; name: string }[];
  const find = <T extends { id: number; name: string }>(rows: T[], name: string) => {
    const row = rows.find((r) => r.name === name);
    if (!row) throw new Error(`no ${name} in the demo data`);
    return Number(row.id);
  };
  return {
    org: (name) => find(orgs, name),
    mediator: (name) => find(mediators, name),
    courtId: Number(orgs.find((o) => o.kind === "court")!.id),
  };
}

/** The rows of a table, counted (optionally filtered). */
export async function countRows(
  knex: Knex,
  table: string,
  where: Record<string, unknown> = {},
): Promise<number> {
  const row = await knex(table).where(where).count({ n: "*" }).first();
  return Number(row?.n ?? 0);
}

/* ------------------------------------------------------------------ journey steps */

export const CONFIRMATION_MATERIALS = ["application", "agreement", "identity", "service_addresses"];

/** Accepts the case, records every party's consent, and assigns a lead mediator (by the clerk). */
export async function prepareForMediation(
  clerk: CaseApi,
  id: number,
  leadMediatorId: number,
  noticeGivenOn: string,
): Promise<CaseJson> {
  await clerk.do(id, "accept");
  const kase = await clerk.detail(id);
  await clerk.do(id, "record-consent", {
    noticeGivenOn,
    consents: kase.parties.map((p) => ({ partyId: p.id, consented: true })),
  });
  return clerk.do(id, "assign", { mediators: [{ mediatorId: leadMediatorId, role: "lead" }] });
}

export function sessionBody(heldAt: string, outcome: "continue" | "agreement" | "failed", record: string) {
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
    record,
    outcome,
  };
}

/** A complete written agreement: every particular, every party signing the same day. */
export function writtenAgreement(kase: CaseJson, signedOn: string, dues: string[]): ActionBody {
  const applicant = kase.parties.find((p) => p.side === "applicant")!;
  const respondent = kase.parties.find((p) => p.side === "respondent")!;
  return {
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
    signedOn,
    signatures: kase.parties.map((p) => ({ partyId: p.id, signedOn, method: "sign" })),
    mediatorSignedOn: signedOn,
    sealedOn: signedOn,
  };
}

/** A PDF's text (pdf.js through pdf-parse) and its page count. */
export async function pdfText(
  pdf: Buffer,
  pages?: number[],
): Promise<{ text: string; flat: string; pages: number }> {
  const parser = new PDFParse({ data: pdf });
  const r = await parser.getText(pages ? { partial: pages } : {});
  await parser.destroy();
  return { text: r.text, flat: r.text.replace(/\s+/g, ""), pages: r.total };
}
