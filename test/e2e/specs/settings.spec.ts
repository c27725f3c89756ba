import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { launchBrowser, openApp, RENDERER_DIR, screenshotPath } from "../bridge/browser";
import { startBridge, type Bridge } from "../bridge/server";
import { WorkspacePage } from "../pages/projects-page";

let browser: Browser;
let bridge: Bridge;
let page: Page;
let errors: string[];
let tmp: string;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  tmp = mkdtempSync(join(tmpdir(), "loupe-e2e-settings-"));
  bridge = await startBridge({ rendererDir: RENDERER_DIR, appDataDir: join(tmp, "app-data") });
  await bridge.host.call("projects", "create", { parentDir: tmp, name: "settings" });
  ({ page, errors } = await openApp(browser, bridge));
});
afterEach(async () => {
  await page?.context().close();
  await bridge?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("settings", () => {
  it("saves the annotator's name and a shortcut override, and refuses to save a conflicting one", async () => {
    await new WorkspacePage(page).show("Settings");
    await page.getByLabel(/Your name/).fill("Ada Lovelace");
    const drawKeys = page.getByLabel("Keys for Draw box tool");
    await drawKeys.fill("D"); // D already means "next image"
    await expect.poll(() => page.locator(".shortcuts .error").first().textContent()).toContain("conflicts: D");
    expect(await page.getByRole("button", { name: "Save" }).isDisabled()).toBe(true);
    await drawKeys.fill("B");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByText("Saved.").count()).toBe(1);
    await page.screenshot({ path: screenshotPath("settings-1280"), fullPage: true });
    const saved = await bridge.host.call("settings", "get", {});
    expect(saved.annotatorName).toBe("Ada Lovelace");
    expect(saved.keymapOverrides["canvas.toolDraw"]?.keys).toEqual(["B"]);
    expect(errors).toEqual([]);
  });
});
