/**
 * Evidence (证据材料, issue 17 item 3; api.md "Evidence, signing and messages on the staff side"):
 * uploads by staff and parties checked by content, photos stored without their EXIF location,
 * thumbnails, downloads only for those who may see the case (404 otherwise), nothing stored for a
 * refused file, and a case event for each upload.
 */
import sharp from "sharp";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeBody, person, TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { apiToken, csrfFrom, loginAs } from "../support/web.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;
let clerk: string;
let caseId: number;
let otherCaseId: number;
const APPLICANT = "13912340101";
const RESPONDENT = "13912340102";
const STRANGER = "13912340199";

/** A photo as a phone takes it: EXIF with the camera and the GPS position. */
async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 180, g: 120, b: 60 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "FengqiaoCam", ImageDescription: "crack" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "27/1 50/1 0/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "113/1 8/1 0/1",
      },
    })
    .toBuffer();
}
const png = () =>
  sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 90, b: 200, alpha: 1 } } })
    .png()
    .toBuffer();
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
/** A Windows program: "MZ" and a DOS stub, whatever the name says. */
const EXE = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00"), Buffer.alloc(2000, 0x41)]);

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const partyToken = async (phone: string) => (await ctx.services.portal.signIn.issueToken(phone)).token;
const staffUpload = (id: number, data: Buffer, filename: string, token = clerk) =>
  request(ctx.app)
    .post(`/api/v1/cases/${id}/evidence`)
    .set(bearer(token))
    .field("description", "墙体裂缝")
    .attach("file", data, filename);
const count = async () => Number(((await ctx.knex("evidence").count({ n: "*" })) as { n: string }[])[0]!.n);

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  clerk = await apiToken(ctx.app, "clerk");
  const make = async (parties: ReturnType<typeof person>[]) => {
    const res = await request(ctx.app).post("/api/v1/cases").set(bearer(clerk)).send(intakeBody({ parties }));
    expect(res.status, res.text).toBe(201);
    return Number(res.body.id);
  };
  caseId = await make([
    person("applicant", "张建国", { phone: APPLICANT }),
    person("respondent", "王桂香", { phone: RESPONDENT }),
  ]);
  otherCaseId = await make([person("applicant", "李四", { phone: STRANGER }), person("respondent", "赵五")]);
});
afterAll(() => ctx?.close());

