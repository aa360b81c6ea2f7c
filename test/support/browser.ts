import fs from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import type { Knex } from "knex";
import type { Page } from "playwright-core";
import { beijingDate } from "../../src/shared/dates.js";
import type { CaseDetail } from "../../src/cases/service.js";
import { DEMO_PASSWORD } from "../../src/demo/seed.js";
import type { SessionUser } from "../../src/people/scope.js";
import type { Services } from "../../src/services.js";

export { chromiumExecutable, launchBrowser } from "./chromium.js";

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's WCAG 2.1 A/AA violations on the page, one line each ("id: help — targets"). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const found = await page.evaluate<{ id: string; help: string; nodes: { target: string[] }[] }[]>(
    `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
       .then((r) => r.violations.map((v) => ({ id: v.id, help: v.help,
         nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  );
  return found.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

export interface RunningServer {
  baseURL: string;
  close(): Promise<void>;
}

/** Serves the app on a free local port. close() also drops the browser's keep-alive sockets. */
export async function startServer(app: Express): Promise<RunningServer> {
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Logs in through the real form and waits for the page the login redirects to. */
export async function logIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.locator("#f-username").fill(username);
  await page.locator("#f-password").fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== "/login", { timeout: 10_000 }),
    page.getByRole("button", { name: "登录", exact: true }).click(),
  ]);
}

/*
 * Page-side measurements. They are passed to Chromium as source strings: the project's tsconfig
 * has no DOM library, and functions compiled by tsx/Vitest can carry helpers (`__name`) that do
 * not exist in the page.
 */

/** Computed font size in CSS pixels of the first element matching the selector. */
export async function fontSizeOf(page: Page, selector: string): Promise<number> {
  const px = await page.evaluate<string>(
    `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).fontSize`,
  );
  return Number.parseFloat(px);
}

/** Whether the page scrolls sideways (content wider than the viewport). */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate<{ scrollWidth: number; clientWidth: number }>(
    `({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })`,
  );
}

/*
 * Setting cases up without the browser. A journey test drives in the browser only the steps it
 * is about; the steps before it go straight through the case service as the named demo user, so
 * each test starts from a fresh database in a known state without clicking through the rest.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A resident ID (GB 11643) that passes the check: Lukou district, birth date YYYYMMDD, sequence (odd = male). */
export function residentId(birth: string, seq: number, region = "430212"): string {
  const first17 = `${region}${birth}${String(seq % 1000).padStart(3, "0")}`;
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(first17[i]), 0);
  return first17 + "10X98765432"[sum % 11]!;
}

const UCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const UCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A unified social credit code (GB 32100) from its first 17 characters, with its check character. */
export function unifiedCode(first17: string): string {
  const sum = UCC_WEIGHTS.reduce((s, w, i) => s + w * UCC_CHARS.indexOf(first17[i]!), 0);
  return first17 + UCC_CHARS[(31 - (sum % 31)) % 31]!;
}

/** 北洲村, where the demo committee and its disputes are. */
export const BEIZHOU = "430212101201";

export interface SetupParty {
  side: "applicant" | "respondent";
  kind: "person" | "organisation";
  name: string;
  idNumber?: string;
  unifiedCode?: string;
  ethnicity?: string;
  occupation?: string;
  phone?: string;
  address?: string;
  legalRepresentative?: string;
  agent?: { name: string; phone?: string };
}

/** A villager with every particular a written agreement needs; `seq` makes the ID and phone unique. */
export function villager(side: SetupParty["side"], name: string, birth: string, seq: number): SetupParty {
  return {
    side,
    kind: "person",
    name,
    idNumber: residentId(birth, seq),
    ethnicity: "汉族",
    occupation: "农民",
    phone: `1397331${String(seq).padStart(4, "0")}`,
    address: "湖南省株洲市渌口区南洲镇北洲村第二村民小组",
  };
}

/** A neighbours' dispute over a blocked drain at 北洲村: 刘顺 against 王桂香 unless told otherwise. */
export function drainDispute(overrides: Record<string, unknown> = {}, seq = 1) {
  return {
    source: "application",
    typeCode: "neighbourhood",
    summary: "两家宅旁排水沟被堵，雨水倒灌申请人厨房，申请人要求被申请人疏通排水沟并赔偿损失。",
    occurredOn: "2026-11-10",
    regionCode: BEIZHOU,
    address: "北洲村第二村民小组",
    amountYuan: "1300",
    peopleInvolved: 2,
    riskLevel: "ordinary",
    parties: [
      villager("applicant", "刘顺", "19650312", 100 + 2 * seq + 1),
      villager("respondent", "王桂香", "19700805", 100 + 2 * seq + 2),
    ],
    ...overrides,
  };
}

export class CaseSetup {
  private readonly users = new Map<string, SessionUser>();

  // The database handle comes beside the services (which expose none) to look rows up by name.
  constructor(
    readonly services: Services,
    private readonly knex: Knex,
  ) {}

  /** The session user of a demo username, as the login would make it. */
  async user(username: string): Promise<SessionUser> {
    const known = this.users.get(username);
    if (known) return known;
    const row = await this.knex("users").where({ username }).first();
    const user = row ? await this.services.auth.sessionUser(Number(row.id)) : null;
    if (!user) throw new Error(`no demo user ${username}`);
    this.users.set(username, user);
    return user;
  }

  async register(username: string, body: unknown): Promise<CaseDetail> {
    return (await this.services.cases.intake(await this.user(username), body)).detail;
  }

  /** Takes an action at the case's current version. */
  async act(
    username: string,
    id: number,
    action: string,
    body: Record<string, unknown> = {},
  ): Promise<CaseDetail> {
    const user = await this.user(username);
    const { version } = await this.services.cases.get(user, id);
    return this.services.cases.act(user, id, action, { version, ...body });
  }

  async mediatorId(name: string): Promise<number> {
    const row = await this.knex("mediators").where({ name }).first();
    if (!row) throw new Error(`no mediator ${name}`);
    return Number(row.id);
  }

  /** Registered by the clerk, accepted, every party told and consenting, 王德明 assigned to lead. */
  async inMediation(body: unknown = drainDispute()): Promise<CaseDetail> {
    const kase = await this.register("clerk", body);
    await this.act("clerk", kase.id, "accept");
    const today = beijingDate(this.services.clock.now());
    await this.act("clerk", kase.id, "record-consent", {
      noticeGivenOn: today,
      consents: kase.parties.map((p) => ({ partyId: p.id, consented: true })),
    });
    return this.act("clerk", kase.id, "assign", {
      mediators: [{ mediatorId: await this.mediatorId("王德明"), role: "lead" }],
    });
  }

  /** A session recorded by the lead mediator (heldAt: Beijing local time, e.g. 2026-11-23T08:30). */
  async session(id: number, heldAt: string, outcome: "continue" | "agreement" | "failed", record: string) {
    return this.act("mediator", id, "record-session", {
      heldAt,
      placeKind: "office",
      place: "北洲村人民调解室",
      isPublic: "yes",
      attendees: "刘顺，申请人\n王桂香，被申请人\n王德明，主持调解员",
      applicantStatement: "排水沟被堵后雨水倒灌厨房，要求对方疏通并赔偿损失 1300 元。",
      respondentStatement: "堵沟是为了垫宅基地，愿意疏通，但认为赔偿数额过高。",
      proposals: "由被申请人疏通排水沟，并分两期赔偿。",
      record,
      outcome,
    });
  }

  /**
   * A written agreement everyone signed today, with the respondent owing the applicant: first to
   * clear the drain, then one payment per further due date.
   */
  async writtenAgreement(kase: CaseDetail, dues: string[]): Promise<CaseDetail> {
    const today = beijingDate(this.services.clock.now());
    const applicant = kase.parties.find((p) => p.side === "applicant")!;
    const respondent = kase.parties.find((p) => p.side === "respondent")!;
    return this.act("mediator", kase.id, "record-agreement", {
      form: "written",
      facts: "被申请人垫高宅基地时堵塞两家之间的排水沟，致雨水倒灌申请人厨房。",
      disputedMatters: "排水沟的疏通责任及损失赔偿数额。",
      responsibilities: "被申请人堵塞排水沟，应负主要责任。",
      terms: "被申请人疏通排水沟，并赔偿申请人损失共计 800 元，分期支付。",
      obligations: dues.map((dueOn, i) => ({
        obligor: respondent.id,
        obligee: applicant.id,
        content: i === 0 ? "疏通宅旁排水沟" : `赔偿损失第 ${i} 期`,
        ...(i === 0
          ? { manner: "自行疏通", place: "两家宅旁排水沟" }
          : { amountYuan: String(800 / (dues.length - 1)), manner: "现金", place: "北洲村人民调解室" }),
        dueOn,
      })),
      signedOn: today,
      mediatorSignedOn: today,
      sealedOn: today,
    });
  }
}
