/**
 * The published contract (/work/shared/design/api.md):
 * - "Evidence, signing and messages on the staff side": `record-agreement` without `signedOn` and
 *   without `signatures` drafts a written agreement for signing online: `GET /cases/{id}` shows
 *   `agreement.effective: false` and its `hash`; then `POST /cases/{id}/actions/seal-agreement
 *   {version, sealedOn}` makes it effective once every party has signed.
 * - "People in the dispute": `GET /portal/cases/{id}` → `agreement?: {text, hash, effective,
 *   signatures: [{partyId, signedAt}]}`; `POST /portal/cases/{id}/agreement/sign {code, hash,
 *   signature}` with `code` a fresh SMS code, `hash` the agreement's `hash` as shown, `signature` a
 *   PNG data URL. The documented bodies are sent with exactly the documented fields.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseApi, loadRefs, TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import {
  agreementForSigning,
  caseInMediation,
  dataUrl,
  lastSms,
  partyToken,
  signaturePng,
} from "../support/signing.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
});
afterAll(() => ctx?.close());

describe("agreements signed on the phone", () => {
  it("record-agreement without signedOn/signatures → sign {code, hash, signature} → seal-agreement {version, sealedOn}", async () => {
    const clerk = await CaseApi.as(ctx.app, "clerk");
    const mediator = await CaseApi.as(ctx.app, "mediator");
    const director = await CaseApi.as(ctx.app, "director");
    const phones = { applicant: "13812348001", respondent: "13812348002" };
    const kase = await caseInMediation(clerk, mediator, await loadRefs(ctx.knex), phones, "2026-12-01");
    await mediator.do(kase.id, "record-agreement", agreementForSigning(kase, "2026-12-31"));

    const staffView = await clerk.detail(kase.id);
    const agreement = (staffView as unknown as { agreement: { effective: boolean; hash: string } }).agreement;
    expect(agreement.effective).toBe(false);
    expect(agreement.hash).toMatch(/^[0-9a-f]{64}$/);

    for (const phone of [phones.applicant, phones.respondent]) {
      const token = await partyToken(ctx.app, ctx.knex, phone);
      const auth = { Authorization: `Bearer ${token}` };
      const detail = await request(ctx.app).get(`/api/v1/portal/cases/${kase.id}`).set(auth);
      expect(detail.status, detail.text).toBe(200);
      expect(Object.keys(detail.body.agreement).sort()).toEqual(["effective", "hash", "signatures", "text"]);
      const { hash } = detail.body.agreement as { hash: string };
      expect(hash).toBe(agreement.hash);
      await request(ctx.app)
        .post(`/api/v1/portal/cases/${kase.id}/codes`)
        .set(auth)
        .send({ purpose: "sign" })
        .expect(202);
      const { code } = await lastSms(ctx.knex, phone, "step_code_sign");
      const signature = dataUrl(await signaturePng());
      const res = await request(ctx.app)
        .post(`/api/v1/portal/cases/${kase.id}/agreement/sign`)
        .set(auth)
        .send({ code, hash, signature });
      expect(res.status, res.text).toBe(201);
    }
    const { version } = await director.detail(kase.id);
    const sealed = await director.act(kase.id, "seal-agreement", { version, sealedOn: "2026-12-01" });
    expect(sealed.status, sealed.text).toBe(200);
    expect(sealed.body.status).toBe("agreement");
    expect(sealed.body.agreement).toMatchObject({
      effective: true,
      effectiveOn: "2026-12-01",
      hash: agreement.hash,
    });
  });
});