describe("POST /cases/{id}/evidence and /portal/cases/{id}/evidence", () => {
  it("stores a photo without its EXIF (GPS), with a thumbnail, and records the upload", async () => {
    const photo = await photoWithGps();
    expect(photo.includes(Buffer.from("Exif\0\0"))).toBe(true);
    const res = await staffUpload(caseId, photo, "裂缝.jpg");
    expect(res.status, res.text).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["id", "name", "sha256", "size"]);
    expect(res.body.name).toBe("裂缝.jpg");
    const row = (await ctx.knex("evidence").where({ id: res.body.id }).first()) as Record<string, unknown>;
    const content = row.content as Buffer;
    expect(Buffer.isBuffer(content)).toBe(true);
    expect(content.includes(Buffer.from("Exif\0\0"))).toBe(false);
    expect(content.includes(Buffer.from("FengqiaoCam"))).toBe(false);
    expect((await sharp(content).metadata()).exif).toBeUndefined();
    expect(row.mime).toBe("image/jpeg");
    expect(Number(row.size)).toBe(content.length);
    expect(res.body.size).toBe(content.length);
    const thumb = await sharp(row.thumbnail as Buffer).metadata();
    expect(Math.max(thumb.width!, thumb.height!)).toBe(320);

    const download = await request(ctx.app).get(`/api/v1/evidence/${res.body.id}`).set(bearer(clerk));
    expect(download.status).toBe(200);
    expect(download.headers["content-type"]).toBe("image/jpeg");
    expect(download.headers["x-content-type-options"]).toBe("nosniff");
    expect(download.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(Buffer.compare(download.body as Buffer, content)).toBe(0);

    const event = (await ctx
      .knex("case_events")
      .where({ case_id: caseId, action: "upload-evidence" })
      .orderBy("id", "desc")
      .first()) as Record<string, unknown>;
    expect(event.actor_user_id).not.toBeNull();
    expect(JSON.parse(String(event.data_json))).toMatchObject({
      evidenceId: res.body.id,
      sha256: res.body.sha256,
    });
  });

  it("takes a PNG and a PDF (the PDF kept byte for byte, served as a download)", async () => {
    const p = await staffUpload(caseId, await png(), "图.png");
    expect(p.status, p.text).toBe(201);
    const d = await staffUpload(caseId, PDF, "医院收费票据.pdf");
    expect(d.status, d.text).toBe(201);
    const file = await request(ctx.app)
      .get(`/api/v1/evidence/${d.body.id}`)
      .set(bearer(clerk))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => cb(null, Buffer.concat(chunks)));
      });
    expect(file.headers["content-type"]).toBe("application/pdf");
    expect(file.headers["content-disposition"]).toMatch(/^attachment; filename=".*"; filename\*=UTF-8''/);
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
    expect(d.body.sha256).toMatch(/^[0-9a-f]{64}$/);

    const list = await request(ctx.app).get(`/api/v1/cases/${caseId}/evidence`).set(bearer(clerk));
    expect(list.status).toBe(200);
    const pdf = list.body.find((e: { id: number }) => e.id === d.body.id);
    expect(pdf).toMatchObject({
      id: d.body.id,
      name: "医院收费票据.pdf",
      size: PDF.length,
      sha256: d.body.sha256,
      description: "墙体裂缝",
      uploadedAt: "2026-12-01T01:00:00.000Z",
    });
    expect(typeof pdf.uploadedBy).toBe("string");
  });

  it("refuses an .exe renamed .jpg, a JPEG that does not decode and an 11 MB file, storing nothing", async () => {
    const before = await count();
    const events = await ctx.knex("case_events").where({ action: "upload-evidence" }).count({ n: "*" });
    for (const [data, name] of [
      [EXE, "照片.jpg"],
      [Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)]), "假.jpg"],
    ] as const) {
      const res = await staffUpload(caseId, data, name);
      expect(res.status, name).toBe(400);
      expect(res.type).toBe("application/problem+json");
      expect(res.body.errors).toEqual([{ field: "file", message: "只能上传 JPEG、PNG 图片或 PDF 文件" }]);
    }
    const big = Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024, 0x20)]);
    for (const url of [`/api/v1/cases/${caseId}/evidence`, `/api/v1/portal/cases/${caseId}/evidence`]) {
      const token = url.includes("portal") ? await partyToken(APPLICANT) : clerk;
      const res = await request(ctx.app).post(url).set(bearer(token)).attach("file", big, "大.pdf");
      expect(res.status, url).toBe(400);
      expect(res.body.errors).toEqual([{ field: "file", message: "文件不能超过 10 MB" }]);
    }
    const none = await request(ctx.app)
      .post(`/api/v1/cases/${caseId}/evidence`)
      .set(bearer(clerk))
      .field("description", "x");
    expect(none.status).toBe(400);
    expect(none.body.errors[0].field).toBe("file");
    expect(await count()).toBe(before);
    expect(await ctx.knex("case_events").where({ action: "upload-evidence" }).count({ n: "*" })).toEqual(
      events,
    );
  });

  it("answers 404 to another committee's clerk and to a party of another case", async () => {
    const [own] = (await ctx.knex("evidence").where({ case_id: caseId }).select("id")) as { id: number }[];
    const clerk2 = await apiToken(ctx.app, "clerk2");
    expect((await request(ctx.app).get(`/api/v1/cases/${caseId}/evidence`).set(bearer(clerk2))).status).toBe(
      404,
    );
    expect((await request(ctx.app).get(`/api/v1/evidence/${own!.id}`).set(bearer(clerk2))).status).toBe(404);
    expect((await staffUpload(caseId, PDF, "a.pdf", clerk2)).status).toBe(404);

    const stranger = await partyToken(STRANGER);
    expect((await request(ctx.app).get(`/api/v1/evidence/${own!.id}`).set(bearer(stranger))).status).toBe(
      404,
    );
    const up = await request(ctx.app)
      .post(`/api/v1/portal/cases/${caseId}/evidence`)
      .set(bearer(stranger))
      .attach("file", PDF, "a.pdf");
    expect(up.status).toBe(404);
    expect(
      (
        await request(ctx.app)
          .get(`/api/v1/portal/cases/${otherCaseId}/evidence`)
          .set(bearer(await partyToken(APPLICANT)))
      ).status,
    ).toBe(404);
    // No token at all: 401, as every API call.
    expect((await request(ctx.app).get(`/api/v1/evidence/${own!.id}`)).status).toBe(401);
  });

  it("lets a party upload to their own case (a party's event) and both sides download it", async () => {
    const token = await partyToken(APPLICANT);
    const res = await request(ctx.app)
      .post(`/api/v1/portal/cases/${caseId}/evidence`)
      .set(bearer(token))
      .field("description", "收据")
      .attach("file", await photoWithGps(), "收据.jpg");
    expect(res.status, res.text).toBe(201);
    const event = (await ctx
      .knex("case_events")
      .where({ case_id: caseId, action: "upload-evidence" })
      .orderBy("id", "desc")
      .first()) as Record<string, unknown>;
    expect(event.actor_user_id).toBeNull();
    const party = (await ctx.knex("parties").where({ case_id: caseId, name: "张建国" }).first()) as {
      id: number;
    };
    expect(JSON.parse(String(event.data_json)).actor).toEqual({ kind: "party", partyId: party.id });
    const row = (await ctx.knex("evidence").where({ id: res.body.id }).first()) as Record<string, unknown>;
    expect(row.uploaded_by_party_id).toBe(party.id);
    expect(row.uploaded_by_user_id).toBeNull();

    for (const phone of [APPLICANT, RESPONDENT]) {
      const t = await partyToken(phone);
      const file = await request(ctx.app).get(`/api/v1/evidence/${res.body.id}`).set(bearer(t));
      expect(file.status, phone).toBe(200);
      expect(file.headers["content-type"]).toBe("image/jpeg");
      const list = await request(ctx.app).get(`/api/v1/portal/cases/${caseId}/evidence`).set(bearer(t));
      const mine = list.body.find((e: { id: number }) => e.id === res.body.id).mine;
      expect(mine).toBe(phone === APPLICANT);
    }
    // The staff see it too, with the party as the uploader.
    const list = await request(ctx.app).get(`/api/v1/cases/${caseId}/evidence`).set(bearer(clerk));
    expect(list.body.find((e: { id: number }) => e.id === res.body.id).uploadedBy).toBe("张建国");
  });
});

