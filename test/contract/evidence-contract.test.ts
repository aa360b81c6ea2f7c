/**
 * The published contract (/work/shared/design/api.md) for evidence: "People in the dispute"
 * (`POST /portal/cases/{id}/evidence` multipart `file` + `description` → 201 {id, name, size,
 * sha256}; JPEG, PNG or PDF by content, at most 10 MB, else 400 and nothing stored) and "Evidence,
 * signing and messages on the staff side" (`GET /cases/{id}/evidence` → [{id, name, size, sha256,
 * uploadedBy, uploadedAt, description}], `POST /cases/{id}/evidence`, `GET /evidence/{id}` → the
 * file, for those who may see the case, parties through the portal).
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeBody, person, TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { apiToken } from "../support/web.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;
let staff: string;
let party: string;
let caseId: number;
const PHONE = "13812345601";
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n%%EOF\n");

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  staff = await apiToken(ctx.app, "clerk");
  const created = await request(ctx.app)
    .post("/api/v1/cases")
    .set("Authorization", `Bearer ${staff}`)
    .send(
      intakeBody({
        parties: [person("applicant", "张建国", { phone: PHONE }), person("respondent", "王桂香")],
      }),
    );
  caseId = created.body.id;
  const { token } = await ctx.services.portal.signIn.issueToken(PHONE);
  party = token;
});
afterAll(() => ctx?.close());

describe("Evidence", () => {
  it("POST /cases/{id}/evidence multipart file + description → 201 {id, name, size, sha256}", async () => {
    const res = await request(ctx.app)
      .post(`/api/v1/cases/${caseId}/evidence`)
      .set("Authorization", `Bearer ${staff}`)
      .field("description", "医院收费票据")
      .attach("file", PDF, "票据.pdf");
    expect(res.status, res.text).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["id", "name", "sha256", "size"]);
    expect(res.body).toMatchObject({ name: "票据.pdf", size: PDF.length });
  });

  it("POST /portal/cases/{id}/evidence multipart file (+ description) → 201 {id, name, size, sha256}", async () => {
    const res = await request(ctx.app)
      .post(`/api/v1/portal/cases/${caseId}/evidence`)
      .set("Authorization", `Bearer ${party}`)
      .attach("file", PNG, "裂缝.png");
    expect(res.status, res.text).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["id", "name", "sha256", "size"]);
  });

  it("anything but JPEG, PNG or PDF by content is 400 problem+json and nothing is stored", async () => {
    const res = await request(ctx.app)
      .post(`/api/v1/portal/cases/${caseId}/evidence`)
      .set("Authorization", `Bearer ${party}`)
      .attach("file", Buffer.from("MZ not a photo"), "照片.jpg");
    expect(res.status).toBe(400);
    expect(res.type).toBe("application/problem+json");
    expect(res.body).toMatchObject({ status: 400, errors: [{ field: "file" }] });
  });

  it("GET /cases/{id}/evidence → [{id, name, size, sha256, uploadedBy, uploadedAt, description}]", async () => {
    const res = await request(ctx.app)
      .get(`/api/v1/cases/${caseId}/evidence`)
      .set("Authorization", `Bearer ${staff}`);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    for (const e of res.body as Record<string, unknown>[]) {
      for (const key of ["id", "name", "size", "sha256", "uploadedBy", "uploadedAt", "description"]) {
        expect(e, key).toHaveProperty(key);
      }
    }
    expect(res.body[0]).toMatchObject({
      description: "医院收费票据",
      uploadedAt: "2026-12-01T01:00:00.000Z",
    });
  });

  it("GET /evidence/{id} → the file, for staff and for a party of the case", async () => {
    const [first] = (
      await request(ctx.app).get(`/api/v1/cases/${caseId}/evidence`).set("Authorization", `Bearer ${staff}`)
    ).body as { id: number }[];
    for (const token of [staff, party]) {
      const res = await request(ctx.app)
        .get(`/api/v1/evidence/${first!.id}`)
        .set("Authorization", `Bearer ${token}`);
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe("application/pdf");
    }
    const { token: stranger } = await ctx.services.portal.signIn.issueToken("13812345699");
    const res = await request(ctx.app)
      .get(`/api/v1/evidence/${first!.id}`)
      .set("Authorization", `Bearer ${stranger}`);
    expect(res.status).toBe(404);
  });
});
