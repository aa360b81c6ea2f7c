import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseApi, residentId, unifiedCode, withBadCheckDigit } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { csrfOf, loginAs, type Agent } from "../support/web.js";

/**
 * Issue 16: the intake form by kind of party (no JS: the HTML and the stylesheet), amounts and
 * phones as people type them, and the update-party form sent back with an error naming the party
 * it was about.
 */
let ctx: TestContext;
let clerk: Agent;
beforeAll(async () => {
  ctx = await createTestContext({ clock: { now: () => new Date("2026-11-23T02:00:00Z") } });
  clerk = await loginAs(ctx.app, "clerk");
});
afterAll(() => ctx.close());

const count = async (table: string) => Number((await ctx.knex(table).count({ n: "*" }).first())?.n);

function intakeForm(csrf: string, overrides: Record<string, string> = {}) {
  return {
    _csrf: csrf,
    source: "application",
    typeCode: "neighbourhood",
    summary: "两家因院墙滴水发生争执",
    regionCode: "430212101201",
    riskLevel: "ordinary",
    "parties[0][side]": "applicant",
    "parties[0][kind]": "person",
    "parties[0][name]": "刘某",
    "parties[0][idNumber]": residentId("19650312", 401),
    "parties[1][side]": "respondent",
    "parties[1][kind]": "person",
    "parties[1][name]": "唐某",
    "parties[1][idNumber]": residentId("19700805", 402),
    ...overrides,
  };
}

async function post(overrides: Record<string, string>, status: number) {
  return clerk
    .post("/cases")
    .type("form")
    .send(intakeForm(await csrfOf(clerk, "/cases/new"), overrides))
    .expect(status);
}

const caseIdOf = (location: string) => Number(/\/cases\/(\d+)/.exec(location)![1]);

/** The HTML of the party row with this index (up to the next row or the add-row buttons). */
const rowOf = (html: string, i: number) => {
  const start = html.indexOf(`id="party-${i}"`);
  const next = html.indexOf(`id="party-${i + 1}"`, start);
  return html.slice(start, next > 0 ? next : html.indexOf('class="add-row"', start));
};

describe("the intake form's party rows, by kind", () => {
  it("marks each field a person's or an organisation's, and the stylesheet hides the other kind's by the radio", async () => {
    const html = (await clerk.get("/cases/new").expect(200)).text;
    const row = rowOf(html, 0);
    const wrapped = (cls: string, field: string) =>
      new RegExp(`<div class="${cls}">\\s*<div class="field">\\s*<label for="f-parties\\.0\\.${field}"`).test(
        row,
      );
    for (const field of ["idNumber", "gender", "birthDate", "ethnicity", "occupation"])
      expect(wrapped("person-only", field), field).toBe(true);
    for (const field of ["unifiedCode", "legalRepresentative", "legalRepresentativeTitle"])
      expect(wrapped("org-only", field), field).toBe(true);
    expect(row).toMatch(/value="person" checked/);
    // Optional particulars and the agent are folded, closed while empty, with the reason given.
    expect(row).toContain('<details class="particulars">');
    expect(row).toContain("书面调解协议须写明，可稍后补充");
    expect(row).toContain('<details class="agent">');

    const css = fs.readFileSync("public/app.css", "utf8");
    expect(css).toContain(
      '.party:has(.party-kind input[value="person"]:checked) .org-only:not(:has(.field-has-error))',
    );
    expect(css).toContain(
      '.party:has(.party-kind input[value="organisation"]:checked) .person-only:not(:has(.field-has-error))',
    );
  });

  it("opens the folded particulars when they hold a value or an error, and keeps what was typed", async () => {
    const before = await count("cases");
    const res = await post(
      {
        "parties[0][ethnicity]": "苗族",
        "parties[1][birthDate]": "2099-01-01",
        "parties[1][agent][name]": "周律师",
        "parties[1][agent][phone]": "1380733123",
      },
      400,
    );
    expect(rowOf(res.text, 0)).toContain('<details class="particulars" open>');
    expect(rowOf(res.text, 0)).toContain('value="苗族"');
    expect(rowOf(res.text, 1)).toContain('<details class="particulars" open>');
    expect(rowOf(res.text, 1)).toContain('<details class="agent" open>');
    expect(res.text).toContain("当事人 2：代理人电话：手机号码应为 11 位数字");
    expect(res.text).toContain('value="1380733123"');
    expect(await count("cases")).toBe(before);
  });

  it("stores no field the form hid for the party's kind (typed before the kind was changed)", async () => {
    const res = await post(
      {
        "parties[1][kind]": "organisation",
        "parties[1][name]": "株洲某建材有限公司",
        "parties[1][unifiedCode]": unifiedCode("91430212MA4L00099"),
        "parties[1][legalRepresentative]": "彭某",
        // typed while the row was still a person's: hidden now, not stored, and not refused
        "parties[1][idNumber]": "12345",
        "parties[1][ethnicity]": "汉族",
        "parties[0][unifiedCode]": "garbage",
        "parties[0][legalRepresentative]": "某某",
      },
      303,
    );
    const parties = await ctx
      .knex("parties")
      .where({ case_id: caseIdOf(res.headers.location!) })
      .orderBy("id");
    expect(parties[0]).toMatchObject({ name: "刘某", unified_code: null, legal_representative: null });
    expect(parties[1]).toMatchObject({
      kind: "organisation",
      id_number: null,
      ethnicity: null,
      legal_representative: "彭某",
    });
  });
});

