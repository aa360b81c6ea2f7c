import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Calendar, currentCalendar, setCurrentCalendar } from "../../src/calendar/calendar.js";
import { loadNoticeFile } from "../../src/calendar/load-file.js";
import { CalendarService } from "../../src/calendar/service.js";
import { periodEndDays, periodEndDaysDetail } from "../../src/cases/periods.js";
import { ValidationError } from "../../src/errors.js";
import {
  CaseApi,
  CONFIRMATION_MATERIALS,
  countRows,
  intakeBody,
  LONG_TOKENS,
  loadRefs,
  prepareForMediation,
  sessionBody,
  TestClock,
  writtenAgreement,
  type Refs,
} from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { TMP_DIR } from "../support/paths.js";
import { csrfFrom, loginAs, type Agent } from "../support/web.js";

/**
 * The case: an agreement signed 2026-12-02, whose 30-day window ends on 元旦 2027, while
 * no 2027 notice is loaded; then an admin loads one and periods follow it; the CLI loads another.
 */
const clock = new TestClock("2026-12-02");
let ctx: TestContext;
let refs: Refs;
let clerk: CaseApi;
let mediator: CaseApi;
let admin: Agent;
let caseId: number;

const NOTICE_2027 = [
  "2027-01-01 休 元旦",
  "2027-02-05 休 春节",
  "2027-02-06 休 春节",
  "2027-02-07 休 春节",
  "2027-02-08 休 春节",
  "2027-02-09 休 春节",
  "2027-02-10 休 春节",
  "2027-02-11 休 春节",
  "2027-02-12 休 春节",
  "2027-02-13 休 春节",
  "2027-02-14 班 春节",
].join("\n");

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  refs = await loadRefs(ctx.knex);
  [clerk, mediator] = (await Promise.all(["clerk", "mediator"].map((u) => CaseApi.as(ctx.app, u)))) as [
    CaseApi,
    CaseApi,
  ];
  admin = await loginAs(ctx.app, "admin");
  caseId = (await clerk.create(intakeBody())).id;
  await prepareForMediation(clerk, caseId, refs.mediator("王德明"), "2026-12-02");
  await mediator.do(
    caseId,
    "record-session",
    sessionBody("2026-12-02T09:30:00+08:00", "agreement", "达成协议。"),
  );
  await mediator.do(
    caseId,
    "record-agreement",
    writtenAgreement(await mediator.detail(caseId), "2026-12-02", ["2027-03-01"]),
  );
});
afterAll(() => ctx.close());

type DeadlineJson = { kind: string; due: string; calendarNote?: string };
const deadlinesOf = async () => (await clerk.detail(caseId)) as unknown as { deadlines: DeadlineJson[] };

describe("a year without its notice", () => {
  it("has the shipped 2025 and 2026 notices and shows 2027 as missing on the admin page", async () => {
    const page = await admin.get("/admin/calendar").expect(200);
    expect(page.text).toContain("国办发明电〔2025〕7号");
    expect(page.text).toContain("国办发明电〔2024〕12号");
    expect(page.text).toContain("2027年放假安排尚未录入");
    const year = await admin.get("/admin/calendar/2027").expect(200);
    expect(year.text).toContain("2027年放假安排尚未录入");
    expect(year.text).toContain("2027年2月5日 春节（除夕）");
    expect(year.text).toContain(
      "本年适逢周末的：2027年2月6日（春节（正月初一））、2027年2月7日（春节（正月初二））",
    );
  });

  it("ends the confirmation window after 元旦 and says the 2027 notice is missing (API and case page)", async () => {
    const { deadlines } = await deadlinesOf();
    expect(deadlines.find((d) => d.kind === "confirmation_window")).toMatchObject({
      due: "2027-01-04",
      calendarNote: "2027年放假安排尚未录入",
    });
    const web = await loginAs(ctx.app, "clerk");
    const html = (await web.get(`/cases/${caseId}`).expect(200)).text;
    expect(html).toMatch(
      /申请司法确认期限（协议生效之日起 30 日）：<strong>2027年1月4日<\/strong> <span class="calendar-note">（2027年放假安排尚未录入）<\/span>/,
    );
  });
});

