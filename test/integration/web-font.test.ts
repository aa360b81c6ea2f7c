import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../support/context.js";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

interface Face {
  url: string;
  ranges: [number, number][];
}

function faces(css: string): Face[] {
  return [...css.matchAll(/@font-face\s*\{([^}]*)\}/g)].map(([, body]) => ({
    url: body!.match(/url\("([^"]+)"\)/)![1]!,
    ranges: body!
      .match(/unicode-range:\s*([^;}]+)/)![1]!
      .split(",")
      .map((r) => {
        const [from, to] = r.trim().slice(2).split("-");
        return [parseInt(from!, 16), parseInt(to ?? from!, 16)] as [number, number];
      }),
  }));
}

const holds = (face: Face, ch: string) =>
  face.ranges.some(([a, b]) => ch.codePointAt(0)! >= a && ch.codePointAt(0)! <= b);

describe("the project's Chinese web font", () => {
  it("is linked from every page and allowed by the content security policy", async () => {
    const res = await request(ctx.app).get("/login").expect(200);
    expect(res.text).toContain('<link rel="stylesheet" href="/static/fonts/sc.css">');
    expect(res.headers["content-security-policy"]).toContain("font-src 'self'");
    const css = await request(ctx.app).get("/static/app.css").expect(200);
    expect(css.text).toMatch(/"Source Han Sans SC",[^;]*"Fengqiao Noto Serif SC",\s*sans-serif;/);
  });

  it("declares each slice with the exact characters it holds, everyday ones in one small file", async () => {
    const res = await request(ctx.app).get("/static/fonts/sc.css").expect(200);
    expect(res.headers["content-type"]).toMatch(/^text\/css/);
    expect(res.headers["cache-control"]).toBe("public, max-age=3600");
    const all = faces(res.text);
    expect(all).toHaveLength(47);
    expect(res.text.match(/font-family:"Fengqiao Noto Serif SC"/g)).toHaveLength(47);
    expect(res.text.match(/font-display:swap/g)).toHaveLength(47);
    const common = all.find((f) => f.url.endsWith("/common.woff"))!;
    for (const ch of "人民调解委员会，。") expect(holds(common, ch), ch).toBe(true);
    expect(holds(common, "A")).toBe(false); // Latin stays in the system's sans-serif
    const rare = all.filter((f) => holds(f, "㛃"));
    expect(rare).toHaveLength(1);
    expect(rare[0]!.url).toMatch(/^[0-9a-f]{12}\/rare-\d+\.woff$/);
    // No character is in two slices.
    const seen = new Set<number>();
    for (const f of all) {
      for (const [a, b] of f.ranges) {
        for (let cp = a; cp <= b; cp++) {
          expect(seen.has(cp)).toBe(false);
          seen.add(cp);
        }
      }
    }
    expect(seen.size).toBeGreaterThan(29_000); // every character of the font from U+2E80 on
  });

  it("serves a slice as WOFF, cached for a year, and nothing under a wrong version or name", async () => {
    const css = (await request(ctx.app).get("/static/fonts/sc.css").expect(200)).text;
    const common = faces(css).find((f) => f.url.endsWith("/common.woff"))!;
    const res = await request(ctx.app)
      .get(`/static/fonts/${common.url}`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on("data", (c: Buffer) => chunks.push(c));
        r.on("end", () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers["content-type"]).toBe("font/woff");
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const body = res.body as Buffer;
    expect(body.toString("latin1", 0, 4)).toBe("wOFF");
    expect(body.length).toBeGreaterThan(500_000);
    expect(body.length).toBeLessThan(1_500_000);
    const version = common.url.split("/")[0]!;
    await request(ctx.app).get(`/static/fonts/000000000000/common.woff`).expect(404);
    await request(ctx.app).get(`/static/fonts/${version}/nothing.woff`).expect(404);
  });
});
