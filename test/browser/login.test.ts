import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../src/demo/seed.js";
import {
  fontSizeOf,
  horizontalOverflow,
  launchBrowser,
  logIn,
  startServer,
  type RunningServer,
} from "../support/browser.js";
import { createTestContext, type TestContext } from "../support/context.js";

/** The h1 each demo user lands on after logging in. */
const HEADINGS: Record<string, string> = {
  admin: "系统管理",
  clerk: "登记员工作台",
  clerk2: "登记员工作台",
  mediator: "调解员工作台",
  director: "调委会主任工作台",
  officer: "司法行政工作台",
  judge: "法官工作台",
  grid: "网格上报",
  center: "南洲镇综治中心 调度台",
  city: "渌口区城市管理和综合执法局 工单",
};

/** The grid roles land on their own pages (src/routes/home.ts redirects there); everyone else on /. */
const HOME_PATHS: Record<string, string> = { grid: "/grid", center: "/grid/desk", city: "/grid/orders" };

const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 1,
};

let ctx: TestContext;
let server: RunningServer;
let browser: Browser;
let contexts: BrowserContext[] = [];

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

afterEach(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  contexts = [];
});

/** A page in a fresh browser context: no cookies shared with other tests. */
async function openPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseURL, locale: "zh-CN", ...options });
  contexts.push(context);
  return context.newPage();
}

async function h1(page: Page): Promise<string> {
  return (await page.locator("h1").innerText()).trim();
}

describe("login and logout", () => {
  it("has an expected heading for every demo user", () => {
    expect(Object.keys(HEADINGS).sort()).toEqual(DEMO_USERS.map(([username]) => username).sort());
  });

  it.each(DEMO_USERS.map(([username, displayName]) => ({ username, displayName })))(
    "$username logs in, lands on their desk and logs out",
    async ({ username, displayName }) => {
      const page = await openPage();
      await logIn(page, username);
      expect(new URL(page.url()).pathname).toBe(HOME_PATHS[username] ?? "/");
      expect(await h1(page)).toBe(HEADINGS[username]);
      expect(await page.locator(".site-header .who").innerText()).toContain(displayName);

      await Promise.all([
        page.waitForURL((url) => url.pathname === "/login" && url.searchParams.get("loggedOut") === "1"),
        page.getByRole("button", { name: "退出", exact: true }).click(),
      ]);
      expect((await page.locator(".notice").innerText()).trim()).toBe("您已安全退出。");
      expect(await page.locator(".site-header .who").count()).toBe(0);

      // The session is really gone: the desk now sends us back to the login form.
      await page.goto("/");
      expect(new URL(page.url()).pathname).toBe("/login");
    },
  );

  it("shows a clear error for a wrong password and keeps the username", async () => {
    const page = await openPage();
    await page.goto("/login");
    await page.locator("#f-username").fill("clerk");
    await page.locator("#f-password").fill("wrong-password");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login"),
      page.getByRole("button", { name: "登录", exact: true }).click(),
    ]);
    expect(response.status()).toBe(401);
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    expect((await summary.innerText()).trim()).toBe("用户名或密码错误，请重新输入。");
    expect(await page.locator("#f-username").inputValue()).toBe("clerk");
    expect(await page.locator("#f-password").inputValue()).toBe("");
    expect(await page.locator(".site-header .who").count()).toBe(0);
  });
});

