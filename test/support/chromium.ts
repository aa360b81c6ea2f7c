import sparticuz from "@sparticuz/chromium";
import { chromium, type Browser } from "playwright-core";

/**
 * The Chromium binary: CHROMIUM_PATH when set (a system Chromium, e.g. Debian's package),
 * otherwise the one shipped inside the npm package @sparticuz/chromium, which needs nothing from
 * the system. Its first use unpacks it (about 200 MB) into the temp directory; later uses find it
 * there. Run it once before starting several processes that launch browsers (the browser tests
 * do, in their global setup), so that no process sees a half-written binary.
 */
export async function chromiumExecutable(): Promise<string> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return configured;
  return sparticuz.executablePath();
}

/**
 * Headless Chromium for the browser tests and the screenshot scripts. The flags keep it quiet and
 * offline: no sandbox (containers, CI), no GPU, no background fetches, pings or reliability
 * reports, no first-run or sync prompts. Of @sparticuz/chromium's own serverless flags only these
 * quiet ones and unhinted font rendering (steadier screenshots) are taken: its --single-process
 * and --disable-web-security would make the tests unlike a real browser (one page per process,
 * no CSP or same-origin checks). A test may add its own (the video test: fake camera and microphone).
 */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumExecutable(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-domain-reliability",
      "--no-pings",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
      "--font-render-hinting=none",
      ...extraArgs,
    ],
  });
}
