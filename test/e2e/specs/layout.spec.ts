import { describe, expect, it } from "vitest";
import { createRng } from "../../../src-main/core/random";
import { openApp, screenshotPath } from "../bridge/browser";
import { useDemoApp } from "../bridge/session";
import { WorkspacePage } from "../pages/projects-page";
import { storeFakePredictions } from "../../helpers/project-fixture";

let batchId: number;
const app = useDemoApp("layout", { images: 24, seed: 7 }, async (bridge) => {
  await bridge.host.call("settings", "update", { patch: { annotatorName: "ada" } });
  // Predictions that look like a half-trained model's: the true boxes, shifted a little, with spread-out scores.
  const classes = await bridge.host.call("classes", "list", {});
  const train = await bridge.host.call("images", "list", { split: "train", status: "labeled", limit: 6 });
  const rng = createRng(3);
  const perImage = [];
  for (const img of train.items) {
    const { labels } = await bridge.host.call("images", "get", { imageId: img.id });
    perImage.push({
      imageId: img.id,
      boxes: labels.map((l) => ({
        classIndex: classes.findIndex((c) => c.id === l.classId),
        score: 0.2 + 0.79 * rng.next(),
        x: l.box.x + (rng.next() - 0.5) * 4, y: l.box.y + (rng.next() - 0.5) * 4, w: l.box.w, h: l.box.h,
      })),
    });
  }
  const modelId = storeFakePredictions(bridge.host, classes.map((c) => c.name), perImage);
  const batch = await bridge.host.call("review", "createBatch", {
    name: "round 1",
    modelId,
    source: "selection",
    tasks: train.items.map((img, i) => ({ imageId: img.id, score: 0.9 - i * 0.05, reasons: ["rare class: tag (6% of labels)", "3 boxes at 0.35–0.55"] })),
  });
  batchId = batch.id;
});

describe("the workspace layout", () => {
  it.each([
    [1280, 800],
    [1920, 1080],
  ])("is clean at %i×%i: nothing overflows, the canvas and both side panels are on screen", async (width, height) => {
    const { page, errors } = await openApp(app.browser, app.bridge, { width, height });
    await new WorkspacePage(page).show("Review");
    await page.getByLabel("Batch", { exact: true }).selectOption(String(batchId));
    await page.locator('[data-testid=review-stage][data-image-status="loaded"]').waitFor();
    await page.waitForTimeout(200);
    await page.screenshot({ path: screenshotPath(`layout-review-${width}x${height}`) });
    const overflow = await page.evaluate("({ x: document.documentElement.scrollWidth - innerWidth, y: document.documentElement.scrollHeight - innerHeight })");
    expect(overflow).toEqual({ x: 0, y: 0 });
    for (const region of ["Review queue", "Image", "Task"]) {
      const box = await page.getByRole("complementary", { name: region }).or(page.getByRole("region", { name: region })).first().boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= width + 1 && box.width > 200, region).toBe(true);
    }
    const toolbar = await page.getByRole("toolbar", { name: "Canvas tools" }).boundingBox();
    expect(toolbar!.height).toBeLessThan(80); // at most two rows of tools
    await new WorkspacePage(page).show("Dashboard");
    await page.screenshot({ path: screenshotPath(`layout-dashboard-${width}x${height}`) });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