describe("大字 (large text)", () => {
  it("enlarges body text and keeps it across pages until switched back", async () => {
    const page = await openPage();
    await logIn(page, "clerk");
    expect(await fontSizeOf(page, "body")).toBe(18);
    const leadBefore = await fontSizeOf(page, "main p.lead");

    await page.getByRole("button", { name: "大字", exact: true }).click();
    const standard = page.getByRole("button", { name: "标准字号", exact: true });
    await standard.waitFor();
    expect(await standard.getAttribute("aria-pressed")).toBe("true");
    expect(await page.locator("html").getAttribute("class")).toContain("text-large");
    expect(await fontSizeOf(page, "body")).toBe(22);
    expect(await fontSizeOf(page, "main p.lead")).toBeGreaterThan(leadBefore);
    expect(await h1(page)).toBe("登记员工作台");

    // Follow a link to another page, then reload: still large.
    await Promise.all([
      page.waitForURL(/\/cases$/),
      page.getByRole("link", { name: "全部案件与搜索" }).click(),
    ]);
    expect(await fontSizeOf(page, "body")).toBe(22);
    await page.reload();
    expect(await fontSizeOf(page, "body")).toBe(22);
    expect(await page.getByRole("button", { name: "标准字号", exact: true }).count()).toBe(1);

    // Switching back returns to the same page at the standard size.
    const here = page.url();
    await page.getByRole("button", { name: "标准字号", exact: true }).click();
    await page.getByRole("button", { name: "大字", exact: true }).waitFor();
    expect(page.url()).toBe(here);
    expect(await page.locator("html").getAttribute("class")).toBeNull();
    expect(await fontSizeOf(page, "body")).toBe(18);
  });

  it("works on the login page before logging in", async () => {
    const page = await openPage();
    await page.goto("/login");
    const labelBefore = await fontSizeOf(page, "label[for=f-username]");
    await page.getByRole("button", { name: "大字", exact: true }).click();
    await page.getByRole("button", { name: "标准字号", exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await fontSizeOf(page, "label[for=f-username]")).toBeGreaterThan(labelBefore);
    await logIn(page, "mediator");
    expect(await fontSizeOf(page, "body")).toBe(22);
  });
});

describe("access by role", () => {
  it("refuses a clerk the user administration page", async () => {
    const page = await openPage();
    await logIn(page, "clerk");
    expect(await page.getByRole("link", { name: "用户", exact: true }).count()).toBe(0);
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(403);
    expect(await h1(page)).toBe("无权访问");
  });

  it("gives the admin working navigation links", async () => {
    const page = await openPage();
    await logIn(page, "admin");
    const nav = page.getByRole("navigation", { name: "主导航" });
    for (const [name, path] of [
      ["用户", "/admin/users"],
      ["机构", "/admin/organisations"],
      ["行政区划", "/admin/regions"],
      ["节假日安排", "/admin/calendar"],
      ["操作日志", "/admin/audit"],
    ] as const) {
      const [response] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === path),
        nav.getByRole("link", { name, exact: true }).click(),
      ]);
      expect(response.status(), path).toBe(200);
      await page.waitForURL((url) => url.pathname === path);
      expect(await page.locator("h1").count(), path).toBe(1);
    }
  });
});

describe("on a phone (390×844)", () => {
  it("fits the login page without sideways scrolling and has a large login button", async () => {
    const page = await openPage(PHONE);
    await page.goto("/login");
    const { scrollWidth, clientWidth } = await horizontalOverflow(page);
    expect(clientWidth).toBe(390);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const box = await page.getByRole("button", { name: "登录", exact: true }).boundingBox();
    expect(box).not.toBeNull();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  });

  it.each(DEMO_USERS.map(([username]) => username))(
    "fits %s's desk without sideways scrolling, even in 大字",
    async (username) => {
      const page = await openPage(PHONE);
      await logIn(page, username);
      expect(await h1(page)).toBe(HEADINGS[username]);
      let { scrollWidth, clientWidth } = await horizontalOverflow(page);
      expect(scrollWidth, "standard text").toBeLessThanOrEqual(clientWidth);
      await page.getByRole("button", { name: "大字", exact: true }).click();
      await page.getByRole("button", { name: "标准字号", exact: true }).waitFor();
      ({ scrollWidth, clientWidth } = await horizontalOverflow(page));
      expect(scrollWidth, "large text").toBeLessThanOrEqual(clientWidth);
    },
  );
});
