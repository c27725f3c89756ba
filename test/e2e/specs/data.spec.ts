import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateDemoDataset } from "../../../src-main/datasets/demo/generate";
import { launchBrowser, openApp, RENDERER_DIR, screenshotPath } from "../bridge/browser";
import { startBridge, type Bridge } from "../bridge/server";
import { WorkspacePage } from "../pages/projects-page";

const YOLOV8N = resolve(import.meta.dirname, "../../../../shared/data/models/yolov8n-int8/yolov8n_int8.onnx");

let browser: Browser;
let bridge: Bridge;
let page: Page;
let errors: string[];
let tmp: string;
let demo: string;

beforeAll(async () => {
  browser = await launchBrowser();
  tmp = mkdtempSync(join(tmpdir(), "loupe-e2e-data-"));
  demo = join(tmp, "demo");
  await generateDemoDataset(demo, { images: 16, seed: 3 });
});
afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});
beforeEach(async () => {
  bridge = await startBridge({ rendererDir: RENDERER_DIR, appDataDir: join(tmp, `app-${Date.now()}`) });
  await bridge.host.call("projects", "create", { parentDir: join(tmp, `p-${Date.now()}`), name: "data" });
  ({ page, errors } = await openApp(browser, bridge));
});
afterEach(async () => {
  await page?.context().close();
  await bridge?.close();
});

describe("data in and out", () => {
  it("imports a YOLO dataset from the Data view, shows its report and images, and exports it with a manifest", async () => {
    const ws = new WorkspacePage(page);
    await ws.show("Data");
    await page.locator("input[name=importPath]").fill(demo);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect.poll(() => page.getByLabel("Import report").textContent(), { timeout: 30_000 }).toContain("16 imported");
    await expect.poll(() => page.getByRole("list", { name: "Images" }).getByRole("img").count()).toBe(16);
    await page.screenshot({ path: screenshotPath("data-import") });
    const status = await bridge.host.call("projects", "status", {});
    expect(status.imageCount).toBe(16);

    await ws.show("Export");
    const out = join(tmp, `export-${Date.now()}`);
    await page.locator("input[name=outDir]").fill(out);
    await page.getByRole("form", { name: "Export" }).getByRole("button", { name: "Export", exact: true }).click();
    await expect.poll(() => page.getByText("written with manifest.json").count(), { timeout: 30_000 }).toBe(1);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { format: string; files: unknown[] };
    expect(manifest.format).toBe("yolo");
    expect(existsSync(join(out, "data.yaml"))).toBe(true);
    await expect.poll(() => page.getByRole("table", { name: "Past exports" }).locator("tbody tr").count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it.skipIf(!existsSync(YOLOV8N))("adds an Ultralytics model, says its classes differ, and maps one by hand (needs ../shared/data)", async () => {
    await bridge.host.call("classes", "create", { name: "animal" });
    await page.reload();
    await new WorkspacePage(page).show("Models");
    await page.locator("input[name=modelPath]").fill(YOLOV8N);
    await page.getByRole("button", { name: "Add", exact: true }).click();
    const model = page.getByRole("region", { name: /Model / });
    await expect.poll(() => model.textContent(), { timeout: 30_000 }).toContain("differ from the project's");
    await model.locator("summary").click();
    await page.getByLabel("Project class for cat").selectOption({ label: "animal" });
    const [m] = await bridge.host.call("models", "list", {});
    await expect
      .poll(async () => (await bridge.host.call("models", "get", { modelId: m!.id })).classMapping.find((c) => c.modelName === "cat")?.className)
      .toBe("animal");
    await page.screenshot({ path: screenshotPath("models-mapping") });
    expect(errors).toEqual([]);
  });
});