describe("amounts and phones on the intake form", () => {
  it.each([
    ["2000元", 200000],
    ["2,000", 200000],
    ["2,000.50", 200050],
    ["２０００", 200000],
    ["2000 元", 200000],
  ])("reads the amount %j as %i fen", async (typed, fen) => {
    const res = await post({ amountYuan: typed }, 303);
    const row = await ctx
      .knex("cases")
      .where({ id: caseIdOf(res.headers.location!) })
      .first();
    expect(Number(row.amount_fen)).toBe(fen);
  });

  it("refuses a garbled amount and a 10-digit mobile number, naming the fields, storing nothing", async () => {
    const before = await count("cases");
    const res = await post({ amountYuan: "两千块", "parties[0][phone]": "1390733001" }, 400);
    expect(res.text).toContain("涉及金额应为不小于 0 的数字（元）");
    expect(res.text).toContain("当事人 1：联系电话：手机号码应为 11 位数字");
    expect(res.text).toContain('value="两千块"');
    expect(res.text).toContain('value="1390733001"');
    expect(await count("cases")).toBe(before);
  });

  it("accepts a landline with its area code", async () => {
    await post({ "parties[0][phone]": "0731-22334455" }, 303);
  });
});

describe("the update-party form sent back with an error", () => {
  it("names the party being corrected (唐某), not the first party (刘某), in the heading and the button", async () => {
    const res = await post({}, 303);
    const id = caseIdOf(res.headers.location!);
    const tang = await ctx.knex("parties").where({ case_id: id, name: "唐某" }).first();
    const form = await clerk.get(`/cases/${id}/actions/update-party?party=${tang.id}`).expect(200);
    expect(form.text).toContain("<h1>更正当事人信息：唐某</h1>");
    const version = /name="version" value="(\d+)"/.exec(form.text)![1]!;

    const refused = await clerk
      .post(`/cases/${id}/actions/update-party`)
      .type("form")
      .send({
        _csrf: await csrfOf(clerk),
        version,
        partyId: String(tang.id),
        "party[side]": "respondent",
        "party[kind]": "person",
        "party[name]": "唐某",
        "party[idNumber]": withBadCheckDigit(residentId("19700805", 402)),
      })
      .expect(400);
    expect(refused.text).toContain("身份证号校验位不正确");
    expect(refused.text).toContain("<h1>更正当事人信息：唐某</h1>");
    expect(refused.text).toContain("确认更正当事人信息：唐某</button>");
    expect(refused.text).toContain("更正：唐某（被申请人）");
    expect(refused.text).toContain(`name="partyId" value="${tang.id}"`);
    expect(refused.text).not.toContain("更正当事人信息：刘某");
  });
});

describe("the assign form, in matching's order", () => {
  it("shows the best five, folds the rest, and keeps a folded mediator in view once chosen and sent back", async () => {
    const api = await CaseApi.as(ctx.app, "clerk");
    const id = caseIdOf((await post({}, 303)).headers.location!);
    await api.do(id, "accept");
    const kase = await api.detail(id);
    await api.do(id, "record-consent", {
      noticeGivenOn: "2026-11-23",
      consents: kase.parties.map((p) => ({ partyId: p.id, consented: true })),
    });
    const form = (await clerk.get(`/cases/${id}/actions/assign`).expect(200)).text;
    const folded = form.slice(form.indexOf('<details id="more-mediators">'));
    const ranks = [...form.matchAll(/推荐第 (\d+) 名/g)].map((m) => Number(m[1]));
    expect(ranks.slice(0, 5)).toEqual([...ranks.slice(0, 5)].sort((a, b) => a - b));
    expect(
      form.slice(0, form.indexOf('<details id="more-mediators">')).match(/<select id="f-mediators/g),
    ).toHaveLength(5);
    // The sixth is folded; invite them without the parties' consent: refused, sent back with them in view.
    expect(folded).toContain('name="mediators[5][mediatorId]"');
    const ids = [...form.matchAll(/name="mediators\[(\d+)\]\[mediatorId\]" value="(\d+)"/g)].map(
      (m) => m[2]!,
    );
    const body: Record<string, string> = {
      _csrf: await csrfOf(clerk),
      version: /name="version" value="(\d+)"/.exec(form)![1]!,
      chosenBy: "committee",
    };
    ids.forEach((mediatorId, i) => {
      body[`mediators[${i}][mediatorId]`] = mediatorId;
      body[`mediators[${i}][role]`] = i === 0 ? "lead" : i === 5 ? "invited" : "";
    });
    const refused = await clerk.post(`/cases/${id}/actions/assign`).type("form").send(body).expect(400);
    expect(refused.text).toContain("邀请其他人员参与调解须经当事人同意");
    const shown = refused.text.slice(0, refused.text.indexOf('<details id="more-mediators">'));
    expect(shown).toContain('name="mediators[5][mediatorId]"');
    expect(shown).toMatch(/name="mediators\[5\]\[role\]">[\s\S]*?<option value="invited" selected>/);
  });
});
