import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { chromium, type Browser, type Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../src/demo/seed.js";

/**
 * Headless Chromium for the browser tests and the screenshot script. CHROMIUM_PATH overrides
 * the system binary. The flags keep it quiet and offline: no sandbox (containers, CI), no GPU,
 * no background fetches, no first-run or sync prompts.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface RunningServer {
  baseURL: string;
  close(): Promise<void>;
}

/** Serves the app on a free local port. close() also drops the browser's keep-alive sockets. */
export async function startServer(app: Express): Promise<RunningServer> {
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Logs in through the real form and waits for the page the login redirects to. */
export async function logIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.locator("#f-username").fill(username);
  await page.locator("#f-password").fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== "/login", { timeout: 10_000 }),
    page.getByRole("button", { name: "登录", exact: true }).click(),
  ]);
}

/*
 * Page-side measurements. They are passed to Chromium as source strings: the project's tsconfig
 * has no DOM library, and functions compiled by tsx/Vitest can carry helpers (`__name`) that do
 * not exist in the page.
 */

/** Computed font size in CSS pixels of the first element matching the selector. */
export async function fontSizeOf(page: Page, selector: string): Promise<number> {
  const px = await page.evaluate<string>(
    `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).fontSize`,
  );
  return Number.parseFloat(px);
}

/** Whether the page scrolls sideways (content wider than the viewport). */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate<{ scrollWidth: number; clientWidth: number }>(
    `({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })`,
  );
}
