import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { generateDemoDataset } from "../../../src-main/datasets/demo/generate";
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

/** One app for a whole spec file; each test opens its own page with `openApp(app.browser, app.bridge, viewport)`. */
export interface DemoApp {
  browser: Browser;
  bridge: Bridge;
  tmp: string;
}

/**
 * Registers the hooks of a spec whose tests share one project: one browser, a temp folder and the real services for
 * the file, a project "field-survey" with a generated demo dataset imported, then `prepare` (predictions, batches…).
 */
export function useDemoApp(prefix: string, demo: { images: number; seed: number }, prepare?: (bridge: Bridge) => Promise<void>): DemoApp {
  const app = {} as DemoApp;
  beforeAll(async () => {
    app.browser = await launchBrowser();
    app.tmp = mkdtempSync(join(tmpdir(), `loupe-e2e-${prefix}-`));
    await generateDemoDataset(join(app.tmp, "demo"), demo);
    app.bridge = await startBridge({ rendererDir: RENDERER_DIR, appDataDir: join(app.tmp, "app-data") });
    await app.bridge.host.call("projects", "create", { parentDir: app.tmp, name: "field-survey" });
    const { jobId } = await app.bridge.host.call("datasets", "import", { path: join(app.tmp, "demo") });
    expect((await app.bridge.host.jobs.wait(jobId)).state).toBe("succeeded");
    await prepare?.(app.bridge);
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.bridge?.close();
    rmSync(app.tmp, { recursive: true, force: true });
  });
  return app;
}
