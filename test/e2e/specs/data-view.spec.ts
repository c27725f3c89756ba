import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openApp, screenshotPath } from "../bridge/browser";
import { useDemoApp } from "../bridge/session";
import { WorkspacePage } from "../pages/projects-page";
import { storeFakePredictions } from "../../helpers/project-fixture";

const app = useDemoApp("dataview", { images: 40, seed: 11 }, async (bridge) => {
  // a model that found every labeled box of the train images: score 0.9 on even images, 0.4 on odd ones
  const classes = await bridge.host.call("classes", "list", {});
  const train = await bridge.host.call("images", "list", { split: "train", status: "labeled", limit: 8 });
  const perImage = [];
  for (const [i, img] of train.items.entries()) {
    const { labels } = await bridge.host.call("images", "get", { imageId: img.id });
    perImage.push({ imageId: img.id, boxes: labels.map((l) => ({ classIndex: classes.findIndex((c) => c.id === l.classId), score: i % 2 ? 0.4 : 0.9, x: l.box.x + 3, y: l.box.y + 2, w: l.box.w, h: l.box.h })) });
  }
  storeFakePredictions(bridge.host, classes.map((c) => c.name), perImage);
});

/** Boxes drawn on the grid's thumbnails: each overlay path holds its boxes' count. */
const drawn = (grid: Locator, kind: "label" | "prediction"): Promise<number> =>
  grid.locator(`svg.thumb-boxes path.${kind}-box`).evaluateAll((paths) => paths.reduce((n, p) => n + Number(p.getAttribute("data-count")), 0));

describe("the Data view", () => {
  it("draws boxes on thumbnails, filters by a model's confidence, keeps the filters in view, and opens an image in Review", async () => {
    const { page, errors } = await openApp(app.browser, app.bridge, { width: 1280, height: 800 });
    await new WorkspacePage(page).show("Data");
    const grid = page.getByRole("list", { name: "Images" });
    await expect.poll(() => drawn(grid, "label")).toBeGreaterThan(5);
    const filters = page.getByRole("form", { name: "Filters" });
    await expect.poll(() => filters.textContent()).toContain("40 images");
    // the grid shows small pictures made for it (at most 320 px a side), not the full images
    const shown = grid.getByRole("img").first();
    expect(await shown.getAttribute("src")).toMatch(/^\/media\/thumb\//);
    await expect.poll(() => shown.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await shown.evaluate((el) => Math.max((el as HTMLImageElement).naturalWidth, (el as HTMLImageElement).naturalHeight))).toBeLessThanOrEqual(320);

    await filters.getByLabel("Predictions of").selectOption({ label: "fake" });
    await expect.poll(() => filters.textContent()).toContain("8 images"); // every predicted image has a box ≥ 0.25
    await filters.getByLabel("Min score").fill("0.5");
    await expect.poll(() => filters.textContent()).toContain("4 images");
    await expect.poll(() => drawn(grid, "prediction")).toBeGreaterThan(3);
    await page.screenshot({ path: screenshotPath("data-view-predictions-1280x800") });

    await filters.getByLabel("Predictions of").selectOption({ label: "no model" });
    await filters.getByLabel("Split").selectOption("train");
    await expect.poll(() => drawn(grid, "prediction")).toBe(0);
    // the grid scrolls on its own: the filter bar stays where it was
    const before = await filters.boundingBox();
    await page.getByTestId("image-grid").evaluate((el) => el.scrollBy(0, 2000));
    await page.waitForTimeout(100);
    expect((await filters.boundingBox())?.y).toBe(before?.y);

    const first = grid.getByRole("button").first();
    const name = (await first.getByRole("img").getAttribute("alt")) ?? "";
    await page.getByTestId("image-grid").evaluate((el) => el.scrollTo(0, 0));
    await grid.getByRole("button").first().click();
    await page.locator('[data-testid=review-stage][data-image-status="loaded"]').waitFor();
    const batches = await app.bridge.host.call("review", "batches", {});
    expect(batches[0]?.name).toMatch(/^Data: .+ and \d+ after it$/);
    expect(name).not.toBe("");
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("draws a flicked grid's new cells at once and shows their pictures when the scroll stops", async () => {
    const { page, errors } = await openApp(app.browser, app.bridge, { width: 1280, height: 420 });
    await new WorkspacePage(page).show("Data");
    const grid = page.getByRole("list", { name: "Images" });
    await expect.poll(() => grid.locator("img").count()).toBeGreaterThan(3);
    // 280 px a frame down the grid: 16,800 px/s at 60 frames a second, and a flick as long as a loaded machine
    // draws a frame within 93 ms
    const during = await page.getByTestId("image-grid").evaluate(async (el) => {
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      let pending = 0;
      for (let i = 0; i < 5; i++) {
        el.scrollTop += 280;
        await frame();
        pending = Math.max(pending, el.querySelectorAll(".thumb-pending").length);
      }
      return pending;
    });
    expect(during).toBeGreaterThan(0); // cells that came in mid-flick waited for their pictures
    // stopped: every cell in view gets its picture, none is left waiting
    await expect.poll(() => grid.locator(".thumb-pending").count(), { timeout: 5000 }).toBe(0);
    await expect.poll(() => grid.locator("img").evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth === 0).length), { timeout: 5000 }).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("is clean at 1920×1080", async () => {
    const { page, errors } = await openApp(app.browser, app.bridge, { width: 1920, height: 1080 });
    await new WorkspacePage(page).show("Data");
    await expect.poll(() => page.getByRole("list", { name: "Images" }).getByRole("img").count()).toBeGreaterThan(10);
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshotPath("data-view-1920x1080") });
    const overflow = await page.evaluate("({ x: document.documentElement.scrollWidth - innerWidth, y: document.documentElement.scrollHeight - innerHeight })");
    expect(overflow).toEqual({ x: 0, y: 0 });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
