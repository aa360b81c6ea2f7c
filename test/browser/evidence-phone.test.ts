/**
 * Evidence on a phone (390×844): a party signs in, opens their case and uploads a photo from the
 * 证据材料 section; it comes back as "我上传的" with its thumbnail, loaded under the real CSP. The
 * clerk's case page then shows the card (thumbnails for photos, a tile for the PDF) without
 * sideways scrolling. Screenshot: docs/screenshots/evidence-phone.png (the staff card).
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseDetail } from "../../src/cases/service.js";
import {
  CaseSetup,
  drainDispute,
  horizontalOverflow,
  launchBrowser,
  logIn,
  startServer,
  villager,
  type RunningServer,
  axeViolations,
} from "../support/browser.js";
import { createTestContext, type TestContext } from "../support/context.js";

const SHOTS = path.resolve("docs/screenshots");
const NOW = new Date("2026-11-23T08:00:00Z");
const PHONE = "13973310201";

let ctx: TestContext;
let server: RunningServer;
let browser: Browser;
let kase: CaseDetail;

/** A phone photo with its GPS position in the EXIF. */
const photo = (colour: string, width = 1200, height = 900) =>
  sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg()
    .withExif({ IFD0: { Make: "Phone" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "27/1 50/1 0/1" } })
    .toBuffer();

beforeAll(async () => {
  ctx = await createTestContext({ clock: { now: () => new Date(NOW) } });
  server = await startServer(ctx.app);
  browser = await launchBrowser();
  const setup = new CaseSetup(ctx.services, ctx.knex);
  kase = await setup.inMediation(
    drainDispute({
      parties: [
        { ...villager("applicant", "刘顺", "19650312", 201), phone: PHONE },
        villager("respondent", "王桂香", "19700805", 202),
      ],
    }),
  );
  // The committee has already put a receipt and a photo of the ditch on the case.
  const viewer = { kind: "user" as const, user: await setup.user("clerk") };
  await ctx.services.evidence.upload(viewer, kase.id, {
    file: { filename: "医院收费票据.pdf", data: Buffer.from("%PDF-1.4\n%%EOF\n") },
    description: "刘顺就诊的收费票据",
  });
  await ctx.services.evidence.upload(viewer, kase.id, {
    file: { filename: "排水沟现场.jpg", data: await photo("#6b8e23", 1600, 1200) },
    description: "调解员现场查看时拍摄",
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

/** Every <img> in the selector has loaded (naturalWidth > 0): not blocked by the CSP, not broken. */
async function imagesLoaded(page: Page, selector: string): Promise<boolean[]> {
  return page.evaluate<boolean[]>(
    `Promise.all([...document.querySelectorAll(${JSON.stringify(selector)})].map((img) =>
       img.complete ? img.naturalWidth > 0 : new Promise((r) => { img.onload = () => r(img.naturalWidth > 0); img.onerror = () => r(false); })))`,
  );
}

describe("evidence on a phone", () => {
  it("a party uploads a photo from their case page and sees it with the committee's", async () => {
    const page = await browser.newPage({ baseURL: server.baseURL, viewport: { width: 390, height: 844 } });
    await page.goto("/my/login");
    await page.getByLabel("手机号").fill(PHONE);
    await page.getByRole("button", { name: "获取验证码" }).click();
    const row = (await ctx
      .knex("message_outbox")
      .where({ to_phone: PHONE, template: "sign_in_code" })
      .orderBy("id", "desc")
      .first()) as { params_json: string };
    await page.getByLabel("短信验证码").fill((JSON.parse(row.params_json) as { code: string }).code);
    await Promise.all([
      page.waitForURL("**/my"),
      page.getByRole("button", { name: "登录", exact: true }).click(),
    ]);
    await page.goto(`/my/cases/${kase.id}`);

    const section = page.locator("#evidence");
    expect(await section.locator("h2").textContent()).toBe("证据材料（2 份）");
    await section.getByLabel("上传照片或 PDF").setInputFiles({
      name: "墙体裂缝.jpg",
      mimeType: "image/jpeg",
      buffer: await photo("#a0522d"),
    });
    await section.getByLabel("说明（可以不填）").fill("东墙裂缝");
    await Promise.all([
      page.waitForURL(`**/my/cases/${kase.id}?evidence=added*`),
      section.getByRole("button", { name: "上传证据材料" }).click(),
    ]);
    expect(await section.locator("h2").textContent()).toBe("证据材料（3 份）");
    const mine = section.locator(".evidence-item", { hasText: "墙体裂缝.jpg" });
    expect(await mine.textContent()).toContain("我上传的");
    expect(await mine.textContent()).toContain("东墙裂缝");
    expect(await section.locator(".evidence-item", { hasText: "排水沟现场.jpg" }).textContent()).toContain(
      "调解委员会上传",
    );
    expect(await imagesLoaded(page, "#evidence img")).toEqual([true, true]);
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(390);
    const box = await section.getByRole("button", { name: "上传证据材料" }).boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    // axe is injected as an inline script: in a second context (same sign-in) that bypasses the CSP.
    const axeContext = await browser.newContext({
      baseURL: server.baseURL,
      viewport: { width: 390, height: 844 },
      bypassCSP: true,
      storageState: await page.context().storageState(),
    });
    const axePage = await axeContext.newPage();
    await axePage.goto(`/my/cases/${kase.id}`);
    expect(await axeViolations(axePage)).toEqual([]);
    await axeContext.close();

    // Stored without the GPS position.
    const stored = (await ctx.knex("evidence").where({ name: "墙体裂缝.jpg" }).first()) as {
      content: Buffer;
    };
    expect(stored.content.includes(Buffer.from("Exif\0\0"))).toBe(false);
    await page.close();
  });

  it("the clerk's case page shows the 证据材料 card on a phone", async () => {
    const page = await browser.newPage({ baseURL: server.baseURL, viewport: { width: 390, height: 844 } });
    await logIn(page, "clerk");
    await page.goto(`/cases/${kase.id}#evidence`);
    const card = page.locator("#evidence");
    expect(await card.locator("h2").textContent()).toBe("证据材料（3 份）");
    expect(await imagesLoaded(page, "#evidence img")).toEqual([true, true]);
    expect(await card.locator(".evidence-pdf").count()).toBe(1);
    expect(await card.textContent()).toContain("当事人刘顺");
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(390);
    fs.mkdirSync(SHOTS, { recursive: true });
    await card.screenshot({ path: path.join(SHOTS, "evidence-phone.png") });
    await page.close();
  });
});
