/**
 * 我要调解 on the web with photos (multipart): a JPEG lands as the applicant's evidence without its
 * EXIF, in the application's transaction; a refused file (an .exe renamed .jpg) refuses the whole
 * application — no case, no evidence — and the form comes back with what was typed.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../support/cases.js";
import { createTestContext, type TestContext } from "../support/context.js";
import { type Agent, csrfFrom, partyOnWeb } from "../support/web.js";

const clock = new TestClock("2026-12-01T09:00:00+08:00");
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
});
afterAll(() => ctx?.close());

/** As in evidence.test.ts: a photo as a phone takes it, EXIF with the camera and GPS. */
const photoWithGps = () =>
  sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 180, g: 120, b: 60 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "FengqiaoCam" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "27/1 50/1 0/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "113/1 8/1 0/1",
      },
    })
    .toBuffer();
const EXE = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00"), Buffer.alloc(2000, 0x41)]);

const partyAgent = (phone: string): Promise<Agent> => partyOnWeb(ctx.app, ctx.knex, phone);

const FIELDS = {
  typeCode: "neighbourhood",
  regionCode: "430212101201001",
  summary: "邻居家装修把我家墙震裂了，要求赔偿修墙的钱。",
  occurredOn: "2026-11-28",
  amountYuan: "3,000元",
  "respondents[0][name]": "李四",
  "respondents[0][phone]": "139 1234 0302",
  "applicant[name]": "张三",
  organisationId: "",
};

function post(agent: Agent, csrf: string, files: { field: string; data: Buffer; name: string }[]) {
  let req = agent.post("/my/apply").field("_csrf", csrf);
  for (const [k, v] of Object.entries(FIELDS)) req = req.field(k, v);
  for (const f of files) req = req.attach(f.field, f.data, f.name);
  return req;
}
const count = async (table: string) =>
  Number(((await ctx.knex(table).count({ n: "*" })) as { n: string }[])[0]!.n);

describe("/my/apply with photos", () => {
  it("refuses the whole application for an .exe renamed .jpg, keeping what was typed", async () => {
    const party = await partyAgent("13912340301");
    const page = await party.get("/my/apply").expect(200);
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain('name="photo1" type="file"');
    const [cases, evidence] = [await count("cases"), await count("evidence")];
    const bad = await post(party, csrfFrom(page.text), [
      { field: "photo1", data: await photoWithGps(), name: "墙.jpg" },
      { field: "photo2", data: EXE, name: "照片.jpg" },
    ]);
    expect(bad.status, bad.text).toBe(400);
    expect(bad.text).toContain("第 2 个文件（照片.jpg）：只能上传 JPEG、PNG 图片或 PDF 文件");
    expect(bad.text).toContain("邻居家装修把我家墙震裂了");
    expect(bad.text).toContain('value="3,000元"');
    expect(bad.text).toContain('value="李四"');
    expect(bad.text).toContain('value="张三"');
    expect(bad.text).toMatch(/<option value="430212101201001" selected>/);
    expect(await count("cases")).toBe(cases);
    expect(await count("evidence")).toBe(evidence);
  });

  it("shows a refused file together with the form's own mistakes, storing nothing", async () => {
    const party = await partyAgent("13912340303");
    const page = await party.get("/my/apply").expect(200);
    const cases = await count("cases");
    const bad = await party
      .post("/my/apply")
      .field("_csrf", csrfFrom(page.text))
      .field("summary", "只写了经过")
      .attach("photo3", EXE, "a.jpg");
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("第 3 个文件（a.jpg）");
    expect(bad.text).toContain("只写了经过");
    expect(bad.text).toContain("请修改以下");
    expect(await count("cases")).toBe(cases);
  });

  it("stores the application with its photo as the applicant's evidence, without EXIF", async () => {
    const party = await partyAgent("13912340304");
    const page = await party.get("/my/apply").expect(200);
    const ok = await post(party, csrfFrom(page.text), [
      { field: "photo1", data: await photoWithGps(), name: "墙.jpg" },
    ]);
    expect(ok.status, ok.text).toBe(303);
    const id = Number(/\/my\/apply\/(\d+)\/done/.exec(ok.headers.location!)?.[1]);
    const kase = await ctx.knex("cases").where({ id }).first();
    expect(kase.source).toBe("application");
    const applicant = await ctx.knex("parties").where({ case_id: id, position: 0 }).first();
    const rows = await ctx.knex("evidence").where({ case_id: id });
    expect(rows).toHaveLength(1);
    expect(rows[0].name).toBe("墙.jpg");
    expect(rows[0].mime).toBe("image/jpeg");
    expect(Number(rows[0].uploaded_by_party_id)).toBe(Number(applicant.id));
    expect(rows[0].uploaded_by_user_id).toBeNull();
    const meta = await sharp(Buffer.from(rows[0].content)).metadata();
    expect(meta.exif).toBeUndefined();
    expect(rows[0].thumbnail).toBeTruthy();
    const event = await ctx.knex("case_events").where({ case_id: id, action: "upload-evidence" }).first();
    expect(event.actor_user_id).toBeNull();
    expect(event.summary).toBe("张三（网上）上传证据材料：墙.jpg");
    // The applicant sees it on their case page.
    const mine = await party.get(`/my/cases/${id}`).expect(200);
    expect(mine.text).toContain("墙.jpg");
  });
});
