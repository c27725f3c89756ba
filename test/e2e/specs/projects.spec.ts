import { existsSync, mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertImage } from "../../../src-main/store/repos/images-repo";
import { ensureRoot } from "../../../src-main/store/repos/roots-repo";
import { launchBrowser, openApp, RENDERER_DIR, screenshotPath } from "../bridge/browser";
import { startBridge, type Bridge } from "../bridge/server";
import { ProjectsPage, WorkspacePage } from "../pages/projects-page";

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
  tmp = mkdtempSync(join(tmpdir(), "loupe-e2e-"));
  bridge = await startBridge({ rendererDir: RENDERER_DIR, appDataDir: join(tmp, "app-data"), defaultProjectsDir: join(tmp, "projects") });
  ({ page, errors } = await openApp(browser, bridge));
});
afterEach(async () => {
  await page?.context().close();
  await bridge?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("projects", () => {
  it("creates a project, shows its workspace, and lists it among recent projects after closing", async () => {
    const projects = new ProjectsPage(page);
    await projects.createProject("field-survey", join(tmp, "projects"), "crop, weed");
    const workspace = new WorkspacePage(page);
    await page.locator(".project-name").waitFor();
    expect(await workspace.projectName()).toBe("field-survey");
    await expect.poll(() => page.getByTestId("image-count").textContent()).toBe("0");
    await page.screenshot({ path: screenshotPath("workspace-new-project") });

    // The real services hold it: the folder exists and the database knows its classes.
    const dir = join(tmp, "projects", "field-survey.loupe");
    expect(existsSync(join(dir, "project.sqlite"))).toBe(true);
    const current = await bridge.host.call("projects", "current", {});
    expect(current?.classes.map((c) => c.name)).toEqual(["crop", "weed"]);

    await workspace.closeProject();
    await expect.poll(() => projects.recentNames()).toEqual(["field-survey"]);
    await page.screenshot({ path: screenshotPath("projects-recent") });

    await projects.openRecent("field-survey");
    await page.locator(".project-name").waitFor();
    expect(await workspace.projectName()).toBe("field-survey");
    expect(errors).toEqual([]);
  });

  it("shows a clear error when the project folder already exists, and creates nothing", async () => {
    mkdirSync(join(tmp, "projects", "taken.loupe"), { recursive: true });
    await new ProjectsPage(page).createProject("taken", join(tmp, "projects"), "");
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("a project folder already exists");
    expect(existsSync(join(tmp, "projects", "taken.loupe", "project.sqlite"))).toBe(false);
  });

  it("shows the project's images through the media protocol, by id", async () => {
    const info = await bridge.host.call("projects", "create", { parentDir: join(tmp, "projects"), name: "media", classes: ["a"] });
    const dataDir = join(tmp, "images");
    mkdirSync(dataDir);
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toFile(join(dataDir, "red.png"));
    const db = bridge.host.sessions.require().db;
    const root = ensureRoot(db, dataDir, 1);
    insertImage(db, { rootId: root.id, relPath: "red.png", sizeBytes: 100, contentHash: "x", width: 64, height: 48, split: "train" }, 1);
    await page.reload();
    await new WorkspacePage(page).show("Data");
    const img = page.getByRole("list", { name: "Images" }).getByRole("img", { name: "red.png" });
    await img.waitFor();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(64);
    expect(await img.getAttribute("src")).toBe(`/media/image/${info.id}/1`);
    await page.screenshot({ path: screenshotPath("data-view") });
    expect(errors).toEqual([]);
    // A path instead of an id is refused by the same resolver the app uses.
    const res = await page.evaluate(async () => (await fetch("/media/image/../../etc/passwd")).status);
    expect(res).toBe(404);
  });

  it("refuses a bridge connection without the token or from another origin", async () => {
    const { WebSocket } = await import("ws");
    const tryConnect = (url: string, origin: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, { origin });
        ws.on("open", () => (ws.close(), resolve("open")));
        ws.on("error", () => resolve("refused"));
        ws.on("unexpected-response", () => resolve("refused"));
      });
    const wsUrl = bridge.origin.replace("http", "ws") + "/__bridge";
    expect(await tryConnect(`${wsUrl}?token=wrong`, bridge.origin)).toBe("refused");
    expect(await tryConnect(`${wsUrl}?token=${bridge.token}`, "http://evil.example")).toBe("refused");
    expect(await tryConnect(`${wsUrl}?token=${bridge.token}`, bridge.origin)).toBe("open");
  });
});
