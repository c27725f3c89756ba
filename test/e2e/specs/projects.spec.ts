import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { insertImage } from "../../../src-main/store/repos/images-repo";
import { ensureRoot } from "../../../src-main/store/repos/roots-repo";
import { screenshotPath } from "../bridge/browser";
import { useAppSession } from "../bridge/session";
import { ProjectsPage, WorkspacePage } from "../pages/projects-page";

const s = useAppSession("projects");

describe("projects", () => {
  it("creates a project, shows its workspace, and lists it among recent projects after closing", async () => {
    const projects = new ProjectsPage(s.page);
    await projects.createProject("field-survey", join(s.tmp, "projects"), "crop, weed");
    const workspace = new WorkspacePage(s.page);
    await s.page.locator(".project-name").waitFor();
    expect(await workspace.projectName()).toBe("field-survey");
    await expect.poll(() => s.page.getByTestId("image-count").textContent()).toBe("0");
    await s.page.screenshot({ path: screenshotPath("workspace-new-project") });

    // The real services hold it: the folder exists and the database knows its classes.
    const dir = join(s.tmp, "projects", "field-survey.loupe");
    expect(existsSync(join(dir, "project.sqlite"))).toBe(true);
    const current = await s.bridge.host.call("projects", "current", {});
    expect(current?.classes.map((c) => c.name)).toEqual(["crop", "weed"]);

    await workspace.closeProject();
    await expect.poll(() => projects.recentNames()).toEqual(["field-survey"]);
    await s.page.screenshot({ path: screenshotPath("projects-recent") });

    await projects.openRecent("field-survey");
    await s.page.locator(".project-name").waitFor();
    expect(await workspace.projectName()).toBe("field-survey");
    expect(s.errors).toEqual([]);
  });

  it("shows a clear error when the project folder already exists, and creates nothing", async () => {
    mkdirSync(join(s.tmp, "projects", "taken.loupe"), { recursive: true });
    await new ProjectsPage(s.page).createProject("taken", join(s.tmp, "projects"), "");
    await expect.poll(() => s.page.getByRole("alert").textContent()).toContain("a project folder already exists");
    expect(existsSync(join(s.tmp, "projects", "taken.loupe", "project.sqlite"))).toBe(false);
  });

  it("shows the project's images through the media protocol, by id", async () => {
    const info = await s.bridge.host.call("projects", "create", { parentDir: join(s.tmp, "projects"), name: "media", classes: ["a"] });
    const dataDir = join(s.tmp, "images");
    mkdirSync(dataDir);
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toFile(join(dataDir, "red.png"));
    const db = s.bridge.host.sessions.require().db;
    const root = ensureRoot(db, dataDir, 1);
    insertImage(db, { rootId: root.id, relPath: "red.png", sizeBytes: 100, contentHash: "x", width: 64, height: 48, split: "train" }, 1);
    await s.page.reload();
    await new WorkspacePage(s.page).show("Data");
    const img = s.page.getByRole("list", { name: "Images" }).getByRole("img", { name: "red.png" });
    await img.waitFor();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(64);
    // the grid asks for the thumbnail (an image this small is its own); the full image is served by id too
    expect(await img.getAttribute("src")).toBe(`/media/thumb/${info.id}/1`);
    expect(await s.page.evaluate(async (url) => (await fetch(url)).status, `/media/image/${info.id}/1`)).toBe(200);
    await s.page.screenshot({ path: screenshotPath("data-view") });
    expect(s.errors).toEqual([]);
    // A path instead of an id is refused by the same resolver the app uses.
    const res = await s.page.evaluate(async () => [(await fetch("/media/image/../../etc/passwd")).status, (await fetch("/media/thumb/../../etc/passwd")).status]);
    expect(res).toEqual([404, 404]);
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
    const wsUrl = s.bridge.origin.replace("http", "ws") + "/__bridge";
    expect(await tryConnect(`${wsUrl}?token=wrong`, s.bridge.origin)).toBe("refused");
    expect(await tryConnect(`${wsUrl}?token=${s.bridge.token}`, "http://evil.example")).toBe("refused");
    expect(await tryConnect(`${wsUrl}?token=${s.bridge.token}`, s.bridge.origin)).toBe("open");
  });
});
