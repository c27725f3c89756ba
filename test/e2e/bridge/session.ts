import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { launchBrowser, openApp, RENDERER_DIR } from "./browser";
import { startBridge, type Bridge } from "./server";

/** What a spec works with; fresh for every test (the browser is shared by the file). */
export interface AppSession {
  bridge: Bridge;
  page: Page;
  errors: string[];
  /** A temp folder removed after the test; the bridge's app data and default projects folder live in it. */
  tmp: string;
}

/**
 * Registers the hooks every app spec needs: one browser per file; per test a temp folder, the real services behind
 * the test bridge, `prepare` (projects, images…) and then the app's page. Read the session inside tests only.
 */
export function useAppSession(prefix: string, prepare?: (s: { bridge: Bridge; tmp: string }) => Promise<void>): AppSession {
  let browser: Browser;
  const s = {} as AppSession;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    s.tmp = mkdtempSync(join(tmpdir(), `loupe-e2e-${prefix}-`));
    s.bridge = await startBridge({ rendererDir: RENDERER_DIR, appDataDir: join(s.tmp, "app-data"), defaultProjectsDir: join(s.tmp, "projects") });
    await prepare?.({ bridge: s.bridge, tmp: s.tmp });
    ({ page: s.page, errors: s.errors } = await openApp(browser, s.bridge));
  });
  afterEach(async () => {
    await s.page?.context().close();
    await s.bridge?.close();
    rmSync(s.tmp, { recursive: true, force: true });
  });
  return s;
}