describe("the admin loads a notice", () => {
  it("refuses bad input in Chinese, keeps what was typed and writes nothing", async () => {
    const before = await countRows(ctx.knex, "holiday_notices");
    const form = await admin.get("/admin/calendar/2027").expect(200);
    const res = await admin
      .post("/admin/calendar")
      .type("form")
      .send({
        _csrf: csrfFrom(form.text),
        year: "2027",
        number: "国办发明电〔2026〕99号",
        issuedOn: "2026-11-20",
        days: `${NOTICE_2027}\n2027-02-15 班 春节`,
      })
      .expect(400);
    expect(res.text).toContain("2027-02-15 不是周末，无需列为调休上班");
    expect(res.text).toContain("国办发明电〔2026〕99号");
    expect(res.text).toContain("2027-02-15 班 春节");
    expect(await countRows(ctx.knex, "holiday_notices")).toBe(before);
    expect(periodEndDays("2027-01-06", 30)).toBe("2027-02-15");
  });

  it("refuses a form without the CSRF token", async () => {
    await admin.post("/admin/calendar").type("form").send({ year: "2027", days: NOTICE_2027 }).expect(403);
  });

  it("loads the 2027 notice: the period ends follow it and the note goes", async () => {
    expect(periodEndDaysDetail("2027-01-06", 30)).toEqual({ due: "2027-02-15", missingYears: [2027] });
    const form = await admin.get("/admin/calendar/2027").expect(200);
    const res = await admin
      .post("/admin/calendar")
      .type("form")
      .send({
        _csrf: csrfFrom(form.text),
        year: "2027",
        number: "国办发明电〔2026〕99号",
        issuedOn: "2026-11-20",
        days: NOTICE_2027,
      })
      .expect(303);
    expect(res.headers.location).toBe("/admin/calendar?done=2027");
    // 除夕 2027-02-05 + the notice's break to 2-13; Sunday 2-14 is a make-up working day.
    expect(periodEndDaysDetail("2027-01-06", 30)).toEqual({ due: "2027-02-14", missingYears: [] });
    const { deadlines } = await deadlinesOf();
    const window = deadlines.find((d) => d.kind === "confirmation_window")!;
    expect(window.due).toBe("2027-01-04");
    expect(window.calendarNote).toBeUndefined();
    const list = (await admin.get("/admin/calendar").expect(200)).text;
    expect(list).not.toContain("2027年放假安排尚未录入");
    expect(list).toContain("国办发明电〔2026〕99号");
    const audit = await ctx
      .knex("audit_events")
      .where({ action: "calendar.load", entity_id: "2027" })
      .first();
    expect(audit).toBeDefined();
    expect(JSON.parse(String(audit.after_json))).toMatchObject({
      number: "国办发明电〔2026〕99号",
      source: "admin",
    });
    expect(await countRows(ctx.knex, "holiday_notice_days", {})).toBeGreaterThan(0);
  });

  it("accepts the joint application on 2027-01-04 (the issue's 422)", async () => {
    clock.set("2027-01-04");
    const kase = await clerk.detail(caseId);
    const res = await clerk.act(caseId, "apply-confirmation", {
      version: kase.version,
      courtId: refs.courtId,
      appliedOn: "2027-01-04",
      applicantPartyIds: kase.parties.map((p) => p.id),
      materials: CONFIRMATION_MATERIALS,
    });
    expect(res.status, res.text).toBe(200);
  });
});

describe("the CLI loads a notice", () => {
  const file = path.join(TMP_DIR, `notice-2028-${process.pid}-${Date.now()}.json`);
  afterAll(() => fs.rmSync(file, { force: true }));

  it(
    "loads a JSON file into the database with an audit event, and the periods follow",
    { timeout: 60_000 },
    async () => {
      fs.writeFileSync(
        file,
        JSON.stringify({
          year: 2028,
          number: "国办发明电〔2027〕1号",
          issuedOn: "2027-11-10",
          days: [
            { date: "2027-12-31", kind: "off", name: "元旦" },
            { date: "2028-01-01", kind: "off", name: "元旦" },
            { date: "2028-01-02", kind: "off", name: "元旦" },
          ],
        }),
      );
      // Without the notice: Saturday 2028-01-01 → 补休 assumed Monday 01-03 → Tuesday.
      expect(periodEndDays("2027-12-02", 30)).toBe("2028-01-04");
      const { database } = ctx.services.config;
      const url = database.client === "sqlite" ? `sqlite:${database.filename}` : database.connectionString;
      const { stdout } = await promisify(execFile)("npx", ["tsx", "src/cli/calendar-load.ts", file], {
        env: { ...process.env, DATABASE_URL: url },
      });
      expect(stdout).toContain("已录入 2028 年节假日安排：国办发明电〔2027〕1号");
      const audit = await ctx
        .knex("audit_events")
        .where({ action: "calendar.load", entity_id: "2028" })
        .first();
      expect(audit.actor_user_id).toBeNull();
      // This process sees it at the next version check (the app does that before a request).
      await new CalendarService(ctx.knex, clock, 0).refreshIfStale();
      expect(periodEndDaysDetail("2027-12-02", 30)).toEqual({ due: "2028-01-03", missingYears: [] });
    },
  );

  it("refuses a bad file with the field named in Chinese and loads nothing", async () => {
    fs.writeFileSync(file, JSON.stringify({ year: 2029, issuedOn: "2028-11-10", days: [] }));
    const before = await countRows(ctx.knex, "holiday_notices");
    await expect(loadNoticeFile(ctx.services.calendar, file)).rejects.toThrow(ValidationError);
    await expect(loadNoticeFile(ctx.services.calendar, file)).rejects.toThrow(/请填写通知文号/);
    expect(await countRows(ctx.knex, "holiday_notices")).toBe(before);
  });
});

describe("several app instances", () => {
  it("pick up a notice another instance loaded, by a version check", async () => {
    const other = new CalendarService(ctx.knex, clock, 0);
    await other.load();
    expect(currentCalendar().hasNotice(2029)).toBe(false);
    await ctx.services.calendar.loadNotice(
      null,
      { year: 2029, number: "国办发明电〔2028〕5号", issuedOn: "2028-11-01", days: "2029-01-01 休 元旦" },
      "admin",
    );
    // The other instance's memory still holds the calendar without 2029.
    setCurrentCalendar(Calendar.builtIn());
    await other.refreshIfStale();
    expect(currentCalendar().hasNotice(2029)).toBe(true);
    // No change since: no reload.
    setCurrentCalendar(Calendar.builtIn());
    await other.refreshIfStale();
    expect(currentCalendar().hasNotice(2029)).toBe(false);
    await ctx.services.calendar.load();
  });
});
