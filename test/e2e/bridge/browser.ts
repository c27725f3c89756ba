import { chromium, type Browser, type Page } from "playwright-core";
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

export const CHROMIUM_PATH = process.env.LOUPE_CHROMIUM ?? "/usr/bin/chromium";
export const REPO_ROOT = resolve(import.meta.dirname, "..", "..", "..");
export const RENDERER_DIR = join(REPO_ROOT, "out", "renderer");
export const E2E_OUTPUT = join(REPO_ROOT, "test-output", "e2e");

/** Debian's Chromium, headless, with the flags this offline machine needs (no background networking). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: apt-get install chromium (scripts/test.sh does it)`);
  if (!existsSync(join(RENDERER_DIR, "index.html"))) throw new Error(`${RENDERER_DIR} is missing: run \`npm run build\` first`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
    ],
  });
}

/** Collects page errors and console errors so every spec can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

export function screenshotPath(name: string): string {
  mkdirSync(E2E_OUTPUT, { recursive: true });
  return join(E2E_OUTPUT, `${name}.png`);
}

/** A fresh browser context with the bridge injected, on the app's page; collects page errors. */
export async function openApp(
  browser: Browser,
  bridge: { initScript: string; url: string },
  viewport = { width: 1280, height: 800 },
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(bridge.initScript);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(bridge.url);
  return { page, errors };
}
