/**
 * Issue 19 part 2, agreements signed on the phone: record-agreement without a date or signatures
 * drafts the agreement for signing (not in force, case still 调解中, hash of the exact text, an SMS
 * to each party); each party signs through the API with a fresh SMS code; the director's
 * seal-agreement makes it effective on sealedOn, which the periods count from; a changed text voids
 * the signatures; the refusals (stale hash, not a PNG, another's case, seal too early).
 */
import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CaseApi,
  countRows,
  expectProblem,
  LONG_TOKENS,
  loadRefs,
  pdfText,
  TestClock,
  type Refs,
} from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { csrfOf, loginAs } from "../support/web.js";
import {
  agreementForSigning,
  caseInMediation,
  dataUrl,
  lastSms,
  partyToken,
  portalApi,
  sealPng,
  signaturePng,
} from "../support/signing.js";
import { renderPNG } from "../support/pdf-render.js";
import fs from "node:fs";
import sharp from "sharp";
import { periodEndDays } from "../../src/cases/periods.js";
import { textHash } from "../../src/signing/agreement-text.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;
let refs: Refs;
let clerk: CaseApi;
let mediator: CaseApi;
let director: CaseApi;
let serial = 0;
const mobile = () => `1376661${String(++serial).padStart(4, "0")}`;

beforeAll(async () => {
  ctx = await createTestContext({ clock, config: LONG_TOKENS });
  refs = await loadRefs(ctx.knex);
  clerk = await CaseApi.as(ctx.app, "clerk");
  mediator = await CaseApi.as(ctx.app, "mediator");
  director = await CaseApi.as(ctx.app, "director");
});
afterAll(() => ctx?.close());
beforeEach(() => clock.set("2026-12-01T09:00:00+08:00"));

async function drafted() {
  const phones = { applicant: mobile(), respondent: mobile() };
  const kase = await caseInMediation(clerk, mediator, refs, phones, "2026-12-01");
  const after = await mediator.do(kase.id, "record-agreement", agreementForSigning(kase, "2026-12-31"));
  const tokens = {
    applicant: portalApi(ctx.app, ctx.knex, await partyToken(ctx.app, ctx.knex, phones.applicant), clock),
    respondent: portalApi(ctx.app, ctx.knex, await partyToken(ctx.app, ctx.knex, phones.respondent), clock),
  };
  return { kase: after, phones, tokens, id: kase.id };
}

type AgreementJson = {
  effective: boolean;
  hash: string;
  text: string;
  eSignatures: unknown[];
  effectiveOn: string | null;
};

describe("drafting for signing on the phone", () => {
  it("stores the agreement as not effective, with the hash of its text, and tells each party by SMS", async () => {
    const { kase, phones, tokens, id } = await drafted();
    expect(kase.status).toBe("in_mediation");
    const a = (kase as unknown as { agreement: AgreementJson }).agreement;
    expect(a).toMatchObject({ effective: false, effectiveOn: null, eSignatures: [] });
    expect(a.hash).toBe(textHash(a.text));
    expect(a.text).toContain("被申请人赔偿申请人损失 800 元。");
    expect(kase.allowedActions).toContain("record-agreement");
    expect(kase.allowedActions).not.toContain("apply-confirmation");
    for (const phone of [phones.applicant, phones.respondent]) {
      expect(await lastSms(ctx.knex, phone, "agreement_ready")).toMatchObject({
        url: expect.stringContaining(`/my/cases/${id}`),
      });
    }
    const detail = (await tokens.respondent.detail(id).expect(200)).body;
    expect(detail.agreement).toEqual({ text: a.text, hash: a.hash, effective: false, signatures: [] });
    expect(detail.canDo).toContain("sign-agreement");
    expect(detail.nextStep).toContain("请阅读协议全文");
    // The signed text states the particulars RL29 asks for, never another party's ID number or phone.
    const applicant = kase.parties.find((p) => p.side === "applicant")!;
    expect(a.text).toContain("申请人：张建国，男");
    expect(a.text).not.toContain(applicant.idNumber!);
    expect(a.text).not.toContain(phones.applicant);
    // Nothing counts as an agreement yet: no obligations in force, no statistics.
    const dirDetail = await director.detail(id);
    expect(dirDetail.allowedActions).not.toContain("seal-agreement");
  });
});

