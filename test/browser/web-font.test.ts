import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, logIn, startServer, type RunningServer } from "../support/browser.js";
import { createTestContext, type TestContext } from "../support/context.js";

let ctx: TestContext;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  ctx = await createTestContext();
  server = await startServer(ctx.app);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

/** Loads the project's font for `text` in the page: how many of its slices that took, and all loaded? */
async function loadFor(page: Page, text: string): Promise<{ faces: number; loaded: number; ready: boolean }> {
  return page.evaluate<{ faces: number; loaded: number; ready: boolean }>(
    `document.fonts.load('16px "Fengqiao Noto Serif SC"', ${JSON.stringify(text)}).then((faces) => ({
      faces: faces.length,
      loaded: faces.filter((f) => f.status === "loaded").length,
      ready: document.fonts.check('16px "Fengqiao Noto Serif SC"', ${JSON.stringify(text)}),
    }))`,
  );
}

/** The fonts Chromium really drew an element's text with (DevTools protocol), and their glyph counts. */
async function fontsDrawing(
  page: Page,
  selector: string,
): Promise<{ familyName: string; isCustomFont: boolean; glyphCount: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument");
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  await cdp.detach();
  return fonts;
}

/** The Chinese families of public/app.css, ahead of the project's own. */
const SYSTEM_CHINESE = [
  "PingFang SC",
  "Hiragino Sans GB",
  "Microsoft YaHei",
  "Noto Sans CJK SC",
  "Source Han Sans SC",
];

describe("Chinese on a browser without Chinese fonts", () => {
  it("loads the project's everyday slice for the login page and a rare one for a rare surname", async () => {
    const page = await browser.newPage({ baseURL: server.baseURL });
    const woff: string[] = [];
    page.on("response", (r) => {
      if (r.url().endsWith(".woff") && r.ok()) woff.push(new URL(r.url()).pathname.split("/").at(-1)!);
    });
    const failed: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") failed.push(m.text());
    });
    await page.goto("/login");
    expect(await loadFor(page, "人民调解")).toEqual({ faces: 1, loaded: 1, ready: true });
    expect(await loadFor(page, "王㛃")).toEqual({ faces: 2, loaded: 2, ready: true });
    expect(woff).toContain("common.woff");
    expect(woff.some((f) => /^rare-\d+\.woff$/.test(f))).toBe(true);
    // A font the browser's sanitiser rejected, or one the CSP blocked, would be reported here.
    expect(failed).toEqual([]);
    await page.close();
  });

  it("draws every Chinese character of a desk's heading with a real Chinese font, not boxes", async () => {
    const page = await browser.newPage({ baseURL: server.baseURL });
    await logIn(page, "director");
    await page.evaluate("document.fonts.ready");
    const heading = (await page.locator("h1").textContent())!.trim();
    expect(heading).toBe("调委会主任工作台");
    const fonts = await fontsDrawing(page, "h1");
    // The project's font (a web font), or one of the system's Chinese fonts named before it where the
    // machine has one (a Chromium at CHROMIUM_PATH); never a fallback that draws boxes.
    for (const f of fonts)
      expect(f.isCustomFont || SYSTEM_CHINESE.includes(f.familyName), f.familyName).toBe(true);
    expect(fonts.reduce((n, f) => n + f.glyphCount, 0)).toBe([...heading].length);
    if (!process.env.CHROMIUM_PATH)
      expect(fonts).toMatchObject([{ familyName: "Noto Serif SC", isCustomFont: true, glyphCount: 8 }]);
    await page.close();
  });
});
