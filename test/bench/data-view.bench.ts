import { copyFileSync, linkSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import type { Page } from "playwright-core";
import { openApp } from "../e2e/bridge/browser";
import { loadNote, median, percentile, withBrowserApp, type Bench } from "./bench";
import { generateScaleProject } from "./scale-project";

/**
 * The Data view scrolling a 100,000-image project (1M labels; quick: 10,000 / 100k) in Debian's Chromium against
 * the real services: frame intervals while the grid scrolls 100 px a frame (thumbnails load, boxes are drawn),
 * against the same scroll of a plain element of the same height in the same page. Goal: p95 ≤ 20 ms. The first
 * pass makes each thumbnail (320 px, cached in the project); a second pass over the same rows reads them back.
 * Every image is a hard link to one real 640×480 JPEG, so the browser decodes real pictures.
 */
async function frameIntervals(page: Page, selector: string, frames: number, stepPx: number): Promise<number[]> {
  // a string, not a function: the bench runs through tsx, whose helpers do not exist in the page
  return page.evaluate(`(async () => {
    const el = document.querySelector(${JSON.stringify(selector)});
    const out = [];
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    let last = await frame();
    for (let i = 0; i < ${frames}; i++) {
      el.scrollTop += ${stepPx};
      const now = await frame();
      out.push(now - last);
      last = now;
    }
    return out;
  })()`) as Promise<number[]>;
}

/** Scroll per frame: 6,000 px/s at 60 frames a second, a quick flick through the grid. */
const STEP_PX = 100;
const p95 = (xs: number[]): number => percentile(xs, 0.95);

export const bench: Bench = {
  name: "data-view",
  async run(ctx) {
    await withBrowserApp(ctx, async ({ bridge, browser }) => {
      const n = ctx.quick ? 10_000 : 100_000;
      const p = await generateScaleProject(bridge.host, ctx.tmpDir, n, n * 10, n);
      const one = join(ctx.tmpDir, "one.jpg");
      await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 120, b: 60 }, noise: { type: "gaussian", mean: 100, sigma: 40 } } })
        .jpeg({ quality: 85 })
        .toFile(one);
      mkdirSync(join(ctx.tmpDir, "images", "field"), { recursive: true });
      // a file takes at most 65,000 hard links on ext4: a copy of the picture for every 50,000 images
      const copies = Array.from({ length: Math.ceil(n / 50_000) }, (_, k) => {
        const copy = join(ctx.tmpDir, `one-${k}.jpg`);
        copyFileSync(one, copy);
        return copy;
      });
      for (let i = 1; i <= n; i++) linkSync(copies[Math.floor((i - 1) / 50_000)]!, join(ctx.tmpDir, "images", "field", `${String(i).padStart(7, "0")}.jpg`));
      ctx.log(`${p.images} images, ${p.labels} labels; ${loadNote()}`);

      const { page } = await openApp(browser, bridge, { width: 1600, height: 1000 });
      await page.getByRole("navigation", { name: "Views" }).getByRole("button", { name: "Data", exact: true }).click();
      await page.getByRole("list", { name: "Images" }).locator("svg.thumb-boxes").first().waitFor({ timeout: 30_000 });
      const frames = ctx.quick ? 120 : 300;
      const grid = await frameIntervals(page, "[data-testid=image-grid]", frames, STEP_PX);
      const rendered = await page.getByRole("list", { name: "Images" }).locator("li").count();
      // the same scroll again: thumbnails made on the first pass now come from the project's cache
      await page.evaluate(`document.querySelector("[data-testid=image-grid]").scrollTop = 0`);
      await new Promise((r) => setTimeout(r, 1000));
      const warm = await frameIntervals(page, "[data-testid=image-grid]", frames, STEP_PX);
      // baseline: a plain element as tall as the grid's list, scrolled the same way in the same page
      await page.evaluate(`(() => {
        const list = document.querySelector("[data-testid=image-grid] ul");
        const plain = document.createElement("div");
        plain.id = "plain-scroller";
        plain.style.cssText = "position:fixed;inset:0;overflow:auto;z-index:9999;background:#123";
        plain.innerHTML = '<div style="height:' + list.style.height + '"></div>';
        document.body.appendChild(plain);
      })()`);
      const plain = await frameIntervals(page, "#plain-scroller", frames, STEP_PX);
      const load = loadNote();
      ctx.report({ name: "Data view scroll frame interval, p95", value: p95(grid), unit: "ms", note: `median ${median(grid).toFixed(1)}; ${frames} frames at ${STEP_PX} px, ${rendered} cells in the page; goal ≤ 20; ${load}` });
      ctx.report({ name: "Data view scroll again (thumbnails cached), p95", value: p95(warm), unit: "ms", note: `median ${median(warm).toFixed(1)}` });
      ctx.report({ name: "plain element scroll frame interval, p95 (baseline)", value: p95(plain), unit: "ms", note: `median ${median(plain).toFixed(1)}` });
      ctx.report({ name: "Data view ÷ plain (p95)", value: p95(grid) / p95(plain), unit: "×" });
    });
  },
};
