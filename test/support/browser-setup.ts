import { chromiumExecutable } from "./chromium.js";

/**
 * Global setup of the browser project: finds or unpacks Chromium once, in the main process, before
 * any test file launches it (unpacking takes seconds, and two files must not race to write it).
 */
export default async function setup(): Promise<void> {
  await chromiumExecutable();
}