describe("the web pages", () => {
  it("the staff case page shows the card and uploads with its form; a bad file re-renders the form", async () => {
    const agent = await loginAs(ctx.app, "clerk");
    const page = await agent.get(`/cases/${caseId}`).expect(200);
    expect(page.text).toMatch(/证据材料（\d+ 份）/);
    expect(page.text).toContain("/thumbnail");
    const csrf = csrfFrom(page.text);
    const ok = await agent
      .post(`/cases/${caseId}/evidence`)
      .field("_csrf", csrf)
      .field("description", "现场照片")
      .attach("file", await png(), "现场.png");
    expect(ok.status, ok.text).toBe(303);
    expect(ok.headers.location).toBe(`/cases/${caseId}?evidence=added#evidence`);
    const before = await count();
    const bad = await agent
      .post(`/cases/${caseId}/evidence`)
      .field("_csrf", csrf)
      .field("description", "我写的说明")
      .attach("file", EXE, "照片.jpg");
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("只能上传 JPEG、PNG 图片或 PDF 文件");
    expect(bad.text).toContain("我写的说明");
    expect(await count()).toBe(before);
    const [row] = (await ctx.knex("evidence").where({ case_id: caseId }).orderBy("id").select("id")) as {
      id: number;
    }[];
    const thumb = await agent.get(`/evidence/${row!.id}/thumbnail`).expect(200);
    expect(thumb.headers["content-type"]).toBe("image/jpeg");
    const other = await loginAs(ctx.app, "clerk2");
    await other.get(`/evidence/${row!.id}`).expect(404);
  });

  it("a party's page shows both sides' evidence and uploads a photo; another case's file is 404", async () => {
    const agent = request.agent(ctx.app);
    const login = await agent.get("/my/login").expect(200);
    const step2 = await agent
      .post("/my/login/code")
      .type("form")
      .send({ _csrf: csrfFrom(login.text), phone: RESPONDENT })
      .expect(200);
    const code = (
      JSON.parse(
        (
          (await ctx
            .knex("message_outbox")
            .where({ to_phone: RESPONDENT, template: "sign_in_code" })
            .orderBy("id", "desc")
            .first()) as { params_json: string }
        ).params_json,
      ) as { code: string }
    ).code;
    await agent
      .post("/my/login")
      .type("form")
      .send({ _csrf: csrfFrom(step2.text), phone: RESPONDENT, code })
      .expect(303);
    const page = await agent.get(`/my/cases/${caseId}`).expect(200);
    expect(page.text).toMatch(/证据材料（\d+ 份）/);
    expect(page.text).toContain("对方当事人上传");
    const up = await agent
      .post(`/my/cases/${caseId}/evidence`)
      .field("_csrf", csrfFrom(page.text))
      .attach("file", await photoWithGps(), "我的照片.jpg");
    expect(up.status, up.text).toBe(303);
    const after = await agent.get(`/my/cases/${caseId}`).expect(200);
    expect(after.text).toContain("我上传的");
    const id = Number(/\/my\/evidence\/(\d+)\/thumbnail/.exec(after.text)?.[1]);
    await agent.get(`/my/evidence/${id}`).expect(200);
    await agent.get(`/my/evidence/${id}/thumbnail`).expect("Content-Type", "image/jpeg");
    // The other case's evidence: not theirs.
    const theirs = await staffUpload(otherCaseId, PDF, "别人的.pdf");
    await agent.get(`/my/evidence/${theirs.body.id}`).expect(404);
    await agent.get(`/my/cases/${otherCaseId}/evidence/new`).expect(404);
  });

  it("a file over 10 MB on the web comes back to the upload page with the reason", async () => {
    const agent = await loginAs(ctx.app, "clerk");
    const csrf = csrfFrom((await agent.get(`/cases/${caseId}`)).text);
    const big = Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024, 0x20)]);
    const res = await agent
      .post(`/cases/${caseId}/evidence`)
      .field("_csrf", csrf)
      .attach("file", big, "大.pdf");
    expect(res.status).toBe(303);
    const page = await agent.get(res.headers.location!);
    expect(page.status).toBe(400);
    expect(page.text).toContain("文件不能超过 10 MB");
  });
});
