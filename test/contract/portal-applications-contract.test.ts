/**
 * The published contract (/work/shared/design/api.md), "People in the dispute (当事人端)":
 * `POST /portal/applications` with every documented field, sent as documented, answered
 * `201 {id, trackingCode, status}`; the application then appears in `GET /portal/cases` with its
 * trackingCode.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { residentId, TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
});
afterAll(() => ctx?.close());

describe("People in the dispute: applications", () => {
  it("POST /portal/applications {…} → 201 {id, trackingCode, status}", async () => {
    const { token } = await ctx.services.portal.signIn.issueToken("13812340301");
    const traffic = (await ctx
      .knex("organisations")
      .where({ kind: "professional_committee" })
      .first("id")) as {
      id: number;
    };
    const mediator = (await ctx.knex("mediators").where({ organisation_id: traffic.id }).first("id")) as {
      id: number;
    };
    const res = await request(ctx.app)
      .post("/api/v1/portal/applications")
      .set("Authorization", `Bearer ${token}`)
      .send({
        typeCode: "road_traffic",
        regionCode: "430212101201001",
        summary: "11月28日在村口被一辆三轮摩托车撞倒，腿部骨折，车主只付了部分医药费。",
        occurredOn: "2026-11-28",
        amountFen: 1250000,
        organisationId: Number(traffic.id),
        preferredMediatorId: Number(mediator.id),
        applicant: {
          name: "刘桂英",
          idNumber: residentId("19650312", 22),
          gender: "female",
          birthDate: "1965-03-12",
          address: "北洲村第一村民小组 3 号",
        },
        respondents: [{ kind: "person", name: "周小军", phone: "13812340302", address: "洲坪村" }],
      });
    expect(res.status, res.text).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["id", "status", "trackingCode"]);
    expect(res.body).toMatchObject({ id: expect.any(Number), status: "intake" });
    expect(res.body.trackingCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);

    const list = await request(ctx.app).get("/api/v1/portal/cases").set("Authorization", `Bearer ${token}`);
    expect(list.status).toBe(200);
    expect(list.body).toContainEqual(
      expect.objectContaining({ id: res.body.id, trackingCode: res.body.trackingCode, status: "intake" }),
    );
  });

  it("bad input is 400 problem+json naming the field", async () => {
    const { token } = await ctx.services.portal.signIn.issueToken("13812340303");
    const res = await request(ctx.app)
      .post("/api/v1/portal/applications")
      .set("Authorization", `Bearer ${token}`)
      .send({
        typeCode: "neighbourhood",
        regionCode: "430212101201",
        summary: "x",
        applicant: { name: "甲" },
        respondents: [],
      });
    expect(res.status).toBe(400);
    expect(res.type).toBe("application/problem+json");
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: "respondents" }));
  });
});