describe("two parties sign, the director seals", () => {
  it("takes effect only with the seal, on sealedOn, and the 30-day window counts from it", async () => {
    const { kase, phones, tokens, id } = await drafted();
    const hash = (kase as unknown as { agreement: AgreementJson }).agreement.hash;

    // Before every party has signed: refused, in Chinese, naming who has not signed.
    const early = expectProblem(await director.try(id, "seal-agreement", { sealedOn: "2026-12-01" }), 422);
    expect(early.detail).toContain("尚有当事人未签署协议：张建国、王桂香");

    clock.set("2026-12-01T10:15:00+08:00");
    const first = await tokens.applicant.signWith(id, phones.applicant, hash);
    expect(first.status, first.text).toBe(201);
    expect(first.body).toEqual({ signedAt: "2026-12-01T02:15:00.000Z", hash });
    const row = (await ctx.knex("agreement_e_signatures").where({ case_id: id }).first()) as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({ hash, phone: phones.applicant, provider: "sms-handwriting", void_at: null });
    expect(String(row.user_agent ?? "")).not.toBe("undefined");
    expect(
      Buffer.from(row.image as Uint8Array)
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
    // The same party twice: 409.
    expectProblem(await tokens.applicant.signWith(id, phones.applicant, hash), 409);
    const half = expectProblem(await director.try(id, "seal-agreement", { sealedOn: "2026-12-01" }), 422);
    expect(half.detail).toContain("王桂香");
    expect(half.detail).not.toContain("张建国");

    clock.set("2026-12-02T16:00:00+08:00");
    expect((await tokens.respondent.signWith(id, phones.respondent, hash)).status).toBe(201);
    const signed = await director.detail(id);
    expect(signed.status).toBe("in_mediation");
    expect(signed.allowedActions).toContain("seal-agreement");
    // The mediator (not the director) may not seal.
    expectProblem(await mediator.try(id, "seal-agreement", { sealedOn: "2026-12-02" }), 403);
    // The seal's day cannot be before the last signature.
    const before = expectProblem(await director.try(id, "seal-agreement", { sealedOn: "2026-12-01" }), 400);
    expect(before.errors?.[0]?.field).toBe("sealedOn");

    clock.set("2026-12-03T09:00:00+08:00");
    const sealed = await director.do(id, "seal-agreement", { sealedOn: "2026-12-03" });
    expect(sealed.status).toBe("agreement");
    const a = (sealed as unknown as { agreement: AgreementJson & { effectiveOn: string; sealedOn: string } })
      .agreement;
    expect(a).toMatchObject({ effective: true, effectiveOn: "2026-12-03", sealedOn: "2026-12-03", hash });
    expect(a.eSignatures).toHaveLength(2);
    // Every period counts from the seal's day: the 30-day confirmation window (RL33).
    const window = sealed.deadlines.find((d) => d.kind === "confirmation_window");
    expect(window?.due).toBe(periodEndDays("2026-12-03", 30));
    expect(window?.due).not.toBe(periodEndDays("2026-12-01", 30));
    const applied = await clerk.try(id, "apply-confirmation", {
      courtId: refs.courtId,
      appliedOn: "2026-12-03",
      applicantPartyIds: sealed.parties.map((p) => p.id),
      materials: ["application", "agreement", "identity", "service_addresses"],
    });
    expect(applied.status, applied.text).toBe(200);
    const conf = (applied.body as { confirmations: { windowEndsOn: string }[] }).confirmations.at(-1)!;
    expect(conf.windowEndsOn).toBe(periodEndDays("2026-12-03", 30));

    const detail = (await tokens.applicant.detail(id).expect(200)).body;
    expect(detail.agreement).toMatchObject({ hash, effective: true });
    expect(detail.agreement.signatures.map((s: { partyId: number }) => s.partyId).sort()).toEqual(
      sealed.parties.map((p) => p.id).sort(),
    );
    expect(detail.timeline.map((t: { text: string }) => t.text)).toContain(
      "调解员签名、调委会盖章，调解协议生效",
    );

    // The PDF prints the signature record with masked phones and the hash; /verify confirms the hash.
    const pdf = await clerk.pdf(`/cases/${id}/documents/agreement.pdf`);
    const { pages } = await pdfText(pdf);
    // The last page, 电子签名记录: phones masked, the hash.
    const record = await pdfText(pdf, [pages]);
    expect(record.flat).toContain("电子签名记录");
    expect(record.flat).toContain(`${phones.applicant.slice(0, 3)}****${phones.applicant.slice(7)}`);
    expect(record.flat).not.toContain(phones.applicant);
    expect(record.flat).toContain(hash);
    const docs = (await clerk.getApi(`/cases/${id}/documents`).expect(200)).body as {
      kind: string;
      verifyCode: string;
    }[];
    const code = docs.find((d) => d.kind === "agreement")!.verifyCode;
    const verify = await request(ctx.app).get(`/verify/${code}`).expect(200);
    expect(verify.text).toContain("协议文本与各方当事人签署的文本一致");
    expect(verify.text).toContain(hash);
    expect(verify.text).not.toContain(phones.applicant);
  });
});

describe("a changed text voids the signatures", () => {
  it("keeps them as void with the reason; the timeline and the party's page say so; the old hash is 409", async () => {
    const { kase, phones, tokens, id } = await drafted();
    const oldHash = (kase as unknown as { agreement: AgreementJson }).agreement.hash;
    expect((await tokens.applicant.signWith(id, phones.applicant, oldHash)).status).toBe(201);

    // Re-drafting the same text keeps the signature.
    const same = await mediator.do(id, "record-agreement", agreementForSigning(kase, "2026-12-31"));
    expect((same as unknown as { agreement: AgreementJson }).agreement.eSignatures).toHaveLength(1);

    const changed = await mediator.do(
      id,
      "record-agreement",
      agreementForSigning(kase, "2026-12-31", "被申请人赔偿申请人损失 900 元。"),
    );
    const a = (
      changed as unknown as { agreement: AgreementJson & { voidedSignatures: { voidReason: string }[] } }
    ).agreement;
    expect(a.hash).not.toBe(oldHash);
    expect(a.eSignatures).toHaveLength(0);
    expect(a.voidedSignatures).toHaveLength(1);
    expect(a.voidedSignatures[0]!.voidReason).toBe("协议内容已修改，此前签名已作废，请重新签署");
    expect(await countRows(ctx.knex, "agreement_e_signatures", { case_id: id })).toBe(1);
    expect(changed.events.at(-1)!.summary).toContain("协议内容已修改，此前签名已作废，请重新签署");

    const detail = (await tokens.applicant.detail(id).expect(200)).body;
    expect(detail.timeline.map((t: { text: string }) => t.text)).toContain(
      "调委会修改了调解协议：协议内容已修改，此前签名已作废，请重新签署",
    );
    expect(detail.nextStep).toContain("协议内容已修改，此前签名已作废，请重新签署");
    expect(detail.canDo).toContain("sign-agreement");

    // The old text: 409, and nothing stored.
    const stale = expectProblem(await tokens.applicant.signWith(id, phones.applicant, oldHash), 409);
    expect(stale.detail).toContain("协议内容已修改");
    expect(await countRows(ctx.knex, "agreement_e_signatures", { case_id: id })).toBe(1);

    const staff = await loginAs(ctx.app, "mediator");
    const page = await staff.get(`/cases/${id}`).expect(200);
    expect(page.text).toContain("网上签署中，尚未生效");
    expect(page.text).toContain("已作废的签名（1）");
    // The form opens with the text out for signing, to change it again.
    const form = await staff.get(`/cases/${id}/actions/record-agreement`).expect(200);
    expect(form.text).toContain("被申请人赔偿申请人损失 900 元。");
  });
});

describe("the committee's seal image", () => {
  it("is uploaded by the admin as a transparent PNG and printed over the committee's name; the PDF is rendered", async () => {
    const admin = await loginAs(ctx.app, "admin");
    const orgId = refs.org("北洲村人民调解委员会");
    const form = await admin.get(`/admin/organisations/${orgId}/seal`).expect(200);
    const csrf = form.text.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const upload = (data: Buffer, name: string) =>
      admin.post(`/admin/organisations/${orgId}/seal`).field("_csrf", csrf).attach("seal", data, name);
    const opaque = await sharp({ create: { width: 200, height: 200, channels: 3, background: "#c00" } })
      .png()
      .toBuffer();
    const refusedOpaque = await upload(opaque, "seal.png");
    expect(refusedOpaque.status).toBe(400);
    expect(refusedOpaque.text).toContain("印章图片须为透明背景的 PNG");
    const refusedJpeg = await upload(await sharp(opaque).jpeg().toBuffer(), "seal.png");
    expect(refusedJpeg.status).toBe(400);
    expect(refusedJpeg.text).toContain("印章图片不是 PNG 格式");
    expect(await countRows(ctx.knex, "organisation_seals", { organisation_id: orgId })).toBe(0);
    const ok = await upload(await sealPng(), "seal.png");
    expect(ok.status, ok.text).toBe(303);
    expect(await countRows(ctx.knex, "audit_events", { action: "organisation.seal" })).toBe(1);
    // Not for a director.
    const dir = await loginAs(ctx.app, "director");
    expect((await dir.get(`/admin/organisations/${orgId}/seal`)).status).toBe(403);

    const { kase, phones, tokens, id } = await drafted();
    const hash = (kase as unknown as { agreement: AgreementJson }).agreement.hash;
    expect((await tokens.applicant.signWith(id, phones.applicant, hash)).status).toBe(201);
    expect((await tokens.respondent.signWith(id, phones.respondent, hash)).status).toBe(201);
    await director.do(id, "seal-agreement", { sealedOn: "2026-12-01" });
    const pdf = await clerk.pdf(`/cases/${id}/documents/agreement.pdf`);
    const { pages } = await pdfText(pdf);
    const signedPage = renderPNG(pdf, pages - 2, 110);
    const recordPage = renderPNG(pdf, pages - 1, 110);
    // The signatures and the seal are drawn: the page has red ink (the seal) and more ink than the text alone.
    const { data, info } = await sharp(signedPage).raw().toBuffer({ resolveWithObject: true });
    let red = 0;
    for (let i = 0; i < data.length; i += info.channels)
      if (data[i]! > 180 && data[i + 1]! < 80 && data[i + 2]! < 80) red++;
    expect(red).toBeGreaterThan(500);
    if (ctx.dialect === "sqlite") {
      fs.mkdirSync("docs/screenshots", { recursive: true });
      fs.writeFileSync("docs/screenshots/agreement-signed.png", signedPage);
      fs.writeFileSync("docs/screenshots/agreement-signed-record.png", recordPage);
    }
  });
});

describe("refusals", () => {
  it("400 for a signature that is not a PNG, blank, or missing, and a wrong code; nothing stored", async () => {
    const { kase, phones, tokens, id } = await drafted();
    const hash = (kase as unknown as { agreement: AgreementJson }).agreement.hash;
    expect((await tokens.respondent.requestCode(id)).status).toBe(202);
    const { code } = await lastSms(ctx.knex, phones.respondent, "step_code_sign");
    const jpegAsPng = `data:image/png;base64,${Buffer.from("\xff\xd8\xff\xe0 not a png at all", "latin1").toString("base64")}`;
    const notPng = expectProblem(await tokens.respondent.sign(id, { code, hash, signature: jpegAsPng }), 400);
    expect(notPng.errors).toEqual([{ field: "signature", message: "签名图片不是 PNG 格式" }]);
    const blank = await (
      await import("sharp")
    )
      .default({
        create: { width: 600, height: 240, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
      })
      .png()
      .toBuffer();
    const empty = expectProblem(
      await tokens.respondent.sign(id, { code, hash, signature: dataUrl(blank) }),
      400,
    );
    expect(empty.errors?.[0]?.message).toContain("空白");
    expectProblem(await tokens.respondent.sign(id, { code, hash }), 400);
    const wrong = expectProblem(
      await tokens.respondent.sign(id, {
        code: code === "000000" ? "111111" : "000000",
        hash,
        signature: dataUrl(await signaturePng()),
      }),
      400,
    );
    expect(wrong.errors?.[0]?.field).toBe("code");
    expect(await countRows(ctx.knex, "agreement_e_signatures", { case_id: id })).toBe(0);
  });

  it("404 for another party's case and for a stranger", async () => {
    const one = await drafted();
    const other = await drafted();
    const hash = (one.kase as unknown as { agreement: AgreementJson }).agreement.hash;
    const r = await other.tokens.applicant.sign(one.id, {
      code: "123456",
      hash,
      signature: dataUrl(await signaturePng()),
    });
    expectProblem(r, 404);
    const stranger = portalApi(ctx.app, ctx.knex, await partyToken(ctx.app, ctx.knex, mobile()));
    expectProblem(
      await stranger.sign(one.id, { code: "123456", hash, signature: dataUrl(await signaturePng()) }),
      404,
    );
    expectProblem(await stranger.requestCode(one.id), 404);
  });

  it("paper stays possible: a signed record-agreement withdraws the text out for signing", async () => {
    const { kase, phones, tokens, id } = await drafted();
    const hash = (kase as unknown as { agreement: AgreementJson }).agreement.hash;
    expect((await tokens.applicant.signWith(id, phones.applicant, hash)).status).toBe(201);
    const body = {
      ...agreementForSigning(kase, "2026-12-31"),
      signedOn: "2026-12-01",
    };
    const paper = await mediator.do(id, "record-agreement", body);
    expect(paper.status).toBe("agreement");
    const a = (paper as unknown as { agreement: AgreementJson & { effectiveOn: string } }).agreement;
    expect(a).toMatchObject({ effective: true, effectiveOn: "2026-12-01" });
    const voided = await ctx.knex("agreement_e_signatures").where({ case_id: id }).first();
    expect(voided.void_reason).toBe("协议改为纸质签署，网上签名作废");
    expectProblem(await tokens.applicant.signWith(id, phones.applicant, hash), 409);
  });

  it("the web form keeps asking for the date when the paper is recorded without one", async () => {
    const phones = { applicant: mobile(), respondent: mobile() };
    const kase = await caseInMediation(clerk, mediator, refs, phones, "2026-12-01");
    const web = await loginAs(ctx.app, "mediator");
    const applicant = kase.parties.find((p) => p.side === "applicant")!;
    const respondent = kase.parties.find((p) => p.side === "respondent")!;
    const res = await web
      .post(`/cases/${kase.id}/actions/record-agreement`)
      .type("form")
      .send({
        _csrf: await csrfOf(web, `/cases/${kase.id}`),
        version: String(kase.version),
        form: "written",
        facts: "事实",
        disputedMatters: "争议",
        responsibilities: "责任",
        terms: "协议内容",
        "obligations[0][obligor]": String(respondent.id),
        "obligations[0][obligee]": String(applicant.id),
        "obligations[0][content]": "赔偿",
        "obligations[0][dueOn]": "2026-12-31",
        "obligations[0][manner]": "现金",
        "obligations[0][place]": "调解室",
        signedOn: "",
        "signatures[0][partyId]": String(applicant.id),
        "signatures[0][signedOn]": "",
        "signatures[0][method]": "sign",
      });
    expect(res.status).toBe(400);
    expect(res.text).toContain("网上签署请点击");
    const sent = await web
      .post(`/cases/${kase.id}/actions/record-agreement`)
      .type("form")
      .send({
        _csrf: await csrfOf(web, `/cases/${kase.id}`),
        version: String(kase.version),
        form: "written",
        facts: "事实",
        disputedMatters: "争议",
        responsibilities: "责任",
        terms: "协议内容",
        "obligations[0][obligor]": String(respondent.id),
        "obligations[0][obligee]": String(applicant.id),
        "obligations[0][content]": "赔偿",
        "obligations[0][dueOn]": "2026-12-31",
        "obligations[0][manner]": "现金",
        "obligations[0][place]": "调解室",
        sendForSigning: "1",
      });
    expect(sent.status, sent.text).toBe(303);
    expect((await mediator.detail(kase.id)).status).toBe("in_mediation");
    expect(await countRows(ctx.knex, "agreements", { case_id: kase.id, status: "signing" })).toBe(1);
  });
});
